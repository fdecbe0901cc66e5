// Server functions for merging duplicates and managing canned responses (kept apart from
// domain.server.ts so these routes stay self-contained).
export { mergeConversations, mergeInput } from "~/server/domain/merge/merge-conversations.ts";
export { mergeContacts } from "~/server/domain/merge/merge-contacts.ts";
export {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from "~/server/domain/canned/canned-responses.ts";
