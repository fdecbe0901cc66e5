import type { Address, InboundMessage, InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import type { SlackConfig } from "./config.ts";
import type { ParsedSlackEvent } from "./parse-event.ts";
import { getSlackUser } from "./slack-users.ts";
import { slackKey } from "./thread-key.ts";
import { FILES_JOB } from "./files-job.ts";
import { normalizeSlackAddress } from "./address.ts";

type SlackMessage = Extract<ParsedSlackEvent, { kind: "message" }>;
type ChannelLink = { contactId: string | null; companyId: string | null };

/**
 * A customer wrote in a shared channel an admin linked to a contact or company. A top-level
 * message opens a conversation; a reply in its thread continues it. The writer is identified by
 * their Slack id, and by email too when Slack reveals it, so they have one timeline across channels.
 */
export async function ingestCustomerMessage(
  host: HostWith<"inbound">,
  inbox: InboxRuntime<SlackConfig>,
  msg: SlackMessage,
  link: ChannelLink,
): Promise<void> {
  const user = await getSlackUser(inbox.config, msg.user);
  if (user?.isBot) return; // other apps' bot users writing as users
  const raw = `${msg.team}:${msg.user}`;
  const from: Address = { kind: "slack", address: normalizeSlackAddress(raw) ?? raw, displayName: user?.name };
  const fromAliases: Address[] = user?.email ? [{ kind: "email", address: user.email, displayName: user.name }] : [];
  const threading = msg.threadTs
    ? {
        threadKey: slackKey(msg.channel, msg.threadTs),
        conversationId: (await host.inbound.findConversationByProviderId(inbox.id, slackKey(msg.channel, msg.threadTs)))?.conversationId,
      }
    : { threadKey: slackKey(msg.channel, msg.ts), startsThread: true };

  const inbound: InboundMessage = {
    providerMessageId: slackKey(msg.channel, msg.ts),
    from,
    fromAliases,
    owner: { contactId: link.contactId ?? undefined, companyId: link.companyId ?? undefined },
    subject: msg.threadTs ? undefined : subjectFrom(msg.text, msg.files.length),
    text: msg.text,
    threading,
    sentAt: new Date(Number(msg.ts) * 1000),
    meta: { slack: { channel: msg.channel, ts: msg.ts, threadTs: msg.threadTs, team: msg.team, user: msg.user } },
    // Files are fetched after the event is acknowledged (Slack allows 3 s); the core queues the job
    // in the transaction that stores the message, so a redelivery or a crash replay neither loses nor doubles it.
    jobs: msg.files.length > 0 ? [{ type: FILES_JOB, files: msg.files }] : [],
  };
  await host.inbound.ingest(inbox.id, inbound);
}

function subjectFrom(text: string, fileCount: number): string {
  const line = text
    .split("\n")
    .map((l) => l.trim())
    .find(Boolean);
  if (!line) return fileCount > 0 ? "Shared a file" : "Slack message";
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
