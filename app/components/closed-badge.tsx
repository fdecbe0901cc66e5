import { useI18n } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";

/** "We're closed" for agents: the hours that apply to the conversation are closed right now. */
export function ClosedBadge({ opening }: { opening: { open: boolean; name: string; nextOpeningAt: string | null } | null }) {
  const { t, locale } = useI18n();
  if (!opening || opening.open) return null;
  return (
    <span className="badge hours-closed" data-hours="closed" title={opening.name} suppressHydrationWarning>
      {opening.nextOpeningAt ? t("hours.closedUntil", { time: fullDateTime(opening.nextOpeningAt, locale) }) : t("hours.closed")}
    </span>
  );
}
