import { useEffect, useState } from "react";
import type { ConversationSla } from "~/common/realtime-contract.ts";
import type { SlaTarget } from "~/common/vocabulary.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import { useI18n } from "~/app/i18n/index.ts";

// One shared clock for every countdown on the page: a single 5-second interval, no requests.
const listeners = new Set<(now: number) => void>();
let timer: ReturnType<typeof setInterval> | null = null;
const TICK_MS = 5_000;

function useNow() {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    listeners.add(setNow);
    timer ??= setInterval(() => {
      for (const l of listeners) l(Date.now());
    }, TICK_MS);
    return () => {
      listeners.delete(setNow);
      if (listeners.size === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    };
  }, []);
  return now;
}

export type SlaState = "ok" | "warning" | "breached" | "paused";

/** The running target due first, and how it stands at `now`. */
export function slaStanding(sla: ConversationSla, now: number): { target: SlaTarget; dueAt: string; state: SlaState } | null {
  const running = (
    [
      ["first_response", sla.firstResponseDueAt, sla.firstResponseWarnAt],
      ["next_response", sla.nextResponseDueAt, sla.nextResponseWarnAt],
      ["resolution", sla.resolutionDueAt, sla.resolutionWarnAt],
    ] as const
  )
    .filter(([, due]) => due)
    .sort((a, b) => new Date(a[1]!).getTime() - new Date(b[1]!).getTime());
  const first = running[0];
  if (!first) return null;
  const [target, dueAt, warnAt] = first;
  const state: SlaState = sla.pausedAt
    ? "paused"
    : new Date(dueAt!).getTime() <= now
      ? "breached"
      : warnAt && new Date(warnAt).getTime() <= now
        ? "warning"
        : "ok";
  return { target, dueAt: dueAt!, state };
}

function span(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** Green, then amber at the policy's warning threshold, then red once breached; grey while paused. */
export function SlaCountdown({ sla }: { sla: ConversationSla | null }) {
  const t = useT();
  const { locale } = useI18n();
  const now = useNow();
  if (!sla) return null;
  const standing = slaStanding(sla, now);
  if (!standing) return null;
  const target = t(`sla.target.${standing.target}` as MessageKey);
  const left = new Date(standing.dueAt).getTime() - now;
  const text =
    standing.state === "paused"
      ? t("sla.paused")
      : left <= 0
        ? t("sla.overdue", { target, time: span(left) })
        : t("sla.dueIn", { target, time: span(left) });
  return (
    <span
      className={`badge sla sla-${standing.state}`}
      data-sla-state={standing.state}
      title={fullDateTime(standing.dueAt, locale)}
      suppressHydrationWarning
    >
      {text}
    </span>
  );
}
