import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/** Issue 12: an SLA policy whose conditions name a company attribute applies to that company's customers only. */
let server: TestServer;
let token: string;
let inboxId: string;
const run = Date.now().toString(36);

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  token = await server.apiToken();
  inboxId = await server.createInbox("email", "Support", { address: `sla-attr-${run}@example.test` });
});
afterAll(() => server?.stop());

const api = (method: string, path: string, body?: unknown) => server.api(method, `/api/v1${path}`, body, token);

describe("SLA policy by company attribute", () => {
  it("gives Enterprise customers their own targets, and everyone else the next policy", async () => {
    expect((await api("POST", "/attributes", { entity: "company", key: "plan", label: "Plan", type: "text" })).status).toBe(201);
    const acme = await api("POST", "/companies", {
      name: `Acme ${run}`,
      domains: [`acme-${run}.example`],
      attributes: { plan: "Enterprise" },
    });
    expect(acme.status, JSON.stringify(acme.body)).toBe(201);
    const condition = { field: "attribute", of: "company", key: "plan", op: "equals", value: "enterprise" };
    const vip = await api("POST", "/sla-policies", {
      name: `VIP ${run}`,
      position: 0,
      conditions: { attributes: [condition] },
      firstResponseMinutes: 30,
    });
    expect(vip.status, JSON.stringify(vip.body)).toBe(201);
    const standard = await api("POST", "/sla-policies", {
      name: `Standard ${run}`,
      position: 1,
      conditions: {},
      firstResponseMinutes: 480,
    });
    expect(standard.status).toBe(201);
    expect(
      (await api("POST", "/sla-policies", { name: "Bad", conditions: { attributes: [{ ...condition, op: "equals", value: undefined }] } }))
        .status,
    ).toBe(400);

    const write = (address: string, n: number) =>
      ingestInboundMessage(server.ctx, {
        inboxId,
        message: {
          providerMessageId: `<sla-attr-${n}-${run}@example.test>`,
          from: { kind: "email", address },
          subject: `Help ${n}`,
          text: "Help",
        },
      });
    const fromAcme = await write(`ken@acme-${run}.example`, 1);
    const fromElsewhere = await write(`ann@other-${run}.example`, 2);
    const policyOf = async (id: string) => (await api("GET", `/conversations/${id}`)).body.conversation.sla.policyId;
    expect(await policyOf(fromAcme.conversationId)).toBe(vip.body.id);
    expect(await policyOf(fromElsewhere.conversationId)).toBe(standard.body.id);
  });
});
