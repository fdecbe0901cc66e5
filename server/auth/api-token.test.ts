import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "~/server/lib/errors.ts";
import {
  createApiToken,
  flushApiTokenUse,
  hashApiToken,
  issueTokenForCredentials,
  listApiTokens,
  revokeApiToken,
  validateApiToken,
} from "./api-token.ts";
import { INVALID_CREDENTIALS } from "./credentials.ts";
import { createAuthTestContext, type AuthTestContext } from "./test-context.ts";

let t: AuthTestContext;
let userId: string;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  t = await createAuthTestContext();
  userId = await t.createUser({ email: "api@example.com", password: PASSWORD, role: "admin" });
});
afterAll(() => t.close());

const lastUsed = async (id: string) => (await t.ctx.db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;

describe("API tokens", () => {
  it("returns the plaintext once and stores only its SHA-256 hex", async () => {
    const created = await createApiToken(t.ctx, userId, "  CI 連携 ");
    expect(created.token).toMatch(/^sb_[a-z2-7]{52}$/);
    expect(created.name).toBe("CI 連携");
    const row = await t.ctx.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(3));
  });

  it("validates to the owner's actor and rejects altered or malformed tokens", async () => {
    const { token } = await createApiToken(t.ctx, userId, "script");
    expect(await validateApiToken(t.ctx, token)).toMatchObject({ id: userId, role: "admin" });
    const altered = token.slice(0, -1) + (token.endsWith("a") ? "b" : "a");
    for (const bad of [altered, token.slice(3), `${token}a`, "", "sb_", `Bearer ${token}`, "日本語"]) {
      expect(await validateApiToken(t.ctx, bad)).toBeNull();
    }
  });

  it("respects expiresAt", async () => {
    const now = new Date("2030-06-01T00:00:00Z");
    const { token } = await createApiToken(t.ctx, userId, "short-lived", { expiresAt: new Date(now.getTime() + 1000) });
    expect(await validateApiToken(t.ctx, token, { now })).not.toBeNull();
    expect(await validateApiToken(t.ctx, token, { now: new Date(now.getTime() + 1000) })).toBeNull();
  });

  it("records lastUsedAt at most once a minute, in a batch written by the flush", async () => {
    const { id, token } = await createApiToken(t.ctx, userId, "busy");
    const t0 = new Date("2030-07-01T00:00:00Z");
    await validateApiToken(t.ctx, token, { now: t0 });
    expect(await lastUsed(id)).toBeNull(); // kept in memory until the flush
    await flushApiTokenUse(t.ctx);
    expect(await lastUsed(id)).toEqual(t0);
    await validateApiToken(t.ctx, token, { now: new Date(t0.getTime() + 59_000) });
    await flushApiTokenUse(t.ctx);
    expect(await lastUsed(id)).toEqual(t0);
    const t1 = new Date(t0.getTime() + 61_000);
    await validateApiToken(t.ctx, token, { now: t1 });
    await flushApiTokenUse(t.ctx);
    expect(await lastUsed(id)).toEqual(t1);
  });

  it("writes the latest use of each of many tokens in one flush, which a listing runs first", async () => {
    const a = await createApiToken(t.ctx, userId, "batch a");
    const b = await createApiToken(t.ctx, userId, "batch b");
    const t0 = new Date("2031-01-01T00:00:00Z");
    const later = new Date(t0.getTime() + 30_000);
    await validateApiToken(t.ctx, a.token, { now: t0 });
    await validateApiToken(t.ctx, a.token, { now: later });
    await validateApiToken(t.ctx, b.token, { now: t0 });
    const listed = await listApiTokens(t.ctx, userId);
    expect(listed.find((r) => r.id === a.id)?.lastUsedAt).toEqual(later);
    expect(listed.find((r) => r.id === b.id)?.lastUsedAt).toEqual(t0);
  });

  it("refuses a disabled user's, a revoked, a malformed and an unknown token", async () => {
    const other = await t.createUser({ email: "batch-leaver@example.com", password: PASSWORD });
    const good = await createApiToken(t.ctx, userId, "batch good");
    const leaver = await createApiToken(t.ctx, other, "batch leaver");
    const gone = await createApiToken(t.ctx, userId, "batch revoked");
    await t.ctx.db.user.update({ where: { id: other }, data: { disabledAt: new Date() } });
    expect(await revokeApiToken(t.ctx, userId, gone.id)).toBe(true);
    const tokens = [leaver.token, good.token, "sb_malformed", gone.token, "", "nope"];
    const actors = await Promise.all(tokens.map((token) => validateApiToken(t.ctx, token)));
    expect(actors.map((a) => a?.id ?? null)).toEqual([null, userId, null, null, null, null]);
  });

  it("loads the actor with its departments", async () => {
    const member = await t.createUser({ email: "member@example.com", password: PASSWORD });
    const departments = await Promise.all(
      ["Sales", "Legal"].map((name) => t.ctx.db.department.create({ data: { name: `${name} token` }, select: { id: true } })),
    );
    for (const d of departments) await t.ctx.db.departmentMember.create({ data: { userId: member, departmentId: d.id } });
    const { token } = await createApiToken(t.ctx, member, "member");
    const actor = await validateApiToken(t.ctx, token);
    expect(actor).toMatchObject({ id: member, email: "member@example.com", role: "agent" });
    expect([...actor!.departmentIds].sort()).toEqual(departments.map((d) => d.id).sort());
  });

  it("stops working for a disabled user and after revocation", async () => {
    const other = await t.createUser({ email: "leaver@example.com", password: PASSWORD });
    const a = await createApiToken(t.ctx, other, "a");
    const b = await createApiToken(t.ctx, userId, "b");
    await t.ctx.db.user.update({ where: { id: other }, data: { disabledAt: new Date() } });
    expect(await validateApiToken(t.ctx, a.token)).toBeNull();
    expect(await revokeApiToken(t.ctx, other, b.id)).toBe(false); // not the owner
    expect(await revokeApiToken(t.ctx, userId, b.id)).toBe(true);
    expect(await validateApiToken(t.ctx, b.token)).toBeNull();
  });

  it("rejects an empty or over-long name", async () => {
    await expect(createApiToken(t.ctx, userId, "   ")).rejects.toMatchObject({ code: "bad_request" });
    await expect(createApiToken(t.ctx, userId, "x".repeat(101))).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("issueTokenForCredentials", () => {
  it("issues a working token for valid credentials", async () => {
    const issued = await issueTokenForCredentials(t.ctx, { email: "API@example.com", password: PASSWORD, ip: "192.0.2.1" });
    expect(issued.actor.id).toBe(userId);
    expect(issued.name).toBe("API client");
    expect(await validateApiToken(t.ctx, issued.token)).toMatchObject({ id: userId });
  });

  it("shares login's non-enumerating error and rate limit", async () => {
    const ip = "192.0.2.2";
    const unknown = await issueTokenForCredentials(t.ctx, { email: "who@example.com", password: PASSWORD, ip }).catch((e) => e);
    const wrong = await issueTokenForCredentials(t.ctx, { email: "api@example.com", password: "nope nope nope", ip }).catch((e) => e);
    for (const err of [unknown, wrong]) {
      expect(err).toBeInstanceOf(AppError);
      expect([err.code, err.message]).toEqual(["unauthorized", INVALID_CREDENTIALS]);
    }
    for (let i = 0; i < 9; i++)
      await issueTokenForCredentials(t.ctx, { email: "api@example.com", password: "x".repeat(12), ip }).catch(() => {});
    await expect(issueTokenForCredentials(t.ctx, { email: "api@example.com", password: PASSWORD, ip })).rejects.toMatchObject({
      code: "rate_limited",
    });
  });
});
