// Every English UI string: the workspace's (en-core.ts) and each page area's. The server holds it all
// (dictionaries.server.ts); a browser gets en-core.ts, and a page's area with the page (app/i18n/pages/).
import { enCore } from "./en-core.ts";
import { enAdmin } from "./en-admin.ts";
import { enAudit } from "./en-audit.ts";
import { enCanned } from "./en-canned.ts";
import { enCustomers } from "./en-customers.ts";
import { enImport } from "./en-import.ts";
import { enOps } from "./en-ops.ts";
import { enReports } from "./en-reports.ts";
import { enSearch } from "./en-search.ts";
import { enTrust } from "./en-trust.ts";
import { enSurvey } from "./en-survey.ts";
import { enInboxTools } from "./en-inbox-tools.ts";
import { enLogin } from "./en-login.ts";

export const en = {
  ...enCore,
  ...enAdmin,
  ...enAudit,
  ...enCanned,
  ...enCustomers,
  ...enImport,
  ...enOps,
  ...enReports,
  ...enSearch,
  ...enTrust,
  ...enSurvey,
  ...enInboxTools,
  ...enLogin,
} as const;

export type MessageKey = keyof typeof en;
