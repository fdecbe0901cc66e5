import { useEffect, useRef } from "react";
import { useRevalidator } from "react-router";
import type { ConversationUpdatedEvent, ServerToClientEvents } from "~/common/realtime-contract.ts";
import { useSocket } from "./socket-provider.tsx";

type EventName = keyof ServerToClientEvents;

/** Subscribes to a server event for the component's lifetime; the latest handler is always used. */
export function useSocketEvent<E extends EventName>(event: E, handler: ServerToClientEvents[E]) {
  const { socket } = useSocket();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) => (ref.current as (...a: unknown[]) => void)(...args)) as never;
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}

/**
 * Joins the conversation's room while it is on screen (message and presence events for it), and
 * re-joins after every reconnect because a fresh server-side socket starts with no rooms.
 * Joining also marks the conversation read on the server; `onJoined` runs once that is done.
 */
export function useConversationRoom(conversationId: string | undefined, onJoined?: () => void) {
  const { socket } = useSocket();
  const joinedRef = useRef(onJoined);
  joinedRef.current = onJoined;
  const revalidator = useRevalidator();
  const revalidateRef = useRef(revalidator.revalidate);
  revalidateRef.current = revalidator.revalidate;
  useEffect(() => {
    if (!socket || !conversationId) return;
    const join = () =>
      socket.emit("conversation:join", { conversationId }, (ack) => {
        if (ack.ok) joinedRef.current?.();
        // Refused: no longer visible (moved into a restricted department while it was opening, before
        // this socket was in its room, so no access change reached it). Reload what is on screen.
        else void revalidateRef.current();
      });
    if (socket.connected) join();
    socket.on("connect", join);
    return () => {
      socket.off("connect", join);
      if (socket.connected) socket.emit("conversation:leave", { conversationId }, () => {});
    };
  }, [socket, conversationId]);
}

/** Calls `fn` at most once per `ms`, trailing, so a burst of events costs one reload. */
export function useDebounced(fn: () => void, ms: number) {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      fnRef.current();
    }, ms);
  };
}

/**
 * A conversation's list row changed: `conversation:updated`, or a `message:created` that carries the
 * conversation's new row (one frame per new message, issue 18).
 */
export function useConversationChanges(handler: (e: ConversationUpdatedEvent) => void) {
  useSocketEvent("conversation:updated", handler);
  useSocketEvent("message:created", (e) => {
    if (e.conversation) handler({ conversation: e.conversation, changes: e.changes ?? [] });
  });
}
