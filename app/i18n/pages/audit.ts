import { enAudit } from "../en-audit.ts";
import { providePageStrings } from "../index.ts";
import { jaAudit } from "../ja-audit.ts";

providePageStrings(enAudit, jaAudit);
