import { useEffect, useRef } from "react";

/**
 * Saves the composer's text as a server-side draft shortly after the agent stops typing, so a
 * reload, a crash or another device keeps it. Teammates only learn that a draft exists.
 */
export function useDraftAutosave(conversationId: string, kind: "reply" | "note", text: string, delayMs = 800) {
  const saved = useRef(text);
  useEffect(() => {
    if (text === saved.current) return;
    const timer = setTimeout(() => {
      saved.current = text;
      void fetch(`/api/v1/conversations/${encodeURIComponent(conversationId)}/drafts/${kind}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ text }),
      }).catch(() => {
        // Offline: the text is still in the box; the next keystroke tries again.
        saved.current = "\u0000unsaved";
      });
    }, delayMs);
    return () => clearTimeout(timer);
  }, [conversationId, kind, text, delayMs]);
}
