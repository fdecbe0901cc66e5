import type { AppContext } from "~/server/context.ts";
import type { ComposeKind } from "~/common/vocabulary.ts";

/** A draft is stored under the message kind it becomes; the API and the UI speak compose kinds. */
export const toMessageKind = (k: ComposeKind) => (k === "reply" ? "message" : "note") as "message" | "note";
export const toDraftKind = (k: string): ComposeKind => (k === "note" ? "note" : "reply");

/** Teammates learn only that a draft exists or ended (`draft:changed`), never its text. */
export function publishDraftChanged(
  ctx: AppContext,
  d: { conversationId: string; userId: string; name: string; kind: ComposeKind; hasDraft: boolean; updatedAt: Date },
) {
  ctx.bus.publish({ type: "draft.changed", draft: { ...d, updatedAt: d.updatedAt.toISOString() } });
}
