import { enOps } from "../en-ops.ts";
import { providePageStrings } from "../index.ts";
import { jaOps } from "../ja-ops.ts";

providePageStrings(enOps, jaOps);
