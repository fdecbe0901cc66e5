import { useEffect, useState } from "react";
import { useSocket } from "./socket-provider.tsx";
import { useSocketEvent } from "./hooks.ts";

type Viewers = { userId: string; name: string }[];

/**
 * Who is looking at which conversation, for list rows (avoids two agents answering the same
 * customer). A snapshot on every (re)connect, then `presence:summary` changes.
 */
export function useListPresence(): Map<string, Viewers> {
  const { socket } = useSocket();
  const [viewers, setViewers] = useState<Map<string, Viewers>>(() => new Map());
  useSocketEvent("presence:summary", (e) => {
    setViewers((prev) => {
      const next = new Map(prev);
      if (e.viewers.length) next.set(e.conversationId, e.viewers);
      else next.delete(e.conversationId);
      return next;
    });
  });
  useEffect(() => {
    if (!socket) return;
    const snapshot = () =>
      socket.emit("presence:snapshot", {}, (ack) => {
        if (ack.ok) setViewers(new Map(ack.data.items.map((i) => [i.conversationId, i.viewers])));
      });
    if (socket.connected) snapshot();
    socket.on("connect", snapshot);
    return () => {
      socket.off("connect", snapshot);
    };
  }, [socket]);
  return viewers;
}
