import { enCanned } from "../en-canned.ts";
import { providePageStrings } from "../index.ts";
import { jaCanned } from "../ja-canned.ts";

providePageStrings(enCanned, jaCanned);
