import { enSurvey } from "../en-survey.ts";
import { providePageStrings } from "../index.ts";
import { jaSurvey } from "../ja-survey.ts";

providePageStrings(enSurvey, jaSurvey);
