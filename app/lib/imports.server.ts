// Server functions of the import and duplicates pages (issue 14, docs/decisions/023).
export { getImport, listImports } from "~/server/domain/imports/get-import.ts";
export { listDuplicates } from "~/server/domain/duplicates/list-duplicates.ts";
export { dismissDuplicate } from "~/server/domain/duplicates/dismiss-duplicate.ts";
export { refreshDuplicates } from "~/server/domain/duplicates/refresh-duplicates.ts";
export type { ImportView } from "~/server/domain/imports/serialize-import.ts";
