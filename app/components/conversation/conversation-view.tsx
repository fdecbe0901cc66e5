import { useMemo, useRef, useState } from "react";
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

function byTime(a: RealtimeMessage, b: RealtimeMessage) {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}

export function ConversationView({ data, standalone = false }: { data: ConversationData; standalone?: boolean }) {
  const { user } = useWorkspace();
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
    return [...byId.values()].sort(byTime);
  }, [data.messages, live]);

  const submitUpdate = (patch: Record<string, string>) => update.submit({ intent: "update", ...patch }, { method: "post" });
  const canEdit = data.canEdit;
  useHotkeys({
    r: () => composer.current?.focus("reply"),
    n: () => composer.current?.focus("note"),
    e: () => {
      if (canEdit && data.conversation.status !== "resolved" && data.conversation.status !== "closed") submitUpdate({ status: "resolved" });
    },
    a: () => {
      if (canEdit && data.conversation.assigneeId !== user.id) submitUpdate({ assigneeId: user.id });
    },
  });

  // One entry per teammate: someone typing (a reply and a note, or in two tabs) is named once, and
  // only as typing, not also as viewing.
  const typing = uniqueByUser(presence?.typing.filter((v) => v.userId !== user.id) ?? []);
  const viewers = uniqueByUser(presence?.viewers.filter((v) => v.userId !== user.id && !typing.some((t) => t.userId === v.userId)) ?? []);
  const updateError = update.data && !(update.data as { ok: boolean }).ok ? (update.data as { error: string }).error : null;

  return (
    <div className={`conversation${standalone ? " standalone" : ""}`}>
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
        />
        <MessageTimeline messages={messages} conversationId={id} canRetry={data.canReply} />
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
          optedOut={
            Boolean(channel?.capabilities.optOut) && data.contact.identities.some((i) => i.kind === channel?.identityKind && i.optedOutAt)
          }
        />
      </section>
      <CustomerPanel contact={data.contact} others={data.otherConversations} participants={data.conversation.participants} />
    </div>
  );
}

function uniqueByUser<T extends { userId: string }>(list: T[]): T[] {
  return [...new Map(list.map((v) => [v.userId, v])).values()];
}
