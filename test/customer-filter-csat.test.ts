import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, createSmsInbox, type Person, type SmsInbox } from "./collab-fixtures.ts";

/**
 * The `csat` field of the customer filter language (issue 14, docs/decisions/022-filter-language.md):
 * the average answered rating of the customer's visible conversations, rated through the public
 * survey page; customers without a rating match only "is empty", and a restricted department's
 * ratings do not count for readers outside it.
 */
let server: TestServer;
let admin: string;
let maya: Person; // Support agent, not in Legal
let legal: SmsInbox;
let support: SmsInbox;
const names: Record<string, string> = {};

/** A customer texts `inbox`, the conversation is resolved and the customer answers its survey (if rated). */
async function conversation(inbox: SmsInbox, phone: string, rating: number | null) {
  const { conversationId } = await inbox.customerWrites(phone, "Where is my parcel?");
  const resolved = await server.api("PATCH", `/api/v1/conversations/${conversationId}`, { status: "resolved" }, admin);
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  const survey = await server.ctx.db.csatSurvey.findFirstOrThrow({ where: { conversationId } });
  if (rating !== null) {
    const answered = await fetch(`${server.url}/survey/${survey.token}`, {
      method: "POST",
      body: new URLSearchParams({ rating: String(rating) }),
      redirect: "manual",
      headers: { origin: server.url },
    });
    expect(answered.status).toBe(200);
  }
  const { contactId } = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
  return contactId;
}

async function matching(op: string, value: number | undefined, token = admin) {
  const filter = { all: [{ field: "csat", op, ...(value === undefined ? {} : { value }) }] };
  const res = await server.api(
    "GET",
    `/api/v1/customers?${new URLSearchParams({ filter: JSON.stringify(filter), limit: "200" })}`,
    undefined,
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.items as { id: string }[]).flatMap((c) => (names[c.id] ? [names[c.id]] : [])).sort();
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.apiToken();
  const legalId = await createDepartment(server, "Legal", { restricted: true });
  const supportId = await createDepartment(server, "Support");
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  legal = await createSmsInbox(server, legalId);
  support = await createSmsInbox(server, supportId);
  for (const inbox of [legal, support]) {
    const res = await server.api("PATCH", `/api/v1/inboxes/${inbox.id}`, { csat: { enabled: true } }, admin);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  // Happy: 5 in Support and 1 in Legal (average 3 for those who see both, 5 for Support only).
  names[await conversation(support, "+819033330001", 5)] = "happy";
  await conversation(legal, "+819033330001", 1);
  // Unhappy: 2 in Support.
  names[await conversation(support, "+819033330002", 2)] = "unhappy";
  // Silent: surveyed but never answered.
  names[await conversation(support, "+819033330003", null)] = "silent";
});
afterAll(async () => {
  await legal?.twilio.close();
  await support?.twilio.close();
  await server?.stop();
});

describe("the csat customer filter field", () => {
  it("compares the average answered rating with the number operators", async () => {
    expect(await matching("eq", 3)).toEqual(["happy"]);
    expect(await matching("gte", 2)).toEqual(["happy", "unhappy"]);
    expect(await matching("gt", 2.5)).toEqual(["happy"]);
    expect(await matching("lt", 3)).toEqual(["unhappy"]);
    expect(await matching("lte", 3)).toEqual(["happy", "unhappy"]);
  });

  it("leaves customers without a rating out of every comparison; only is_not_set finds them", async () => {
    expect(await matching("neq", 3)).toEqual(["unhappy"]);
    expect(await matching("is_set", undefined)).toEqual(["happy", "unhappy"]);
    expect(await matching("is_not_set", undefined)).toEqual(["silent"]);
  });

  it("counts only the ratings of conversations the reader may see", async () => {
    expect(await matching("eq", 5, maya.token)).toEqual(["happy"]);
    expect(await matching("eq", 3, maya.token)).toEqual([]);
  });

  it("refuses a value that is not a number, naming the condition", async () => {
    const filter = { all: [{ field: "csat", op: "gte", value: "good" }] };
    const res = await server.api("GET", `/api/v1/customers?${new URLSearchParams({ filter: JSON.stringify(filter) })}`, undefined, admin);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("filter.all.0.value: expects a number");
  });
});
