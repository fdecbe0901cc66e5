import type { NotificationText } from "~/common/notification-text.ts";
import type { Translate } from "~/app/i18n/index.ts";

/** A notification in the agent's language; rows stored before notifications carried `text` keep their English title. */
export function notificationText(n: { title: string; text?: NotificationText | null }, t: Translate): string {
  const x = n.text;
  if (!x) return n.title;
  switch (x.message) {
    case "mention":
      return t("notify.text.mention", { actor: x.actor, conversation: x.conversation });
    case "assigned":
      return t("notify.text.assigned", { actor: x.actor, conversation: x.conversation });
    case "auto-assigned":
      return t("notify.text.autoAssigned", { conversation: x.conversation });
    case "handoff":
      return t("notify.text.handoff", { actor: x.actor, conversation: x.conversation, target: x.target });
    case "reply":
      return x.preview
        ? t("notify.text.replyPreview", { customer: x.customer, conversation: x.conversation, preview: x.preview })
        : t("notify.text.reply", { customer: x.customer, conversation: x.conversation });
    case "sla":
      return t(x.alert === "breached" ? "notify.text.slaBreached" : "notify.text.slaWarning", {
        conversation: x.conversation,
        target: t(`sla.target.${x.target}`),
      });
    case "rule":
      return t("notify.text.rule", { rule: x.rule, conversation: x.conversation });
    case "webhook-disabled":
      return t("notify.text.webhookDisabled", { url: x.url });
    default:
      return n.title;
  }
}
