// Server functions of the canned responses page.
export {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from "~/server/domain/canned/canned-responses.ts";
