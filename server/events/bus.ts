import { EventEmitter } from "node:events";
import type { ConversationSummary, DraftChangedEvent, NotificationCreatedEvent, RealtimeMessage } from "~/common/realtime-contract.ts";
import type { HostEvent } from "~/integrations/core/host.ts";

/**
 * In-process domain events, published only after the transaction that caused them committed.
 * Subscribers: the realtime server (fans out through Socket.IO and, with Redis, to every node),
 * channel adapters (HostEvent), notifications. `audience` says who may receive the event.
 */
export interface Audience {
  /** Department of the conversation; with `restricted` only its members (and admins) may see it. */
  departmentId: string | null;
  restricted: boolean;
}

/**
 * Whose access may have changed (docs/decisions/009): users whose role or memberships changed,
 * conversations that moved department, departments whose restriction changed. The realtime server
 * recomputes the rooms of the affected sockets on every node.
 */
export interface AccessScope {
  userIds?: string[];
  conversationIds?: string[];
  departmentIds?: string[];
}

export type DomainEvent =
  | {
      type: "message.created";
      audience: Audience;
      conversationId: string;
      contactId: string;
      message: RealtimeMessage;
      /** The conversation's new list row when the message changed it (see publishMessage). */
      conversation?: ConversationSummary;
      changes?: string[];
      /** An auto-reply (decision 013): SLA timers and automations must ignore it. */
      automated?: boolean;
    }
  | { type: "message.updated"; audience: Audience; conversationId: string; contactId: string; message: RealtimeMessage }
  | { type: "conversation.updated"; audience: Audience; conversation: ConversationSummary; changes: string[] }
  | { type: "contact.typing"; conversationId: string; typing: boolean }
  | { type: "notification.created"; userId: string; notification: NotificationCreatedEvent }
  | { type: "draft.changed"; draft: DraftChangedEvent }
  | { type: "access.changed"; scope: AccessScope }
  /** A token or session was revoked (or all of a user's): caches of who is signed in drop it now. */
  | { type: "access.revoked"; userId?: string; sessionId?: string }
  | { type: "host"; event: HostEvent };

export interface EventBus {
  publish(event: DomainEvent): void;
  subscribe(listener: (event: DomainEvent) => void): () => void;
}

export function createEventBus(onListenerError: (err: unknown) => void): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    publish(event) {
      for (const listener of emitter.listeners("event")) {
        try {
          (listener as (e: DomainEvent) => void)(event);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
    subscribe(listener) {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
  };
}
