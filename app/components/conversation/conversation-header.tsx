import { lazy, Suspense } from "react";
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
import { snoozePresetTime } from "~/app/lib/snooze-presets.ts";
import { HandoffButton } from "./handoff-button.tsx";
import { MergeButton } from "./merge-button.tsx";
import { MacroButton } from "./macro-button.tsx";
import { NamedOptions } from "~/app/components/named-options.tsx";
import { SlaCountdown } from "~/app/components/sla-countdown.tsx";
import { ClosedBadge } from "~/app/components/closed-badge.tsx";
import { CsatBadge } from "~/app/components/csat/csat-ratings.tsx";

// The date picker loads when "Snooze until…" is picked.
const SnoozePicker = lazy(() => import("./snooze-picker.tsx").then((m) => ({ default: m.SnoozePicker })));

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
  /** The snooze picker (also opened by the `s` shortcut). */
  snoozeOpen: boolean;
  onSnoozeOpen: (open: boolean) => void;
}

const STATUSES: ConversationStatus[] = ["open", "pending", "resolved", "closed"];

/** Third-party forwards both ways (decision 013): "related to #123" and the forwards opened from this ticket. */
function RelatedLinks({ relatedTo, forwards }: Pick<ConversationData["conversation"], "relatedTo" | "forwards">) {
  const t = useT();
  if (!relatedTo && forwards.length === 0) return null;
  return (
    <span className="related-links">
      {relatedTo ? (
        <span className="related-to">
          {t("mail.relatedTo")}{" "}
          <Link to={`/conversations/${relatedTo.id}`} className="related-link">
            #{relatedTo.number}
          </Link>
        </span>
      ) : null}
      {forwards.length ? (
        <span className="forwarded-in">
          {t("mail.forwardedIn")}{" "}
          {forwards.map((f) => (
            <Link key={f.id} to={`/conversations/${f.id}`} className="related-link">
              #{f.number}
            </Link>
          ))}
        </span>
      ) : null}
    </span>
  );
}

export function ConversationHeader(props: Props) {
  const { data, userId, pending, error, onUpdate, viewers, typing, contactTyping, standalone } = props;
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
        <CsatBadge ratings={data.csat} />
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
        <RelatedLinks relatedTo={c.relatedTo} forwards={c.forwards} />
      </div>
      <div className="conv-controls">
        <label className="control status-control">
          <select
            aria-label={t("conversation.status")}
            value={c.status}
            disabled={disabled || pending}
            onChange={(e) => {
              const v = e.target.value;
              if (v === "snooze:pick") props.onSnoozeOpen(true);
              else if (v === "snooze:reply") onUpdate({ status: "snoozed", snoozedUntil: "customer-reply" });
              else if (v === "snooze:tomorrow" || v === "snooze:week")
                onUpdate({ status: "snoozed", snoozedUntil: snoozePresetTime(v === "snooze:week" ? "week" : "tomorrow").toISOString() });
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
                <option value="snooze:reply">{t("snooze.untilReply")}</option>
                <option value="snooze:pick">{t("snooze.pick")}</option>
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
          <select
            className="priority-select"
            value={c.priority}
            disabled={disabled || pending}
            onChange={(e) => onUpdate({ priority: e.target.value })}
            title="p"
          >
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
          {data.canEdit && !disabled && data.macros.length ? <MacroButton macros={data.macros} disabled={pending} /> : null}
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
          {data.canEdit && !done ? (
            <button
              type="button"
              className="button small ghost"
              disabled={pending}
              onClick={() => onUpdate({ status: "resolved", sendSurvey: "false" })}
            >
              {t("csat.resolveWithoutSurvey")}
            </button>
          ) : null}
        </span>
      </div>
      {props.snoozeOpen ? (
        <Suspense fallback={null}>
          <SnoozePicker
            open
            onClose={() => props.onSnoozeOpen(false)}
            onPick={(until) => onUpdate({ status: "snoozed", snoozedUntil: until })}
          />
        </Suspense>
      ) : null}
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
