import express from "express";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { startFakeSlack, type FakeSlack } from "~/test/support/fake-slack.ts";
import { createMemoryHost } from "~/integrations/core/testing/memory-host.ts";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { SlackConfig } from "~/integrations/slack/config.ts";
import { slackAdapter } from "~/integrations/slack/index.ts";

export const SIGNING_SECRET = "test-signing-secret-0123456789";

/** The adapter's routes on a real HTTP server (port 0), a memory host and the fake Slack API. */
export async function startHarness() {
  const slack: FakeSlack = await startFakeSlack();
  const inbox: InboxRuntime<SlackConfig> = {
    id: "inbSlack",
    kind: "slack",
    name: "Support",
    enabled: true,
    state: {},
    config: { signingSecret: SIGNING_SECRET, botToken: slack.botToken, apiUrl: slack.apiUrl },
  };
  const mem = createMemoryHost({ inboxes: [inbox as InboxRuntime], publicUrl: "https://sb.example" });
  const app = express();
  app.use(slackAdapter.routes!(mem.host));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...mem,
    inbox: inbox as InboxRuntime,
    slack,
    eventsUrl: `${base}/webhooks/slack/${inbox.id}/events`,
    interactionsUrl: `${base}/webhooks/slack/${inbox.id}/interactions`,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await slack.close();
    },
  };
}

let seq = 0;
/** An event_callback envelope as Slack sends it. */
export function envelope(event: Record<string, unknown>, eventId = `Ev${Date.now()}${++seq}`) {
  return {
    token: "legacy",
    team_id: "THOST",
    api_app_id: "A1",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  };
}
