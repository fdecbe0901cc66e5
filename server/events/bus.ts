import { EventEmitter } from "node:events";
import type { ConversationSummary, DraftChangedEvent, NotificationCreatedEvent, RealtimeMessage } from "~/common/realtime-contract.ts";
import type { HostEvent } from "~/integrations/core/host.ts";
import type { SlaTarget } from "~/common/vocabulary.ts";
import type { AutomationEvent } from "~/common/automation-vocabulary.ts";

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

/** The rule that made a change, and the chain of rules that led to it (loop protection, docs/decisions/017). */
export interface RuleCause {
  rule: { id: string; name: string };
  /** Ids of every rule in the chain, this one last. */
  chain: string[];
}

/** Something automation rules react to (issue 12), published after commit by the flow that did it. */
export interface AutomationTrigger {
  event: AutomationEvent;
  conversationId: string;
  messageId?: string;
  changes?: string[];
  /** Set when a rule caused it. */
  cause?: RuleCause;
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
  /** A held reply undone in its window (decision 027): it is gone, never sent. */
  | { type: "message.removed"; audience: Audience; conversationId: string; contactId: string; messageId: string }
  | { type: "conversation.updated"; audience: Audience; conversation: ConversationSummary; changes: string[] }
  | { type: "contact.typing"; conversationId: string; typing: boolean }
  | { type: "notification.created"; userId: string; notification: NotificationCreatedEvent }
  | { type: "draft.changed"; draft: DraftChangedEvent }
  | { type: "access.changed"; scope: AccessScope }
  /**
   * A token or session was revoked (or all of a user's): caches of who is signed in drop it now.
   * `remote`: heard from another node (the realtime server forwards local ones over Redis).
   */
  | { type: "access.revoked"; userId?: string; sessionId?: string; remote?: boolean }
  | { type: "host"; event: HostEvent }
  /** An SLA target passed its warning threshold or was missed; fired once across all nodes (decision 016). */
  | {
      type: "sla.warning" | "sla.breached";
      audience: Audience;
      conversationId: string;
      target: SlaTarget;
      policyId: string | null;
      dueAt: string;
    }
  | { type: "automation.trigger"; trigger: AutomationTrigger }
  /** A contact was created or its own data changed (outgoing webhooks). */
  | { type: "contact.changed"; change: "created" | "updated"; contact: { id: string; name: string } }
  /** A customer answered (or changed their answer to) a satisfaction survey (decision 020). */
  | {
      type: "csat.received";
      surveyId: string;
      conversationId: string;
      contactId: string;
      rating: number;
      comment: string | null;
      respondedAt: string;
    };

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
