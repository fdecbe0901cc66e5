import type { AppContext } from "~/server/context.ts";
import type { OutboundMessage } from "~/integrations/core/types.ts";
import { resolveRecipients } from "./resolve-recipients.ts";
import { signedAttachmentUrl } from "~/server/lib/signed-url.ts";
import { surveyUrl } from "~/server/domain/csat/survey-text.ts";

/** The survey a CSAT message carries (send-survey.ts writes `meta.csat`). */
export function surveyTokenOf(meta: unknown): string | null {
  const csat = (meta as { csat?: { token?: unknown } } | null)?.csat;
  return typeof csat?.token === "string" ? csat.token : null;
}

/** Everything an adapter needs to send one stored outbound message. */
export async function buildOutboundMessage(
  ctx: AppContext,
  messageId: string,
): Promise<{ inboxId: string; queuedAt: Date; message: OutboundMessage }> {
  const m = await ctx.db.message.findUniqueOrThrow({
    where: { id: messageId },
    select: {
      id: true,
      text: true,
      html: true,
      meta: true,
      inboxId: true,
      createdAt: true,
      authorUser: { select: { name: true } },
      attachments: { select: { id: true, filename: true, contentType: true, size: true, sha256: true } },
      conversation: { select: { id: true, number: true, subject: true, threadKey: true, replyToken: true } },
    },
  });
  const [recipients, previous] = await Promise.all([
    resolveRecipients(ctx, m.conversation.id),
    ctx.db.message.findMany({
      where: {
        conversationId: m.conversation.id,
        kind: "message",
        providerMessageId: { not: null },
        createdAt: { lte: m.createdAt },
        id: { not: m.id },
      },
      orderBy: { createdAt: "asc" },
      select: { providerMessageId: true },
    }),
  ]);
  const strip = (r: { kind: OutboundMessage["to"][number]["kind"]; address: string; displayName: string | null }) => ({
    kind: r.kind,
    address: r.address,
    displayName: r.displayName ?? undefined,
  });
  const surveyToken = surveyTokenOf(m.meta);
  const survey = surveyToken ? { token: surveyToken, url: surveyUrl(ctx.env.PUBLIC_URL, surveyToken) } : undefined;
  return {
    inboxId: m.inboxId,
    queuedAt: m.createdAt,
    message: {
      id: m.id,
      text: m.text,
      html: m.html ?? undefined,
      author: { name: m.authorUser?.name ?? "Support" },
      conversation: m.conversation,
      to: recipients.to.map(strip),
      cc: recipients.cc.map(strip),
      previousProviderIds: previous.map((p) => p.providerMessageId!),
      attachments: m.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        read: () => ctx.storage.read(a.sha256),
        publicUrl: signedAttachmentUrl(ctx.secrets, ctx.env.PUBLIC_URL, a.id),
      })),
      ...(survey ? { survey, unsubscribe: { url: `${survey.url}/unsubscribe`, oneClick: true } } : {}),
    },
  };
}
