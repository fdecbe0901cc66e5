import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startTestServer, type TestServer } from "./support/server.ts";

/**
 * REST API v1 authentication and error shapes through real HTTP: tokens for credentials, one answer
 * for every wrong credential, the sign-in rate limit, 401/403/400 bodies that never leak internals.
 */
let server: TestServer;
let admin: string;
let agent: string;

const call = async (method: string, path: string, opts: { token?: string; body?: string; type?: string } = {}) => {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      ...(opts.body !== undefined ? { "content-type": opts.type ?? "application/json" } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body,
  });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, json: safeJson(text) };
};
const safeJson = (t: string) => {
  try {
    return JSON.parse(t);
  } catch {
    return null;
  }
};

/** An error answer: the status, a JSON `{ error: { code, message } }`, and nothing from the inside of the server. */
function expectCleanError(res: { status: number; text: string; json: any }, status: number, message?: RegExp) {
  expect(res.status, res.text).toBe(status);
  expect(res.json?.error?.message, res.text).toEqual(expect.any(String));
  expect(res.json.error.message.length).toBeGreaterThan(0);
  if (message) expect(res.json.error.message).toMatch(message);
  expect(res.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|prisma|stack/i);
}

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
  const created = await server.api(
    "POST",
    "/api/v1/users",
    { email: "agent@test.local", name: "エージェント", role: "agent", password: "agent password 123" },
    admin,
  );
  expect(created.status).toBe(201);
  agent = await server.apiToken(created.body.id);
});
afterAll(async () => {
  await server?.stop();
});

describe("POST /api/v1/auth/token", () => {
  it("issues a working token for correct credentials (email in any case)", async () => {
    const res = await call("POST", "/api/v1/auth/token", {
      body: JSON.stringify({ email: ADMIN.email.toUpperCase(), password: ADMIN.password }),
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json.token).toMatch(/^sb_/);
    expect(res.json).not.toHaveProperty("passwordHash");
    const me = await call("GET", "/api/v1/inboxes", { token: res.json.token });
    expect(me.status).toBe(200);
  });

  it("answers a wrong password exactly like an unknown email", async () => {
    const wrong = await call("POST", "/api/v1/auth/token", { body: JSON.stringify({ email: ADMIN.email, password: "not the password" }) });
    const unknown = await call("POST", "/api/v1/auth/token", {
      body: JSON.stringify({ email: "nobody@test.local", password: "not the password" }),
    });
    expectCleanError(wrong, 401);
    expectCleanError(unknown, 401);
    expect(unknown.json).toEqual(wrong.json);
  });

  it("rate-limits repeated attempts on one email with 429 and Retry-After", async () => {
    const attempt = () =>
      call("POST", "/api/v1/auth/token", { body: JSON.stringify({ email: "target@test.local", password: "guess guess guess" }) });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof attempt>> | null = null;
    for (let i = 0; i < 12; i++) {
      last = await attempt();
      statuses.push(last.status);
      if (last.status === 429) break;
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expectCleanError(last!, 429, /Too many/);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another account is not locked out by someone guessing at this one.
    const other = await call("POST", "/api/v1/auth/token", { body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
    expect(other.status).toBe(201);
  });

  it("rejects missing fields with 400 and a message", async () => {
    expectCleanError(await call("POST", "/api/v1/auth/token", { body: JSON.stringify({ email: ADMIN.email }) }), 400, /password/);
  });
});

describe("authentication and authorisation", () => {
  it("answers 401 without a token or with a bad one, on every kind of route", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/contacts"],
      ["GET", "/api/v1/conversations"],
      ["POST", "/api/v1/conversations/x/messages"],
      ["GET", "/api/v1/inboxes"],
      ["POST", "/api/v1/uploads"],
    ] as const) {
      expectCleanError(await call(method, path, { body: method === "POST" ? "{}" : undefined }), 401, /token|sign in/i);
      expectCleanError(await call(method, path, { token: `sb_${"a".repeat(52)}`, body: method === "POST" ? "{}" : undefined }), 401);
    }
  });

  it("answers 403 to a non-admin on admin endpoints", async () => {
    expectCleanError(await call("GET", "/api/v1/inboxes", { token: agent }), 403);
    expectCleanError(await call("POST", "/api/v1/departments", { token: agent, body: JSON.stringify({ name: "Sales" }) }), 403);
    expectCleanError(
      await call("POST", "/api/v1/users", {
        token: agent,
        body: JSON.stringify({ email: "x@test.local", name: "X", role: "admin", password: "long enough pw" }),
      }),
      403,
    );
    expectCleanError(
      await call("POST", "/api/v1/inboxes", { token: agent, body: JSON.stringify({ kind: "email", name: "X", config: {} }) }),
      403,
    );
    // The admin may, and nothing was created by the refused calls.
    const list = await call("GET", "/api/v1/inboxes", { token: admin });
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([]);
  });

  it("answers invalid input with 400 and a message naming the problem", async () => {
    expectCleanError(await call("POST", "/api/v1/contacts", { token: agent, body: JSON.stringify({}) }), 400, /name/);
    expectCleanError(
      await call("POST", "/api/v1/contacts", { token: agent, body: JSON.stringify({ name: "A", email: "not-an-email" }) }),
      400,
      /email/,
    );
    expectCleanError(
      await call("POST", "/api/v1/contacts", { token: agent, body: JSON.stringify({ name: "A", phone: "12" }) }),
      400,
      /phone/,
    );
    expectCleanError(await call("POST", "/api/v1/contacts", { token: agent, body: "{not json" }), 400, /JSON/);
    expectCleanError(await call("GET", "/api/v1/conversations?status=bogus", { token: agent }), 400, /status/);
    expectCleanError(await call("GET", "/api/v1/contacts?cursor=%%%", { token: agent }), 400, /cursor/i);
    expectCleanError(
      await call("POST", "/api/v1/departments", { token: admin, body: JSON.stringify({ name: "", restricted: "yes" }) }),
      400,
      /name|restricted/,
    );
    expectCleanError(
      await call("POST", "/api/v1/inboxes", { token: admin, body: JSON.stringify({ kind: "fax", name: "F", config: {} }) }),
      400,
      /kind/,
    );
  });

  it("answers unknown things with 404, never a stack trace", async () => {
    expectCleanError(await call("GET", "/api/v1/conversations/does-not-exist", { token: agent }), 404);
    expectCleanError(await call("GET", "/api/v1/contacts/does-not-exist", { token: agent }), 404);
    expectCleanError(await call("GET", "/api/v1/no-such-endpoint", { token: agent }), 404);
    expectCleanError(
      await call("PATCH", "/api/v1/conversations/does-not-exist", { token: agent, body: JSON.stringify({ status: "open" }) }),
      404,
    );
  });
});
