import { enInboxTools } from "../en-inbox-tools.ts";
import { providePageStrings } from "../index.ts";
import { jaInboxTools } from "../ja-inbox-tools.ts";

providePageStrings(enInboxTools, jaInboxTools);
