import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthTestContext, type AuthTestContext } from "./test-context.ts";
import {
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  createSession,
  deleteExpiredSessions,
  invalidateSession,
  invalidateUserSessions,
  validateSessionToken,
} from "./session.ts";
import { sha256Utf8 } from "./token-crypto.ts";

const DAY = 24 * 60 * 60 * 1000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

let t: AuthTestContext;
let userId: string;

beforeAll(async () => {
  t = await createAuthTestContext();
  userId = await t.createUser({ email: "agent@example.com", password: "a long password" });
});
afterAll(() => t.close());

describe("createSession", () => {
  it("issues <id>.<secret> with 120-bit parts and stores only the secret's SHA-256", async () => {
    const { token, session } = await createSession(t.ctx, userId);
    const [id, secret] = token.split(".");
    expect(id).toMatch(/^[a-z2-7]{24}$/);
    expect(secret).toMatch(/^[a-z2-7]{24}$/);
    expect(session.id).toBe(id);
    const row = await t.ctx.db.session.findUniqueOrThrow({ where: { id } });
    expect(Buffer.from(row.secretHash).equals(Buffer.from(sha256Utf8(secret!)))).toBe(true);
    expect(Buffer.from(row.secretHash).toString("utf8")).not.toContain(secret);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SESSION_IDLE_MS);
  });
});

describe("validateSessionToken", () => {
  it("returns the session and the actor for a valid token", async () => {
    const { token, session } = await createSession(t.ctx, userId);
    const result = await validateSessionToken(t.ctx, token);
    expect(result?.session.id).toBe(session.id);
    expect(result?.actor).toMatchObject({ id: userId, email: "agent@example.com", role: "agent" });
    expect(result?.refreshed).toBe(false);
  });

  it("rejects a tampered secret, an unknown id and garbage", async () => {
    const { token } = await createSession(t.ctx, userId);
    const [id, secret] = token.split(".") as [string, string];
    const flipped = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    expect(await validateSessionToken(t.ctx, `${id}.${flipped}`)).toBeNull();
    expect(await validateSessionToken(t.ctx, `${"a".repeat(24)}.${secret}`)).toBeNull();
    for (const junk of ["", ".", `${token}.x`, id, `${id}.`, `${id}.${secret.toUpperCase()}`, "日本語.トークン"]) {
      expect(await validateSessionToken(t.ctx, junk)).toBeNull();
    }
    // The genuine token still works after the failed attempts.
    expect(await validateSessionToken(t.ctx, token)).not.toBeNull();
  });

  it("slides the idle expiry only once less than half of it remains", async () => {
    const start = new Date("2030-01-01T00:00:00Z");
    const { token } = await createSession(t.ctx, userId, { now: start });

    const early = await validateSessionToken(t.ctx, token, { now: at(start, 10 * DAY) });
    expect(early?.refreshed).toBe(false);
    expect(early?.session.expiresAt).toEqual(at(start, 30 * DAY));

    const late = await validateSessionToken(t.ctx, token, { now: at(start, 20 * DAY) });
    expect(late?.refreshed).toBe(true);
    expect(late?.session.expiresAt).toEqual(at(start, 50 * DAY));
    const [id] = token.split(".");
    expect((await t.ctx.db.session.findUniqueOrThrow({ where: { id } })).expiresAt).toEqual(at(start, 50 * DAY));
  });

  it("expires after 30 idle days and deletes the row", async () => {
    const start = new Date("2030-02-01T00:00:00Z");
    const { token, session } = await createSession(t.ctx, userId, { now: start });
    expect(await validateSessionToken(t.ctx, token, { now: at(start, 30 * DAY) })).toBeNull();
    expect(await t.ctx.db.session.findUnique({ where: { id: session.id } })).toBeNull();
  });

  it("never extends past 90 days from creation, however active the user", async () => {
    const start = new Date("2030-03-01T00:00:00Z");
    const { token } = await createSession(t.ctx, userId, { now: start });
    let last = null;
    for (let day = 16; day < 90; day += 16) {
      last = await validateSessionToken(t.ctx, token, { now: at(start, day * DAY) });
      expect(last).not.toBeNull();
    }
    expect(last!.session.expiresAt.getTime()).toBeLessThanOrEqual(start.getTime() + SESSION_ABSOLUTE_MS);
    const nearEnd = await validateSessionToken(t.ctx, token, { now: at(start, 89 * DAY) });
    expect(nearEnd?.session.expiresAt).toEqual(at(start, SESSION_ABSOLUTE_MS));
    expect(await validateSessionToken(t.ctx, token, { now: at(start, 90 * DAY) })).toBeNull();
  });

  it("returns null for a disabled user", async () => {
    const id = await t.createUser({ email: "gone@example.com", password: "a long password" });
    const { token } = await createSession(t.ctx, id);
    await t.ctx.db.user.update({ where: { id }, data: { disabledAt: new Date() } });
    expect(await validateSessionToken(t.ctx, token)).toBeNull();
  });
});

describe("invalidation", () => {
  it("signs out one session or every session of a user", async () => {
    const id = await t.createUser({ email: "multi@example.com", password: "a long password" });
    const a = await createSession(t.ctx, id);
    const b = await createSession(t.ctx, id);
    const c = await createSession(t.ctx, id);
    const other = await createSession(t.ctx, userId);

    await invalidateSession(t.ctx, a.session.id);
    expect(await validateSessionToken(t.ctx, a.token)).toBeNull();
    expect(await validateSessionToken(t.ctx, b.token)).not.toBeNull();

    await invalidateUserSessions(t.ctx, id);
    expect(await validateSessionToken(t.ctx, b.token)).toBeNull();
    expect(await validateSessionToken(t.ctx, c.token)).toBeNull();
    expect(await validateSessionToken(t.ctx, other.token)).not.toBeNull();
  });

  it("deletes idle-expired and absolutely-expired rows in bulk", async () => {
    const now = new Date("2031-01-01T00:00:00Z");
    const idle = await createSession(t.ctx, userId, { now: at(now, -31 * DAY) });
    const old = await createSession(t.ctx, userId, { now: at(now, -91 * DAY) });
    await t.ctx.db.session.update({ where: { id: old.session.id }, data: { expiresAt: at(now, DAY) } });
    const fresh = await createSession(t.ctx, userId, { now });
    await deleteExpiredSessions(t.ctx, { now });
    const left = await t.ctx.db.session.findMany({
      where: { id: { in: [idle.session.id, old.session.id, fresh.session.id] } },
      select: { id: true },
    });
    expect(left).toEqual([{ id: fresh.session.id }]);
  });
});
