import { enLogin } from "../en-login.ts";
import { providePageStrings } from "../index.ts";
import { jaLogin } from "../ja-login.ts";

providePageStrings(enLogin, jaLogin);
