import { enAdmin } from "../en-admin.ts";
import { providePageStrings } from "../index.ts";
import { jaAdmin } from "../ja-admin.ts";

providePageStrings(enAdmin, jaAdmin);
