import { enImport } from "../en-import.ts";
import { providePageStrings } from "../index.ts";
import { jaImport } from "../ja-import.ts";

providePageStrings(enImport, jaImport);
