import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";
import type { ConversationSummary } from "~/common/realtime-contract.ts";
import { canTransition } from "~/common/status-machine.ts";
import type { ConversationStatus } from "~/common/vocabulary.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { SNOOZE_PRESETS, snoozePresetTime, type SnoozePreset } from "~/app/lib/snooze-presets.ts";
import "~/app/i18n/pages/inbox-tools.ts";

type BulkResponse =
  | {
      ok: true;
      intent: "bulk";
      action: string;
      results: ({ id: string; ok: true } | { id: string; ok: false; error: { message: string } })[];
    }
  | { ok: false; intent: string; error: string };

interface Props {
  /** The checked rows, in list order (newest activity first: a merge keeps the first). */
  selected: ConversationSummary[];
  /** Where the list's action lives (the inbox view's route). */
  action: string;
  onClear: () => void;
}

const STATUSES: ConversationStatus[] = ["open", "pending", "resolved", "closed"];
/** The "nobody" / "no department" option; the placeholder option is "". */
const NONE = "-";
const orNone = (value: string) => (value === NONE ? "" : value);

/** "3 selected" and the actions that apply to all of them (issue 10); each id is done by the single action's flow. */
export function BulkBar({ selected, action, onClear }: Props) {
  const t = useT();
  const { user, directory } = useWorkspace();
  const fetcher = useFetcher<BulkResponse>();
  const [tag, setTag] = useState("");
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const busy = fetcher.state !== "idle";
  const canEdit = user.role !== "viewer";
  const oneCustomer = selected.every((c) => c.contactId === selected[0]?.contactId);

  const handled = useRef<unknown>(null);
  useEffect(() => {
    const res = fetcher.data;
    if (!res || fetcher.state !== "idle" || handled.current === res) return;
    handled.current = res;
    if (!res.ok) return setMessage({ text: res.error, error: true });
    const failed = res.results.filter((r) => !r.ok);
    const done = t("bulk.done", { count: res.results.length - failed.length });
    const first = failed[0];
    setMessage(
      first && !first.ok
        ? { text: `${done} · ${t("bulk.failed", { count: failed.length, reason: first.error.message })}`, error: true }
        : { text: done, error: false },
    );
  }, [fetcher.data, fetcher.state, t]);

  const submit = (fields: Record<string, string | string[]>) => {
    const form = new FormData();
    form.set("intent", "bulk");
    for (const c of selected) form.append("ids", c.id);
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
    setMessage(null);
    fetcher.submit(form, { method: "post", action });
  };
  const onStatus = (value: string) => {
    if (!value) return;
    if (value.startsWith("snooze:")) {
      const until = snoozePresetTime(value.slice(7) as SnoozePreset).toISOString();
      submit({ action: "status", status: "snoozed", snoozedUntil: until });
    } else submit({ action: "status", status: value });
  };
  const merge = () => {
    const into = selected[0];
    if (!into || !window.confirm(t("bulk.mergeConfirm", { count: selected.length, number: into.number }))) return;
    submit({ action: "merge", intoId: into.id });
  };

  return (
    <section className="bulk-bar" aria-label={t("bulk.actions")} aria-busy={busy || undefined}>
      <div className="bulk-bar-row">
        <strong className="bulk-count" aria-live="polite">
          {t("bulk.selected", { count: selected.length })}
        </strong>
        <button type="button" className="button small ghost" onClick={onClear}>
          {t("bulk.clear")}
        </button>
      </div>
      {canEdit ? (
        <div className="bulk-bar-row bulk-actions">
          <select
            aria-label={t("bulk.assign")}
            value=""
            disabled={busy}
            onChange={(e) => submit({ action: "assign", assigneeId: orNone(e.target.value) })}
          >
            <option value="" disabled>
              {t("bulk.assign")}
            </option>
            <option value={NONE}>{t("bulk.assignNobody")}</option>
            {directory.users
              .filter((u) => u.role !== "viewer")
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
          <select
            aria-label={t("bulk.department")}
            value=""
            disabled={busy}
            onChange={(e) => submit({ action: "department", departmentId: orNone(e.target.value) })}
          >
            <option value="" disabled>
              {t("bulk.department")}
            </option>
            <option value={NONE}>{t("bulk.departmentNone")}</option>
            {directory.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <select aria-label={t("bulk.status")} value="" disabled={busy} onChange={(e) => onStatus(e.target.value)}>
            <option value="" disabled>
              {t("bulk.status")}
            </option>
            {STATUSES.map((s) => (
              <option key={s} value={s} disabled={!selected.some((c) => canTransition(c.status, s))}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
            <optgroup label={t("conversation.snooze")}>
              {SNOOZE_PRESETS.map((p) => (
                <option key={p} value={`snooze:${p}`}>
                  {t(p === "week" ? "conversation.snoozeWeek" : "conversation.snoozeTomorrow")}
                </option>
              ))}
            </optgroup>
          </select>
          <form
            className="bulk-tag"
            onSubmit={(e) => {
              e.preventDefault();
              const tags = tag
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean);
              if (tags.length === 0) return;
              submit({ action: "tag", tags });
              setTag("");
            }}
          >
            <input
              aria-label={t("bulk.tag")}
              placeholder={t("bulk.tagPlaceholder")}
              value={tag}
              maxLength={40}
              onChange={(e) => setTag(e.target.value)}
            />
            <button type="submit" className="button small" disabled={busy || !tag.trim()}>
              {t("bulk.addTag")}
            </button>
          </form>
          <button
            type="button"
            className="button small"
            disabled={busy || selected.length < 2 || !oneCustomer}
            title={oneCustomer ? undefined : t("bulk.mergeOneCustomer")}
            onClick={merge}
          >
            {t("bulk.merge")}
          </button>
        </div>
      ) : null}
      {busy ? <p className="bulk-message">{t("bulk.working")}</p> : null}
      {!busy && message ? (
        <p className={`bulk-message${message.error ? " error" : ""}`} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
