import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { deleteWebhook, redeliverWebhook, rotateWebhookSecret, sendTestWebhook, updateWebhook } from "~/app/lib/domain.server.ts";

/** The per-endpoint buttons of /admin/webhooks, each one domain call; a rotated secret comes back once. */
export async function webhookAction(ctx: AppContext, user: Actor, intent: string, form: FormData) {
  const id = String(form.get("webhookId") ?? "");
  switch (intent) {
    case "enable":
    case "disable":
      await updateWebhook(ctx, user, id, { enabled: intent === "enable" });
      return { ok: true as const, intent };
    case "rotate":
      return { ok: true as const, intent, secret: (await rotateWebhookSecret(ctx, user, id)).secret };
    case "delete":
      await deleteWebhook(ctx, user, id);
      return { ok: true as const, intent };
    case "test":
      await sendTestWebhook(ctx, user, id);
      return { ok: true as const, intent };
    case "redeliver":
      await redeliverWebhook(ctx, user, id, String(form.get("deliveryId") ?? ""));
      return { ok: true as const, intent };
    default:
      throw new Response("Unknown action", { status: 400 });
  }
}
