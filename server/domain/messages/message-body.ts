import { z } from "zod";
import { seenMarkerFields } from "~/server/domain/presence/check-stale-reply.ts";
import { storableText } from "~/server/lib/storable-text.ts";
import { MAX_TEXT_LENGTH } from "./ingest-inbound-message.ts";

/**
 * A reply's or a note's body as the REST API, the composer and Slack send it (the conversation comes
 * from the URL); the flows extend it with the conversation id.
 */
export const messageBody = (what: "reply" | "note") =>
  z.object({
    text: z.string().max(MAX_TEXT_LENGTH, `A ${what} may be at most ${MAX_TEXT_LENGTH} characters`).overwrite(storableText).default(""),
    attachmentIds: z.array(z.string().min(1).max(64)).max(20).optional(),
    ...seenMarkerFields,
  });

export const conversationIdField = { conversationId: z.string().min(1).max(64) };
