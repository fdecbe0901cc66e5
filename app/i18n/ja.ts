import type { MessageKey } from "./en.ts";
import { jaCore } from "./ja-core.ts";
import { jaAdmin } from "./ja-admin.ts";
import { jaAudit } from "./ja-audit.ts";
import { jaCanned } from "./ja-canned.ts";
import { jaCustomers } from "./ja-customers.ts";
import { jaImport } from "./ja-import.ts";
import { jaOps } from "./ja-ops.ts";
import { jaReports } from "./ja-reports.ts";
import { jaSearch } from "./ja-search.ts";
import { jaTrust } from "./ja-trust.ts";
import { jaSurvey } from "./ja-survey.ts";
import { jaInboxTools } from "./ja-inbox-tools.ts";
import { jaLogin } from "./ja-login.ts";

/** Every Japanese UI string, typed against en.ts: a missing key is a type error. */
export const ja: Record<MessageKey, string> = {
  ...jaCore,
  ...jaAdmin,
  ...jaAudit,
  ...jaCanned,
  ...jaCustomers,
  ...jaImport,
  ...jaOps,
  ...jaReports,
  ...jaSearch,
  ...jaTrust,
  ...jaSurvey,
  ...jaInboxTools,
  ...jaLogin,
};
