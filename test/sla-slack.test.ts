import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fireDueSlaClocks } from "~/server/domain/sla/fire-due-clocks.ts";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createSmsInbox, type SmsInbox } from "./collab-fixtures.ts";

/**
 * SLA alerts reach the department's Slack channel (issue 12: "notifications react to … Slack
 * department channel"): a customer texts an SMS inbox of a department whose agents work in Slack
 * (fake Slack Web API on loopback); the first-response warning and then the breach are posted in
 * the conversation's notification thread there, each once.
 */
const AGENTS = "C0AGENTS1";
let server: TestServer;
let slack: FakeSlack;
let sms: SmsInbox;
const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 20_000, interval: 50 });

beforeAll(async () => {
  slack = await startFakeSlack();
  server = await startTestServer({ ui: false });
  const token = await server.apiToken();
  const department = await createDepartment(server, "Support desk");
  const slackInbox = await server.createInbox(
    "slack",
    "Agents' Slack",
    { signingSecret: "sla-slack-secret", botToken: slack.botToken, apiUrl: slack.apiUrl },
    department,
  );
  const linked = await server.api(
    "PATCH",
    `/api/v1/departments/${department}`,
    { slack: { inboxId: slackInbox, channelId: AGENTS } },
    token,
  );
  expect(linked.status).toBe(200);
  sms = await createSmsInbox(server, department);
  const policy = await server.api(
    "POST",
    "/api/v1/sla-policies",
    { name: "One minute", firstResponseMinutes: 1, warnAtPercent: 50 },
    token,
  );
  expect(policy.status).toBe(201);
});
afterAll(async () => {
  await sms?.twilio.close();
  await server?.stop();
  await slack?.close();
});

describe("SLA alerts in the department's Slack channel", () => {
  it("posts the warning and the breach in the conversation's thread, once each", async () => {
    const { conversationId } = await sms.customerWrites("+819011112222", "至急連絡ください");
    // The conversation's notification thread in the department channel.
    const root = await waitFor(() => {
      const posted = slack.callsTo("chat.postMessage").find((c) => c.params.channel === AGENTS && !c.params.thread_ts);
      expect(posted).toBeDefined();
      return posted!;
    });
    expect(String(root.params.text)).toContain("至急連絡ください");
    const clock = await server.ctx.db.slaClock.findFirstOrThrow({ where: { conversationId, target: "first_response" } });
    const inThread = () =>
      slack
        .callsTo("chat.postMessage")
        .filter((c) => c.params.channel === AGENTS && c.params.thread_ts && /SLA/.test(String(c.params.text)));

    // Past the warning (50% of the minute), then past the due time; each node tick after that adds nothing.
    await fireDueSlaClocks(server.ctx, new Date(clock.warnAt!.getTime() + 1_000));
    await waitFor(() =>
      expect(inThread().map((c) => c.params.text)).toEqual([`:warning: SLA first response due ${clock.dueAt.toISOString()}.`]),
    );
    await fireDueSlaClocks(server.ctx, new Date(clock.dueAt.getTime() + 1_000));
    await waitFor(() => expect(inThread()).toHaveLength(2));
    const breach = inThread()[1]!;
    expect(breach.params.text).toBe(`:rotating_light: SLA first response breached (due ${clock.dueAt.toISOString()}).`);
    const threadTs = inThread()[0]!.params.thread_ts;
    expect(breach.params.thread_ts).toBe(threadTs);
    await fireDueSlaClocks(server.ctx, new Date(clock.dueAt.getTime() + 60_000));
    expect(inThread()).toHaveLength(2);
  });
});
