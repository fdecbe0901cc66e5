import type { RealtimeMessage } from "~/common/realtime-contract.ts";
import type { Locale, MessageKey, Translate } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import { attributeValueText } from "~/common/attribute-change.ts";

const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/** A value key (status.open, priority.high…) when the value is known, the raw value otherwise. */
function valueLabel(t: Translate, prefix: "status" | "priority", value: unknown): string {
  const key = `${prefix}.${str(value)}` as MessageKey;
  const label = t(key);
  return label === key ? str(value) : label;
}

/**
 * A timeline event line in the agent's language, from its structured meta
 * (server/domain/timeline/record-event.ts). Unknown events keep the server's English text.
 */
export function eventText(m: Pick<RealtimeMessage, "text" | "meta">, t: Translate, locale: Locale = "en"): string {
  const rule = ruleName(m.meta);
  const line = eventLine(m, t, rule ? t("automation.rule", { name: rule }) : null, locale);
  // The toast's Undo put it back (issue 10): said so, not passed off as a new decision.
  const text = m.meta.undo === true ? t("event.undone", { line }) : line;
  // Every change a rule made says so (issue 12), also where the line names no actor.
  return rule && !text.includes(rule) ? `${text} ${t("automation.byRule", { name: rule })}` : text;
}

/** The automation rule that wrote a message or made a change (meta.rule), if one did. */
export function ruleName(meta: RealtimeMessage["meta"]): string | null {
  const rule = meta.rule as { name?: unknown } | undefined;
  return rule && typeof rule.name === "string" ? rule.name : null;
}

/** A 1–5 rating as five stars ("★★★★☆"). */
export const stars = (rating: number) => "★".repeat(Math.max(0, Math.min(5, rating))) + "☆".repeat(Math.max(0, 5 - rating));

function eventLine(m: Pick<RealtimeMessage, "text" | "meta">, t: Translate, ruleActor: string | null, locale: Locale): string {
  const meta = m.meta;
  const actor = ruleActor ?? (str(meta.actorName) || t("app.name"));
  switch (meta.event) {
    case "status":
      if (meta.status === "snoozed" && "snoozedUntil" in meta)
        return meta.snoozedUntil
          ? t("event.snoozedUntil", { actor, time: fullDateTime(str(meta.snoozedUntil), locale) })
          : t("event.snoozedUntilReply", { actor });
      return t("event.status", { actor, status: valueLabel(t, "status", meta.status) });
    case "assigned":
      return t("event.assigned", { actor, assignee: str(meta.assigneeName) });
    case "unassigned":
      return t("event.unassigned", { actor });
    case "auto-assigned":
      return t("event.autoAssigned", { assignee: str(meta.assigneeName) });
    case "unassigned-offline":
      return t("event.unassignedOffline", { assignee: str(meta.previousAssigneeName), minutes: str(meta.minutes) });
    case "department":
      return meta.departmentName
        ? t("event.department", { actor, department: str(meta.departmentName) })
        : t("event.departmentRemoved", { actor });
    case "priority":
      return t("event.priority", { actor, priority: valueLabel(t, "priority", meta.priority) });
    case "tags": {
      const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : []);
      const changes = [...list(meta.added).map((x) => `+${x}`), ...list(meta.removed).map((x) => `-${x}`)].join(" ");
      return t("event.tags", { actor, changes });
    }
    case "reopened":
      return t("event.reopened");
    case "snooze-ended":
      return t("event.snoozeEnded");
    case "merged-into":
      return t("event.mergedInto", { actor, number: str(meta.intoNumber) });
    case "merged-from":
      return t("event.mergedFrom", { actor, number: str(meta.sourceNumber) });
    case "contacts-merged":
      return t("event.contactsMerged", { actor, source: str(meta.sourceName), into: str(meta.intoName) });
    case "sla": {
      const target = t(`sla.target.${str(meta.target)}` as MessageKey);
      return t(meta.alert === "breached" ? "event.slaBreached" : "event.slaWarning", { target });
    }
    case "csat-sent":
      return t("event.csatSent", { channel: str(meta.channel) });
    case "attribute":
      return attributeChangeText(t, actor, locale, meta as unknown as AttributeChangeLine);
    case "csat": {
      const rating = Number(meta.rating);
      const vars = { stars: stars(rating), rating: str(meta.rating), comment: str(meta.comment) };
      return t(meta.comment ? "event.csatComment" : "event.csat", vars);
    }
    default:
      return m.text;
  }
}

interface AttributeChangeLine {
  label: string;
  labelJa: string | null;
  from: unknown;
  to: unknown;
}

/** "Maya changed Plan from Free to Pro" / 「Maya が プラン を Free から Pro に変更」 (decision 026). */
export function attributeChangeText(t: Translate, actor: string, lang: string, c: AttributeChangeLine): string {
  const yesNo: [string, string] = [t("attrChange.yes"), t("attrChange.no")];
  const label = (lang === "ja" && c.labelJa) || c.label;
  const from = attributeValueText(c.from, yesNo);
  const to = attributeValueText(c.to, yesNo);
  if (to === null) return t("attrChange.cleared", { actor, label });
  if (from === null) return t("attrChange.set", { actor, label, to });
  return t("attrChange.changed", { actor, label, from, to });
}
