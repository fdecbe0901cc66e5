import type { AppContext } from "~/server/context.ts";
import { englishNotification, type NotificationText } from "~/common/notification-text.ts";

/**
 * A delivery spent its retry window (or the target was refused): the endpoint stops receiving events
 * and every admin gets a notification. Enabling it again (PATCH enabled: true) clears the reason.
 */
export async function disableFailingWebhook(ctx: AppContext, endpointId: string, url: string, reason: string) {
  const { count } = await ctx.db.webhookEndpoint.updateMany({
    where: { id: endpointId, enabled: true },
    data: { enabled: false, disabledAt: new Date(), disabledReason: reason.slice(0, 500) },
  });
  // Another delivery already disabled it: admins were told then.
  if (count === 0) return;
  ctx.log.warn(`webhook ${endpointId} disabled: ${reason}`);
  const admins = await ctx.db.user.findMany({ where: { role: "admin", disabledAt: null }, select: { id: true } });
  if (admins.length === 0) return;
  const text: NotificationText = { message: "webhook-disabled", url: url.slice(0, 200) };
  const rows = await ctx.db.notification.createManyAndReturn({
    data: admins.map((a) => ({ userId: a.id, kind: "webhook_disabled", title: englishNotification(text), meta: text })),
    select: { id: true, userId: true, kind: true, title: true, conversationId: true, createdAt: true },
  });
  for (const n of rows) {
    ctx.bus.publish({
      type: "notification.created",
      userId: n.userId,
      notification: {
        id: n.id,
        kind: n.kind,
        title: n.title,
        text,
        conversationId: n.conversationId,
        createdAt: n.createdAt.toISOString(),
      },
    });
  }
}
