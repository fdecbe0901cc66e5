import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io } from "socket.io-client";
import { ADMIN, startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, createSmsInbox, type Person, type SmsInbox } from "./collab-fixtures.ts";

/** Issue 15: what the audit log records, that nothing can change it, and deactivation revoking at once. */
let server: TestServer;
let admin: string;
let legalId: string;
let sms: SmsInbox;
const run = Date.now().toString(36);

const entries = async (query: string) => {
  const res = await server.api("GET", `/api/v1/audit-log?${query}`, undefined, admin);
  expect(res.status).toBe(200);
  return res.body.items as {
    action: string;
    targetId: string | null;
    targetLabel: string | null;
    ip: string | null;
    actor: { id: string } | null;
    before: any;
    after: any;
  }[];
};

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  legalId = await createDepartment(server, `Legal ${run}`, { restricted: true });
  sms = await createSmsInbox(server, legalId);
});
afterAll(async () => {
  await sms?.twilio.close();
  await server?.stop();
});

describe("audit log", () => {
  it("records sign-ins and failures with the IP", async () => {
    expect((await server.api("POST", "/api/v1/auth/token", { email: ADMIN.email, password: "wrong password!!" })).status).toBe(401);
    expect((await server.api("POST", "/api/v1/auth/token", { email: ADMIN.email, password: ADMIN.password })).status).toBe(201);
    const failed = await entries("action=auth.sign_in_failed");
    expect(failed[0]).toMatchObject({ targetLabel: ADMIN.email, after: { reason: "wrong_password" } });
    expect(failed[0]!.ip).toBeTruthy();
    expect((await entries("action=auth.sign_in"))[0]).toMatchObject({ targetLabel: ADMIN.email, after: { via: "api_token" } });
  });

  it("records each change to automation rules, macros, business hours and attribute definitions", async () => {
    const rule = await server.api(
      "POST",
      "/api/v1/automation-rules",
      { name: `Refund ${run}`, event: "customer_message", conditions: [], actions: [{ type: "add_tags", tags: ["refund"] }] },
      admin,
    );
    const macro = await server.api(
      "POST",
      "/api/v1/macros",
      { name: `Escalate ${run}`, actions: [{ type: "set_priority", priority: "high" }] },
      admin,
    );
    const hours = await server.api(
      "POST",
      "/api/v1/business-hours",
      { name: `Tokyo ${run}`, timezone: "Asia/Tokyo", intervals: [{ day: 1, start: "09:00", end: "18:00" }] },
      admin,
    );
    const attribute = await server.api(
      "POST",
      "/api/v1/attributes",
      { entity: "contact", key: `plan_${run}`, label: "Plan", type: "text" },
      admin,
    );
    for (const res of [rule, macro, hours, attribute]) expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await server.api("PATCH", `/api/v1/automation-rules/${rule.body.id}`, { enabled: false }, admin)).status).toBe(200);
    expect((await server.api("PATCH", `/api/v1/macros/${macro.body.id}`, { name: `Escalate now ${run}` }, admin)).status).toBe(200);
    expect((await server.api("PATCH", `/api/v1/attributes/${attribute.body.id}`, { label: "Plan name" }, admin)).status).toBe(200);
    for (const path of [
      `automation-rules/${rule.body.id}`,
      `macros/${macro.body.id}`,
      `business-hours/${hours.body.id}`,
      `attributes/${attribute.body.id}`,
    ]) {
      expect((await server.api("DELETE", `/api/v1/${path}`, undefined, admin)).status).toBeLessThan(300);
    }
    const actions = async (type: string, id: string) => (await entries(`target=${type}:${id}`)).map((e) => e.action);
    expect(await actions("automation_rule", rule.body.id)).toEqual([
      "automation_rule.deleted",
      "automation_rule.updated",
      "automation_rule.created",
    ]);
    expect(await actions("macro", macro.body.id)).toEqual(["macro.deleted", "macro.updated", "macro.created"]);
    expect(await actions("business_hours", hours.body.id)).toEqual(["business_hours.deleted", "business_hours.created"]);
    expect(await actions("attribute", attribute.body.id)).toEqual(["attribute.deleted", "attribute.updated", "attribute.created"]);
    const [ruleChange] = await entries(`action=automation_rule.updated&target=automation_rule:${rule.body.id}`);
    expect(ruleChange).toMatchObject({ targetLabel: `Refund ${run}`, before: { enabled: true }, after: { enabled: false } });
    const [labelChange] = await entries(`action=attribute.updated&target=attribute:${attribute.body.id}`);
    expect(labelChange).toMatchObject({ targetLabel: `contact.plan_${run}`, before: { label: "Plan" }, after: { label: "Plan name" } });
  });

  it("records inbox changes, secrets by name only, and a disabled inbox refuses mail", async () => {
    const created = await entries(`action=inbox.created&target=inbox:${sms.id}`);
    expect(created).toHaveLength(1);
    expect(created[0]!.after.secretsSet).toEqual(["authToken"]);
    const inbox = await server.ctx.db.inbox.findUniqueOrThrow({ where: { id: sms.id }, select: { config: true } });
    const config = inbox.config as Record<string, unknown>;
    const newSecret = `rotated-${run}-secret`;
    const patch = await server.api(
      "PATCH",
      `/api/v1/inboxes/${sms.id}`,
      { name: `SMS renamed ${run}`, config: { ...config, authToken: newSecret } },
      admin,
    );
    expect(patch.status).toBe(200);
    expect(JSON.stringify(patch.body)).not.toContain(newSecret);
    // A config without the secret keeps the stored one (same schema as creation; a missing required field fails).
    expect((await server.api("PATCH", `/api/v1/inboxes/${sms.id}`, { config }, admin)).status).toBe(200);
    expect((await server.api("PATCH", `/api/v1/inboxes/${sms.id}`, { config: { ...config, phoneNumber: "" } }, admin)).status).toBe(400);
    expect((await server.api("PATCH", `/api/v1/inboxes/${sms.id}`, { enabled: false }, admin)).status).toBe(200);
    const log = await entries(`target=${sms.id}`);
    expect(log.map((e) => e.action)).toEqual(["inbox.disabled", "inbox.secrets_replaced", "inbox.updated", "inbox.created"]);
    expect(log[1]!.after).toEqual({ keys: ["authToken"] });
    expect(log[2]).toMatchObject({ before: { name: expect.stringMatching(/^SMS/) }, after: { name: `SMS renamed ${run}` } });
    const all = await server.ctx.sql.query<{ row: string }>(`SELECT row_to_json(a)::text AS row FROM "AuditLog" a`);
    expect(all.map((r) => r.row).join("\n")).not.toContain(newSecret);
    expect(all.map((r) => r.row).join("\n")).not.toContain(sms.twilio.authToken);
    // The provider's real token back (the fake signs with it); still disabled: the webhook refuses with a clear error.
    expect(
      (await server.api("PATCH", `/api/v1/inboxes/${sms.id}`, { config: { ...config, authToken: sms.twilio.authToken } }, admin)).status,
    ).toBe(200);
    await expect(sms.customerWrites("+819011112222", "届きますか")).rejects.toThrow(/503.*disabled/);
    expect((await server.api("PATCH", `/api/v1/inboxes/${sms.id}`, { enabled: true }, admin)).status).toBe(200);
  });

  it("records user and department changes; deactivation kills sessions, tokens and the live socket at once", async () => {
    const rin: Person = await createPerson(server, `Rin ${run}`, { departmentIds: [] });
    const socket = io(server.url, { transports: ["websocket"], forceNew: true, reconnection: false, auth: { token: rin.token } });
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("connect_error", reject));
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const edit = await server.api(
      "PATCH",
      `/api/v1/users/${rin.id}`,
      { role: "viewer", departmentIds: [legalId], capacity: 3, reading: "Rin" },
      admin,
    );
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ role: "viewer", reading: "Rin", capacity: 3, departmentIds: [legalId], deactivated: false });
    const off = await server.api("PATCH", `/api/v1/users/${rin.id}`, { deactivated: true }, admin);
    expect(off.status).toBe(200);
    expect(await disconnected).toBe("io server disconnect");
    expect((await server.api("GET", "/api/v1/conversations", undefined, rin.token)).status).toBe(401);
    expect(await server.ctx.db.apiToken.count({ where: { userId: rin.id } })).toBe(0);
    const log = await entries(`target=user:${rin.id}`);
    expect(log.map((e) => e.action)).toEqual(["user.deactivated", "user.updated", "user.created"]);
    expect(log[1]).toMatchObject({
      before: { role: "agent", capacity: 10, departmentIds: [] },
      after: { role: "viewer", capacity: 3, departmentIds: [legalId] },
    });
    expect(JSON.stringify(log[2]!.after)).not.toMatch(/password/i);
    expect(await entries(`action=department.created&target=${legalId}`)).toHaveLength(1);
    const me = (await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;
    expect((await server.api("PATCH", `/api/v1/users/${me}`, { deactivated: true }, admin)).status).toBe(400);
    socket.close();
  });

  it("records API token creation and revocation, and lists tokens with last use", async () => {
    const created = await server.api("POST", "/api/v1/api-tokens", { name: `CI ${run}`, expiresAt: "2099-01-01" }, admin);
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^sb_/);
    await server.api("GET", "/api/v1/api-tokens", undefined, created.body.token);
    const list = await server.api("GET", "/api/v1/api-tokens", undefined, admin);
    const row = list.body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(row).toMatchObject({ name: `CI ${run}`, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect((await server.api("DELETE", `/api/v1/api-tokens/${created.body.id}`, undefined, admin)).status).toBe(204);
    expect((await server.api("GET", "/api/v1/api-tokens", undefined, created.body.token)).status).toBe(401);
    const log = await entries(`target=api_token:${created.body.id}`);
    expect(log.map((e) => e.action)).toEqual(["api_token.revoked", "api_token.created"]);
  });

  it("records an admin's read of a restricted conversation and merges", async () => {
    const a = await sms.customerWrites("+819033334444", "秘密の相談です");
    expect((await server.api("GET", `/api/v1/conversations/${a.conversationId}`, undefined, admin)).status).toBe(200);
    expect(await entries(`action=conversation.restricted_read&target=${a.conversationId}`)).toHaveLength(1);
    const contact = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: a.conversationId }, select: { contactId: true } });
    const other = await server.api("POST", "/api/v1/contacts", { name: `Duplicate ${run}` }, admin);
    expect(other.status).toBe(201);
    expect((await server.api("POST", `/api/v1/contacts/${other.body.id}/merge`, { intoId: contact.contactId }, admin)).status).toBe(200);
    expect((await entries(`action=contact.merged&target=${other.body.id}`))[0]).toMatchObject({
      after: { mergedIntoId: contact.contactId },
    });
  });

  it("filters by actor and time, pages with a cursor and exports CSV with a BOM", async () => {
    const me = (await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id;
    const mine = await entries(`actor=${encodeURIComponent(ADMIN.email)}`);
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((e) => e.actor?.id === me)).toBe(true);
    expect(await entries("from=2000-01-01&to=2000-01-02")).toEqual([]);
    const first = await server.api("GET", "/api/v1/audit-log?limit=2", undefined, admin);
    const second = await server.api("GET", `/api/v1/audit-log?limit=2&cursor=${first.body.nextCursor}`, undefined, admin);
    expect(second.body.items[0].id).not.toBe(first.body.items[1].id);
    expect((await server.api("GET", "/api/v1/audit-log?action=nope", undefined, admin)).status).toBe(400);
    const res = await fetch(`${server.url}/api/v1/audit-log/export?action=inbox.updated`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("at,actor,actor_email,ip,action");
    expect(text).toContain(`SMS renamed ${run}`);
  });

  it("cannot be changed: no route but GET, and the table refuses UPDATE, DELETE and TRUNCATE", async () => {
    const [entry] = await entries("limit=1");
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      for (const path of ["/api/v1/audit-log", `/api/v1/audit-log/${(entry as any).id}`, "/api/v1/audit-log/export"]) {
        expect((await server.api(method, path, { action: "user.created" }, admin)).status, `${method} ${path}`).toBe(404);
      }
    }
    expect((await server.api("GET", "/api/v1/audit-log", undefined, (await createPerson(server, `Agent ${run}`)).token)).status).toBe(403);
    await expect(server.ctx.sql.query(`UPDATE "AuditLog" SET "action" = 'x'`)).rejects.toThrow(/append-only/);
    // The one update allowed is erasure's exact redaction; anything else that touches the values is refused.
    await expect(server.ctx.sql.query(`UPDATE "AuditLog" SET "after" = '{"role":"admin"}'::jsonb, "targetLabel" = NULL`)).rejects.toThrow(
      /append-only/,
    );
    await expect(server.ctx.sql.query(`UPDATE "AuditLog" SET "targetLabel" = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(server.ctx.sql.query(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
    await expect(server.ctx.sql.query(`TRUNCATE "AuditLog"`)).rejects.toThrow(/append-only/);
    await expect(server.ctx.db.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    expect((await server.ctx.db.auditLog.findUniqueOrThrow({ where: { id: (entry as any).id } })).action).toBe(entry!.action);
  });
});
