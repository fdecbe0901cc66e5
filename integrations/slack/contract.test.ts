import { deliverSlackEvent, startFakeSlack, type FakeSlack } from "~/test/support/fake-slack.ts";
import type { TestServer } from "~/test/support/server.ts";
import { runChannelContract, type InboundFixture } from "~/integrations/core/contract-test.ts";
import { slackAdapter } from "./index.ts";

const SECRET = "contract-signing-secret";
const CHANNEL = "C0CONTRACT";
let slack: FakeSlack;
let linked: Promise<void> | null = null;
const tsById = new Map<string, string>();

/** Slack ids a provider retry keeps: the same fixture id is the same message ts. */
function tsFor(id: string): string {
  let ts = tsById.get(id);
  if (!ts) {
    ts = `1790000000.${String(tsById.size + 1).padStart(6, "0")}`;
    tsById.set(id, ts);
  }
  return ts;
}

/** The shared channel is linked to a customer company once, the first time something is delivered. */
function linkChannel(server: TestServer, inboxId: string) {
  linked ??= (async () => {
    const company = await server.ctx.db.company.create({ data: { name: "Contract KK" } });
    const res = await server.api(
      "PUT",
      `/api/v1/inboxes/${inboxId}/slack-channels/${CHANNEL}`,
      { companyId: company.id },
      await server.apiToken(),
    );
    if (res.status !== 200) throw new Error(`linking the channel failed: ${res.status}`);
  })();
  return linked;
}

function event(m: InboundFixture) {
  const [team, user] = m.from.trim().split(":");
  const ts = tsFor(m.id);
  const files = m.attachment
    ? [
        {
          id: `F${ts.replace(".", "")}`,
          name: m.attachment.filename,
          mimetype: m.attachment.contentType,
          url_private_download: slack.addFile(`F${ts.replace(".", "")}`, m.attachment.content, m.attachment.contentType),
        },
      ]
    : undefined;
  return {
    type: "event_callback",
    team_id: "THOST",
    api_app_id: "A1",
    event_id: `Ev${m.id}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: "message",
      ...(files ? { subtype: "file_share", files } : {}),
      channel: CHANNEL,
      user,
      user_team: team,
      ts,
      text: m.text,
    },
  };
}

async function deliver(server: TestServer, inboxId: string, m: InboundFixture, signingSecret = SECRET) {
  await linkChannel(server, inboxId);
  const res = await deliverSlackEvent(`${server.url}/webhooks/slack/${inboxId}/events`, signingSecret, event(m));
  return res.status;
}

runChannelContract("Slack", {
  adapter: slackAdapter,
  async config() {
    slack = await startFakeSlack();
    return { signingSecret: SECRET, botToken: slack.botToken, apiUrl: slack.apiUrl };
  },
  deliver: (server, inboxId, m) => deliver(server, inboxId, m),
  forge: (server, inboxId, m) => deliver(server, inboxId, m, "not-the-signing-secret"),
  addressForms: { forms: ["T0CUST001:U0YUKI001", "t0cust001:u0yuki001", " T0CUST001:u0YUKI001 "], normalized: "T0CUST001:U0YUKI001" },
  receiveOutbound: async () => slack.callsTo("chat.postMessage").map((c) => ({ text: c.params.text ?? "", to: c.params.channel })),
  close: () => slack.close(),
});
