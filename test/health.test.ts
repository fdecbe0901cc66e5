import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { startTestServer, type TestServer } from "./support/server.ts";
import { TEST_DB } from "./support/database.ts";
import { expectConsoleErrors } from "./support/console-guard.ts";

/** GET /healthz: 200 with a small JSON body while the database answers, 503 when it does not. */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
});
afterAll(() => server?.stop());

it("answers 200 with the database kind while the database is reachable", async () => {
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: TEST_DB === "postgres" ? "postgres" : "pglite" });
});

it.runIf(TEST_DB === "postgres")("answers 503 while PostgreSQL refuses connections, and 200 again after it is back", async () => {
  const dbName = (await server.ctx.sql.query<{ db: string }>("SELECT current_database() AS db"))[0]!.db;
  const admin = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  try {
    // What a database restart looks like to the pool: every connection dropped, new ones refused.
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [dbName]);
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "unavailable" });
  } finally {
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    await admin.end();
  }
  const up = await fetch(`${server.url}/healthz`);
  expect(up.status).toBe(200);
  // The API works again without a restart of the node.
  expect((await server.api("GET", "/api/v1/conversations", undefined, await server.apiToken())).status).toBe(200);
});

it.runIf(TEST_DB === "pglite")("answers 503 once the embedded database is closed", async () => {
  const token = await server.apiToken();
  expectConsoleErrors(); // the failed API request below is logged as an error, as it should be
  await server.ctx.sql.close();
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(503);
  // The API fails with a generic message, never a stack trace.
  const api = await server.api("GET", "/api/v1/conversations", undefined, token);
  expect(api.status).toBeGreaterThanOrEqual(500);
  expect(JSON.stringify(api.body)).not.toMatch(/at .*\.ts|Error:/);
});
