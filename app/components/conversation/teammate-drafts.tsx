import { useEffect, useState } from "react";
import { useT } from "~/app/i18n/index.ts";
import { useSocketEvent } from "~/app/realtime/hooks.ts";

export interface TeammateDraft {
  userId: string;
  name: string;
  kind: "reply" | "note";
  updatedAt: string;
}

const keyOf = (d: { userId: string; kind: string }) => `${d.userId}:${d.kind}`;

/**
 * "Maya has a draft reply": colleagues with unsent text here (never the text itself), so two agents
 * do not answer the same customer. Loaded with the conversation, then kept live by `draft:changed`.
 */
export function TeammateDrafts({ conversationId, userId, initial }: { conversationId: string; userId: string; initial: TeammateDraft[] }) {
  const t = useT();
  const [drafts, setDrafts] = useState(() => new Map(initial.map((d) => [keyOf(d), d])));
  // A reload of the conversation (revalidation) brings the server's current list.
  useEffect(() => setDrafts(new Map(initial.map((d) => [keyOf(d), d]))), [initial]);

  useSocketEvent("draft:changed", (e) => {
    if (e.conversationId !== conversationId || e.userId === userId) return;
    setDrafts((prev) => {
      const next = new Map(prev);
      if (e.hasDraft) next.set(keyOf(e), { userId: e.userId, name: e.name, kind: e.kind, updatedAt: e.updatedAt });
      else next.delete(keyOf(e));
      return next;
    });
  });

  const list = [...drafts.values()]
    .filter((d) => d.userId !== userId)
    .sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
  if (list.length === 0) return null;
  return (
    <ul className="teammate-drafts plain-list muted small" aria-live="polite" style={{ padding: "4px 16px", gap: 2 }}>
      {list.map((d) => (
        <li key={keyOf(d)} data-user-id={d.userId} data-kind={d.kind}>
          {t(d.kind === "reply" ? "drafts.teammateReply" : "drafts.teammateNote", { name: d.name })}
        </li>
      ))}
    </ul>
  );
}
