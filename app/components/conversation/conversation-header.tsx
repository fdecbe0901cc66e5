import { Link } from "react-router";
import type { ConversationStatus } from "~/common/realtime-contract.ts";
import { canTransition } from "~/common/status-machine.ts";
import { PRIORITIES } from "~/common/vocabulary.ts";
import type { ConversationData } from "~/app/lib/conversation.server.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { useAgentStatuses } from "~/app/realtime/use-agent-statuses.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { ChannelLabel } from "~/app/components/channel-icon.tsx";
import { TagEditor } from "./tag-editor.tsx";
import { HandoffButton } from "./handoff-dialog.tsx";
import { MergeButton } from "./merge-dialog.tsx";
import { NamedOptions } from "~/app/components/named-options.tsx";
import { SlaCountdown } from "~/app/components/sla-countdown.tsx";
import { ClosedBadge } from "~/app/components/closed-badge.tsx";

interface Props {
  data: ConversationData;
  userId: string;
  pending: boolean;
  error: string | null;
  onUpdate: (patch: Record<string, string>) => void;
  viewers: string[];
  typing: string[];
  contactTyping: boolean;
  standalone: boolean;
}

const STATUSES: ConversationStatus[] = ["open", "pending", "resolved", "closed"];

/** Snooze presets in the agent's own time zone: tomorrow 9:00, or a week from now. */
function snoozeUntil(preset: string): Date {
  const d = new Date();
  if (preset === "snooze:week") return new Date(d.getTime() + 7 * 24 * 60 * 60 * 1000);
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d;
}

export function ConversationHeader({ data, userId, pending, error, onUpdate, viewers, typing, contactTyping, standalone }: Props) {
  const t = useT();
  const { directory } = useWorkspace();
  const c = data.conversation;
  const disabled = !data.canEdit || c.status === "closed";
  const agents = directory.users.filter((u) => u.role !== "viewer");
  const statusOf = useAgentStatuses();
  const statusOptions = STATUSES.filter((s) => s === c.status || canTransition(c.status, s));
  if (c.status === "snoozed") statusOptions.unshift("snoozed");
  const done = c.status === "resolved" || c.status === "closed";

  return (
    <header className="conv-header">
      <div className="title-row">
        {standalone ? null : (
          <Link className="button ghost small visually-hidden" to=".." relative="path">
            {t("conversation.back")}
          </Link>
        )}
        <h1>{c.subject || t("conversation.noSubject")}</h1>
        <span className="ticket-number">#{c.number}</span>
        {disabled ? <span className={`badge status-${c.status}`}>{t(`status.${c.status}` as MessageKey)}</span> : null}
        <span className="channel-label">
          <Link to={`/contacts/${c.contactId}`} className="contact-link">
            {c.contactName}
          </Link>
          <span className="muted">·</span>
          <ChannelLabel channel={c.channel} />
          <span className="muted">· {c.inbox.name}</span>
        </span>
        <SlaCountdown sla={c.sla} />
        <ClosedBadge opening={data.opening} />
      </div>
      <div className="conv-controls">
        <label className="control status-control">
          <select
            aria-label={t("conversation.status")}
            value={c.status}
            disabled={disabled || pending}
            onChange={(e) => {
              const v = e.target.value;
              if (v.startsWith("snooze:")) onUpdate({ status: "snoozed", snoozedUntil: snoozeUntil(v).toISOString() });
              else onUpdate({ status: v });
            }}
          >
            {statusOptions.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
            {c.status !== "snoozed" && canTransition(c.status, "snoozed") ? (
              <optgroup label={t("conversation.snooze")}>
                <option value="snooze:tomorrow">{t("conversation.snoozeTomorrow")}</option>
                <option value="snooze:week">{t("conversation.snoozeWeek")}</option>
              </optgroup>
            ) : null}
          </select>
        </label>
        <label className="control">
          {t("conversation.assignee")}
          <select value={c.assigneeId ?? ""} disabled={disabled || pending} onChange={(e) => onUpdate({ assigneeId: e.target.value })}>
            <option value="">{t("conversation.nobody")}</option>
            {agents.map((u) => (
              <option key={u.id} value={u.id} data-agent-status={statusOf(u.id)}>
                {statusOf(u.id) === "away" ? `${u.name} (${t("menu.status.away")})` : u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="control">
          {t("conversation.department")}
          <select value={c.departmentId ?? ""} disabled={disabled || pending} onChange={(e) => onUpdate({ departmentId: e.target.value })}>
            <option value="">{t("conversation.noDepartment")}</option>
            <NamedOptions items={directory.departments} />
          </select>
        </label>
        <label className="control">
          {t("conversation.priority")}
          <select value={c.priority} disabled={disabled || pending} onChange={(e) => onUpdate({ priority: e.target.value })}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <TagEditor tags={c.tags} disabled={disabled || pending} onChange={(tags) => onUpdate({ tags: tags.join(",") })} />
        <span className="conv-actions">
          {data.canEdit && c.assigneeId !== userId && !disabled ? (
            <button type="button" className="button small" disabled={pending} onClick={() => onUpdate({ assigneeId: userId })} title="a">
              {t("conversation.assignToMe")}
            </button>
          ) : null}
          {data.canEdit && !disabled ? <HandoffButton departmentId={c.departmentId} disabled={pending} /> : null}
          {data.canEdit && !disabled && !c.mergedIntoId ? (
            <MergeButton
              conversationId={c.id}
              number={c.number}
              others={data.otherConversations}
              standalone={standalone}
              disabled={pending}
            />
          ) : null}
          {data.canEdit && c.status !== "closed" ? (
            <button
              type="button"
              className={`button small${done ? "" : " primary"}`}
              disabled={pending}
              onClick={() => onUpdate({ status: done ? "open" : "resolved" })}
              title={done ? undefined : "e"}
            >
              {done ? t("conversation.reopen") : t("conversation.resolve")}
            </button>
          ) : null}
        </span>
      </div>
      {error ? (
        <div className="alert error" role="alert" style={{ marginTop: 8 }}>
          {error}
        </div>
      ) : null}
      {viewers.length || typing.length || contactTyping ? (
        <div className="presence" aria-live="polite">
          {[
            viewers.length ? t("conversation.viewing", { names: viewers.join(", ") }) : null,
            typing.length ? t("conversation.typing", { names: typing.join(", ") }) : null,
            contactTyping ? t("conversation.customerTyping") : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </div>
      ) : null}
    </header>
  );
}
