import { useEffect, useState } from "react";
import type { RealtimeMessage } from "~/common/realtime-contract.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { cancelHeldReply } from "~/app/components/toast/undo-requests.ts";
import "~/app/i18n/pages/inbox-tools.ts";

/**
 * A reply in its undo window (decision 027): "Sending in 5 s…" with Undo for its author; teammates
 * see the countdown too, so nobody answers the same question meanwhile. The customer sees nothing.
 */
export function HeldReply({ m, conversationId }: { m: RealtimeMessage; conversationId: string }) {
  const { t, locale } = useI18n();
  const { user } = useWorkspace();
  const sendAt = m.sendAt ? new Date(m.sendAt).getTime() : 0;
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((sendAt - now) / 1000));
  const mine = m.author?.type === "user" && m.author.id === user.id;
  return (
    <span className="message-held" data-held-until={m.sendAt ?? ""}>
      <span>{seconds > 60 ? t("undo.heldScheduled", { time: fullDateTime(m.sendAt!, locale) }) : t("undo.held", { seconds })}</span>
      {mine && seconds > 0 ? (
        <button
          type="button"
          className="button ghost small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            cancelHeldReply(conversationId, m.id).then(
              () => setBusy(false),
              (e: Error) => {
                setBusy(false);
                setError(e.message);
              },
            );
          }}
        >
          {t("undo.action")}
        </button>
      ) : null}
      {error ? <span role="alert">{error}</span> : null}
    </span>
  );
}
