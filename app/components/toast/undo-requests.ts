/**
 * What the Undo of a toast (or of a held reply in the timeline) sends: the REST API with the
 * session cookie, as the draft autosave does. Errors throw with the server's message for the toast.
 */
async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(parsed?.error?.message ?? `HTTP ${res.status}`);
  return parsed as T;
}

export const REPLY_RESTORED = "switchboard:reply-restored";
export interface RestoredReply {
  conversationId: string;
  text: string;
  attachments: { id: string; filename: string; size: number }[];
  /** Set by the composer that took the text back. */
  handled?: boolean;
}

/**
 * Cancels a held reply (decision 027) and gives its text and files back to the conversation's
 * composer; when that composer is not on screen (the agent moved on), the text becomes its draft.
 */
export async function cancelHeldReply(conversationId: string, messageId: string) {
  const undone = await api<{ text: string; attachments: RestoredReply["attachments"] }>(
    "POST",
    `/api/v1/messages/${encodeURIComponent(messageId)}/cancel`,
  );
  const detail: RestoredReply = { conversationId, text: undone.text, attachments: undone.attachments };
  window.dispatchEvent(new CustomEvent<RestoredReply>(REPLY_RESTORED, { detail }));
  if (!detail.handled && undone.text) {
    await api("PUT", `/api/v1/conversations/${encodeURIComponent(conversationId)}/drafts/reply`, { text: undone.text });
  }
}

/** The previous status (with its snooze time) or assignee back, marked as an undo on the timeline. */
export function undoConversationChange(
  conversationId: string,
  previous: { status?: string; snoozedUntil?: string | null; assigneeId?: string | null },
) {
  return api("PATCH", `/api/v1/conversations/${encodeURIComponent(conversationId)}`, { ...previous, undo: true });
}
