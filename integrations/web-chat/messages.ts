import type { OutboundMessage } from "~/integrations/core/types.ts";
import type { VisitorMessage } from "~/integrations/core/host.ts";
import { signFileUrl } from "./visitor-token.ts";

/** A message as the widget renders it: no internal fields, files as expiring same-origin links. */
export interface WidgetMessage {
  id: string;
  direction: "inbound" | "outbound";
  text: string;
  createdAt: string;
  authorName: string | null;
  /** The widget's own id for a message it sent (dedups the echo in other tabs). */
  clientId: string | null;
  attachments: { id: string; filename: string; contentType: string; size: number; url: string }[];
  /** A satisfaction survey shown inline (issue 12); answered at POST /survey/<token>/answer. */
  survey: { token: string; rating: number | null } | null;
}

export const providerIdFor = (visitorId: string, clientId: string) => `chat:${visitorId}:${clientId}`;

function clientIdOf(visitorId: string, providerMessageId: string | null) {
  const prefix = `chat:${visitorId}:`;
  return providerMessageId?.startsWith(prefix) ? providerMessageId.slice(prefix.length) : null;
}

export function fromHistory(key: Buffer, inboxId: string, visitorId: string, m: VisitorMessage): WidgetMessage {
  return {
    id: m.id,
    direction: m.direction,
    text: m.text,
    createdAt: m.createdAt,
    authorName: m.authorName,
    clientId: m.direction === "inbound" ? clientIdOf(visitorId, m.providerMessageId) : null,
    attachments: m.attachments.map((a) => ({ ...a, url: signFileUrl(key, inboxId, visitorId, a.id) })),
    survey: m.survey,
  };
}

export function fromOutbound(key: Buffer, inboxId: string, visitorId: string, m: OutboundMessage): WidgetMessage {
  return {
    id: m.id,
    direction: "outbound",
    text: m.text,
    createdAt: new Date().toISOString(),
    authorName: m.author.name,
    clientId: null,
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      url: signFileUrl(key, inboxId, visitorId, a.id),
    })),
    survey: m.survey ? { token: m.survey.token, rating: null } : null,
  };
}
