import type { InboxRuntime, OutboundMessage, SendResult } from "~/integrations/core/types.ts";
import type { HostInfrastructure } from "~/integrations/core/host.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import type { WebChatConfig } from "./config.ts";
import { fromOutbound } from "./messages.ts";
import { visitorNamespace, visitorRoom } from "./socket.ts";
import { isVisitorId, TOKEN_PURPOSE } from "./visitor-token.ts";

/** How long an open widget has to confirm it received a reply before the reply counts as sent only. */
export const ACK_TIMEOUT_MS = 5000;

/**
 * An agent's reply goes to the visitor's room on `/visitor` (with Redis, on whichever node holds the
 * socket). The widget acknowledges it: acknowledged = delivered; nobody online = sent, and the visitor
 * reads it from history next time. The message is stored either way, so nothing is lost.
 */
export async function sendToVisitor(
  inbox: InboxRuntime<WebChatConfig>,
  message: OutboundMessage,
  host: HostInfrastructure,
): Promise<SendResult> {
  const nsp = visitorNamespace(host);
  if (!nsp) throw new RetryableSendError("The web chat is not running on this node yet");
  const visitorId = message.to.find((a) => a.kind === "chat_visitor")?.address ?? message.conversation.threadKey;
  if (!visitorId || !isVisitorId(visitorId))
    throw new PermanentSendError("This conversation has no chat visitor to reply to", "no_visitor");
  const payload = fromOutbound(host.signingKey(TOKEN_PURPOSE), inbox.id, visitorId, message);
  const acks = await new Promise<number>((resolve) => {
    nsp
      .to(visitorRoom(inbox.id, visitorId))
      .timeout(ACK_TIMEOUT_MS)
      .emit("message:created", payload, ((_err: Error | null, responses: unknown[] | null) => resolve(responses?.length ?? 0)) as never);
  });
  return { providerMessageId: `chat-out:${message.id}`, status: acks > 0 ? "delivered" : "sent" };
}
