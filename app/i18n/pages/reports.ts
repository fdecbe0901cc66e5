import { enReports } from "../en-reports.ts";
import { providePageStrings } from "../index.ts";
import { jaReports } from "../ja-reports.ts";

providePageStrings(enReports, jaReports);
