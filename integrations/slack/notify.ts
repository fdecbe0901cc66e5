import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostEvent, HostWith } from "~/integrations/core/host.ts";
import type { SlackConfig } from "./config.ts";
import { departmentChannels } from "./department-channels.ts";
import { ACTION_ASSIGN_ME, ACTION_RESOLVE } from "./interactions.ts";
import { plainToSlackText } from "./mrkdwn.ts";
import { rememberThread, threadOfConversation } from "./notification-threads.ts";
import { findSlackUserByEmail } from "./slack-users.ts";
import { slackClient } from "./web-client.ts";

/**
 * Posts new conversations, assignments and @mentions into the internal Slack channel of the
 * conversation's department. The first post about a conversation carries a link and buttons and
 * becomes its thread; later updates go into that thread so a channel reads one thread per ticket.
 */
export async function notifyDepartments(host: HostWith<"agents" | "links">, event: HostEvent): Promise<void> {
  if (!event.departmentId) return;
  for (const inbox of await host.listInboxes<SlackConfig>("slack")) {
    if (!inbox.enabled) continue;
    const targets = (await departmentChannels(host, inbox.id)).filter((d) => d.departmentId === event.departmentId);
    for (const { channelId } of targets) {
      await oneAtATime(inbox.id, () =>
        post(host, inbox, channelId, event).catch((err: unknown) =>
          host.log.warn(
            `slack inbox ${inbox.id}: notification to ${channelId} failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
        ),
      );
    }
  }
}

/**
 * Posts of one inbox go out one after another on a node: the thread of a conversation is known only
 * once its first post has answered and been remembered, so two events close together (a new
 * conversation and its auto-assignment, an SLA warning) would otherwise both open a thread, and two
 * conversations remembered at once would each save the inbox's thread map without the other.
 */
const queues = new Map<string, Promise<void>>();
function oneAtATime(key: string, fn: () => Promise<void>): Promise<void> {
  const run = (queues.get(key) ?? Promise.resolve()).then(fn);
  queues.set(key, run);
  return run.finally(() => {
    if (queues.get(key) === run) queues.delete(key);
  });
}

async function post(host: HostWith<"agents">, inbox: InboxRuntime<SlackConfig>, channel: string, event: HostEvent): Promise<void> {
  const existing = await threadOfConversation(host, inbox.id, channel, event.conversationId);
  const line = await summary(inbox, event);
  const client = slackClient(inbox.config);
  if (existing) {
    await client.chat.postMessage({ channel, thread_ts: existing, text: line });
    return;
  }
  const url = host.agents.conversationUrl(event.conversationId);
  const title = `#${event.number} ${event.subject || "(no subject)"}`;
  const res = await client.chat.postMessage({
    channel,
    text: `${line} ${url}`,
    unfurl_links: false,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*<${url}|${plainToSlackText(title)}>*\n${line}` } },
      {
        type: "actions",
        elements: [
          { type: "button", action_id: ACTION_ASSIGN_ME, text: { type: "plain_text", text: "Assign to me" }, value: event.conversationId },
          {
            type: "button",
            action_id: ACTION_RESOLVE,
            text: { type: "plain_text", text: "Resolve" },
            value: event.conversationId,
            style: "primary",
          },
        ],
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: "Reply in thread to add an internal note; start with `!reply` to answer the customer." }],
      },
    ],
  });
  if (res.ts) await rememberThread(host, inbox.id, channel, res.ts, event.conversationId);
}

/** `<@U…>` pings the agent in Slack when their Switchboard email is a member of this workspace. */
async function mention(inbox: InboxRuntime<SlackConfig>, user: { name: string; email: string }): Promise<string> {
  const id = await findSlackUserByEmail(inbox.config, user.email);
  return id ? `<@${id}>` : plainToSlackText(user.name);
}

async function summary(inbox: InboxRuntime<SlackConfig>, event: HostEvent): Promise<string> {
  const excerpt = (text: string) => plainToSlackText(text.length > 300 ? `${text.slice(0, 299)}…` : text);
  switch (event.type) {
    case "conversation.created":
      return `New conversation from ${plainToSlackText(event.contactName)} via ${event.channel}:\n>${excerpt(event.text).replace(/\n/g, "\n>")}`;
    case "conversation.assigned":
      return event.assignee ? `Assigned to ${await mention(inbox, event.assignee)}.` : "Unassigned.";
    case "sla.alert": {
      const target = { first_response: "first response", next_response: "next response", resolution: "resolution" }[event.target];
      return event.alert === "breached"
        ? `:rotating_light: SLA ${target} breached (due ${event.dueAt}).`
        : `:warning: SLA ${target} due ${event.dueAt}.`;
    }
    case "note.mentioned":
      return `${plainToSlackText(event.authorName)} mentioned ${(await Promise.all(event.mentionedUsers.map((u) => mention(inbox, u)))).join(", ")}:\n>${excerpt(event.text).replace(/\n/g, "\n>")}`;
  }
}
