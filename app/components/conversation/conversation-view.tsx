import { useEffect, useMemo, useRef, useState } from "react";
import { useFetcher, useRevalidator } from "react-router";
import type { PresenceChangedEvent, RealtimeMessage } from "~/common/realtime-contract.ts";
import type { ConversationData } from "~/app/lib/conversation.server.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { useChannel } from "~/app/lib/channels.tsx";
import { useHotkeys } from "~/app/hooks/use-hotkeys.ts";
import { useConversationChanges, useConversationRoom, useDebounced, useSocketEvent } from "~/app/realtime/hooks.ts";
import { useSocket } from "~/app/realtime/socket-provider.tsx";
import { useNavCounts } from "~/app/realtime/use-nav-counts.ts";
import { ConversationHeader } from "./conversation-header.tsx";
import { MessageTimeline } from "./message-timeline.tsx";
import { Composer, type ComposerHandle } from "./composer.tsx";
import { CustomerPanel } from "./customer-panel.tsx";
import { TeammateDrafts } from "./teammate-drafts.tsx";
import { useI18n, type MessageKey } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import { useToast } from "~/app/components/toast/toast-provider.tsx";
import { undoConversationChange } from "~/app/components/toast/undo-requests.ts";

function byTime(a: RealtimeMessage, b: RealtimeMessage) {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}

export function ConversationView({ data, standalone = false }: { data: ConversationData; standalone?: boolean }) {
  const { user, directory } = useWorkspace();
  const id = data.conversation.id;
  const composer = useRef<ComposerHandle>(null);
  const channel = useChannel(data.conversation.channel);
  const update = useFetcher();
  const [live, setLive] = useState<Map<string, RealtimeMessage>>(() => new Map());
  const [presence, setPresence] = useState<PresenceChangedEvent | null>(null);

  const { socket } = useSocket();
  const counts = useNavCounts();
  useConversationRoom(id, counts.refresh);
  const upsert = (e: { conversationId: string; message: RealtimeMessage }) => {
    if (e.conversationId === id) setLive((prev) => new Map(prev).set(e.message.id, e.message));
  };
  // The agent is looking at it: a customer message arriving now is read already.
  const markRead = useDebounced(() => socket?.emit("conversation:read", { conversationId: id }, (ack) => ack.ok && counts.refresh()), 500);
  useSocketEvent("message:created", (e) => {
    upsert(e);
    if (e.conversationId === id && e.message.direction === "inbound" && e.message.kind === "message") markRead();
  });
  useSocketEvent("message:updated", upsert);
  // A held reply undone in its window is gone (decision 027).
  const [removed, setRemoved] = useState<Set<string>>(() => new Set());
  useSocketEvent("message:removed", (e) => {
    if (e.conversationId === id) setRemoved((prev) => new Set(prev).add(e.messageId));
  });
  // Someone else changed status, assignee, tags…: reload this conversation's header and panel.
  const revalidator = useRevalidator();
  const reload = useDebounced(() => {
    if (revalidator.state === "idle") void revalidator.revalidate();
  }, 400);
  useConversationChanges((e) => {
    if (e.conversation.id === id && e.changes.some((c) => c !== "lastActivityAt")) reload();
  });
  useSocketEvent("presence:changed", (e) => {
    if (e.conversationId === id) setPresence(e);
  });

  // Socket copies win only when the loader has not caught up yet (delivery status moves forward).
  const messages = useMemo(() => {
    const byId = new Map(data.messages.map((m) => [m.id, m]));
    for (const [mid, m] of live) byId.set(mid, m);
    for (const mid of removed) byId.delete(mid);
    return [...byId.values()].sort(byTime);
  }, [data.messages, live, removed]);

  const { t, locale } = useI18n();
  const toast = useToast();
  const c = data.conversation;
  // Resolve, snooze and assign show "… · Undo" once the server took them (issue 10); the Undo puts
  // back exactly what was there before: the status with its snooze time, or the previous assignee.
  const undoable = useRef<{ message: string; previous: Parameters<typeof undoConversationChange>[1] } | null>(null);
  const submitUpdate = (patch: Record<string, string>) => {
    undoable.current = undoFor(patch);
    update.submit({ intent: "update", ...patch }, { method: "post" });
  };
  const undoFor = (patch: Record<string, string>) => {
    if (patch.status && patch.status !== c.status) {
      const message =
        patch.status === "resolved"
          ? t("undo.resolved")
          : patch.status === "snoozed"
            ? patch.snoozedUntil === "customer-reply"
              ? t("undo.snoozedUntilReply")
              : t("undo.snoozed", { time: fullDateTime(patch.snoozedUntil ?? "", locale) })
            : patch.status === "open"
              ? t("undo.reopened")
              : t("undo.statusChanged", { status: t(`status.${patch.status}` as MessageKey) });
      return { message, previous: { status: c.status, ...(c.status === "snoozed" ? { snoozedUntil: c.snoozedUntil } : {}) } };
    }
    if (patch.assigneeId !== undefined && (patch.assigneeId || null) !== c.assigneeId) {
      const name = directory.users.find((u) => u.id === patch.assigneeId)?.name;
      return { message: name ? t("undo.assigned", { name }) : t("undo.unassigned"), previous: { assigneeId: c.assigneeId } };
    }
    return null;
  };
  useEffect(() => {
    const done = undoable.current;
    if (update.state !== "idle" || !done) return;
    undoable.current = null;
    if (!(update.data as { ok?: boolean } | undefined)?.ok) return;
    toast({
      message: done.message,
      // The change comes back over the socket (conversation:updated), which reloads the header.
      undo: async () => {
        await undoConversationChange(id, done.previous);
      },
    });
  }, [update.state, update.data, toast, id]);

  const canEdit = data.canEdit;
  const root = useRef<HTMLDivElement>(null);
  const [snoozeOpen, setSnoozeOpen] = useState(false);
  const editable = canEdit && c.status !== "closed";
  useHotkeys({
    r: () => composer.current?.focus("reply"),
    n: () => composer.current?.focus("note"),
    e: () => {
      if (canEdit && data.conversation.status !== "resolved" && data.conversation.status !== "closed") submitUpdate({ status: "resolved" });
    },
    a: () => {
      if (canEdit && data.conversation.assigneeId !== user.id) submitUpdate({ assigneeId: user.id });
    },
    s: () => {
      if (editable) setSnoozeOpen(true);
    },
    t: () => root.current?.querySelector<HTMLInputElement>(".conv-header .tag-input")?.focus(),
    p: () => root.current?.querySelector<HTMLSelectElement>(".conv-header .priority-select")?.focus(),
    u: () => nextUnread(id),
  });

  // One entry per teammate: someone typing (a reply and a note, or in two tabs) is named once, and
  // only as typing, not also as viewing.
  const typing = uniqueByUser(presence?.typing.filter((v) => v.userId !== user.id) ?? []);
  const viewers = uniqueByUser(presence?.viewers.filter((v) => v.userId !== user.id && !typing.some((t) => t.userId === v.userId)) ?? []);
  const updateError = update.data && !(update.data as { ok: boolean }).ok ? (update.data as { error: string }).error : null;

  return (
    <div className={`conversation${standalone ? " standalone" : ""}`} ref={root}>
      <section className="conv-main" aria-label={`#${data.conversation.number}`}>
        <ConversationHeader
          data={data}
          userId={user.id}
          pending={update.state !== "idle"}
          error={updateError}
          onUpdate={submitUpdate}
          viewers={viewers.map((v) => v.name)}
          typing={typing.map((v) => v.name)}
          contactTyping={presence?.contactTyping ?? false}
          standalone={standalone}
          snoozeOpen={snoozeOpen}
          onSnoozeOpen={setSnoozeOpen}
        />
        <MessageTimeline messages={messages} conversationId={id} canRetry={data.canReply} hasLater={data.hasLaterMessages} />
        <TeammateDrafts conversationId={id} userId={user.id} initial={data.teammateDrafts} />
        <Composer
          ref={composer}
          key={id}
          conversationId={id}
          channel={data.conversation.channel}
          contactName={data.contact.name}
          canReply={data.canReply}
          drafts={data.drafts}
          latestMessageId={messages.at(-1)?.id}
          outbound={data.conversation.inbox.outbound}
          recipientWarnings={data.contact.identities
            .filter((i) => i.kind === channel?.identityKind && (i.undeliverableAt || i.complainedAt))
            .map((i) => ({
              address: i.address,
              undeliverable: Boolean(i.undeliverableAt),
              undeliverableReason: i.undeliverableReason,
              complained: Boolean(i.complainedAt),
            }))}
          optedOut={
            Boolean(channel?.capabilities.optOut) && data.contact.identities.some((i) => i.kind === channel?.identityKind && i.optedOutAt)
          }
        />
      </section>
      <CustomerPanel contact={data.contact} others={data.otherConversations} participants={data.conversation.participants} />
    </div>
  );
}

/**
 * The next unread conversation in the list beside this one (after the open one, wrapping around);
 * the list marks unread rows, so this works in any view and filter the list shows.
 */
function nextUnread(currentId: string) {
  const rows = [...document.querySelectorAll<HTMLAnchorElement>("a.conv-item[data-conversation-id]")];
  const at = rows.findIndex((r) => r.dataset.conversationId === currentId);
  const ordered = [...rows.slice(at + 1), ...rows.slice(0, Math.max(at, 0))];
  ordered.find((r) => r.classList.contains("unread"))?.click();
}

function uniqueByUser<T extends { userId: string }>(list: T[]): T[] {
  return [...new Map(list.map((v) => [v.userId, v])).values()];
}
