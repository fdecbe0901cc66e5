// Server functions of the Customers page (issue 14): the filtered list, segments and the CSV export.
export { listCustomers } from "~/server/domain/customers/list-customers.ts";
export { exportCustomersCsv } from "~/server/domain/customers/export-customers.ts";
export { listSegments } from "~/server/domain/segments/list-segments.ts";
export { createSegment } from "~/server/domain/segments/create-segment.ts";
export { deleteSegment } from "~/server/domain/segments/delete-segment.ts";
export { listAttributes } from "~/server/domain/attributes/attribute-definitions.ts";
