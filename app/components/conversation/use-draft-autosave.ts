import { useEffect, useRef } from "react";

/**
 * Saves the composer's text as a server-side draft shortly after the agent stops typing, so a
 * reload, a crash or another device keeps it. Teammates only learn that a draft exists. A save
 * that fails because the network is down is made again as soon as it is back.
 */
export function useDraftAutosave(conversationId: string, kind: "reply" | "note", text: string, delayMs = 800) {
  const saved = useRef(text);
  useEffect(() => {
    if (text === saved.current) return;
    let retry: (() => void) | null = null;
    const save = () => {
      saved.current = text;
      void fetch(`/api/v1/conversations/${encodeURIComponent(conversationId)}/drafts/${kind}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ text }),
      }).catch(() => {
        // Offline: the text is still in the box; it is saved when the network returns (or on the next keystroke).
        saved.current = "\u0000unsaved";
        retry = save;
        window.addEventListener("online", save, { once: true });
      });
    };
    const timer = setTimeout(save, delayMs);
    return () => {
      clearTimeout(timer);
      if (retry) window.removeEventListener("online", retry);
    };
  }, [conversationId, kind, text, delayMs]);
}
