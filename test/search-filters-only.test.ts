import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

/**
 * GET /api/v1/search with filters and no query text (issue 13: the reports' tag links): the matching
 * conversations newest first, each with its latest customer message as the snippet and no highlight,
 * paginated, restricted departments hidden from non-members; no text and no filter finds nothing.
 */
let server: TestServer;
let admin: string;
let agent: string;
let inbox: string;
let legalInbox: string;
let seq = 0;
const run = randomBytes(3).toString("hex");
const tag = `billing-${run}`;
const conv: Record<string, string> = {};

async function mail(key: string, text: string, inboxId = inbox, thread?: string) {
  const r = await ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: `<f${run}${++seq}@example.jp>`,
      from: { kind: "email", address: `${key}-${run}@example.jp`, displayName: `Customer ${key}` },
      subject: `Subject ${key}`,
      text,
      ...(thread ? { threading: { references: [thread] } } : {}),
    },
  });
  conv[key] = r.conversationId;
  return r;
}
const tagged = (key: string) => server.ctx.db.conversation.update({ where: { id: conv[key]! }, data: { tags: [tag] } });

type Page = { items: { conversationId: string; snippet: string; highlights: unknown[]; kind: string }[]; nextCursor: string | null };
async function find(query: string, token = agent): Promise<Page> {
  const res = await server.api("GET", `/api/v1/search?${query}`, undefined, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
const keysOf = (page: Page) => page.items.map((i) => Object.entries(conv).find(([, id]) => id === i.conversationId)?.[0]);

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const user = await server.api(
    "POST",
    "/api/v1/users",
    { email: `agent-${run}@test.local`, name: "Agent", role: "agent", password: "agent password 123" },
    admin,
  );
  agent = await server.apiToken(user.body.id);
  inbox = (await server.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: `s-${run}@example.test` } } })).id;
  const legal = await server.api("POST", "/api/v1/departments", { name: `Legal-${run}`, restricted: true }, admin);
  legalInbox = (
    await server.ctx.db.inbox.create({
      data: { kind: "email", name: "Legal", departmentId: legal.body.id, config: { address: `l-${run}@example.test` } },
    })
  ).id;
  const first = await mail("older", "The invoice total is wrong");
  await mail("untagged", "Unrelated question");
  await mail("newer", "Please refund my order");
  await mail("legal", "Contract review", legalInbox);
  // A follow-up of the older conversation makes it the newest; a note after it is not the snippet.
  const provider = await server.ctx.db.message.findUniqueOrThrow({ where: { id: first.messageId } });
  const followUp = await mail("older", "Still waiting for the corrected invoice", inbox, provider.providerMessageId!);
  expect(followUp.conversationId).toBe(first.conversationId);
  const note = await server.api("POST", `/api/v1/conversations/${conv.older}/notes`, { text: "Internal: asked finance" }, admin);
  expect(note.status, JSON.stringify(note.body)).toBe(201);
  for (const key of ["older", "newer", "legal"]) await tagged(key);
});
afterAll(async () => {
  await server?.stop();
});

describe("search with filters only", () => {
  it("lists the conversations with the tag newest first, the latest customer message as the snippet", async () => {
    const page = await find(`q=&tag=${tag}`);
    expect(keysOf(page)).toEqual(["older", "newer"]);
    expect(page.items[0]).toMatchObject({ snippet: "Still waiting for the corrected invoice", highlights: [], kind: "message" });
    expect(page.items[1]).toMatchObject({ snippet: "Please refund my order", highlights: [] });
  });

  it("shows restricted departments' conversations only to those who may see them", async () => {
    expect(keysOf(await find(`tag=${tag}`))).toEqual(["older", "newer"]);
    expect(keysOf(await find(`tag=${tag}`, admin)).sort()).toEqual(["legal", "newer", "older"]);
    expect(JSON.stringify(await find(`tag=${tag}`))).not.toContain("Contract review");
  });

  it("combines filters, including the period", async () => {
    expect(keysOf(await find(`tag=${tag}&from=2000-01-01&to=2001-01-01`))).toEqual([]);
    expect(keysOf(await find(`tag=${tag}&from=2000-01-01`))).toEqual(["older", "newer"]);
    expect(keysOf(await find(`tag=${tag}&status=resolved`))).toEqual([]);
    expect(keysOf(await find(`status=open&channel=email`, admin))).toEqual(["older", "legal", "newer", "untagged"]);
  });

  it("paginates with a cursor", async () => {
    const first = await find(`tag=${tag}&limit=1`);
    expect(keysOf(first)).toEqual(["older"]);
    const second = await find(`tag=${tag}&limit=1&cursor=${first.nextCursor}`);
    expect(keysOf(second)).toEqual(["newer"]);
    expect(second.nextCursor).toBeNull();
  });

  it("finds nothing without query text or filter", async () => {
    expect(await find("q=")).toMatchObject({ items: [], contacts: [], ticket: null, nextCursor: null });
    expect(await find("q=&tag=&status=")).toMatchObject({ items: [], nextCursor: null });
  });
});
