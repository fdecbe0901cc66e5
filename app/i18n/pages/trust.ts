import { enTrust } from "../en-trust.ts";
import { providePageStrings } from "../index.ts";
import { jaTrust } from "../ja-trust.ts";

providePageStrings(enTrust, jaTrust);
