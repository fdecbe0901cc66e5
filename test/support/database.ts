import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DatabaseOptions } from "~/server/db/client.ts";

/**
 * Which database a test suite runs on: an in-memory PGlite by default, or a fresh PostgreSQL
 * database per server when TEST_DB=postgres (dropped again on cleanup). Under CI=true an
 * unreachable PostgreSQL fails the run instead of skipping it.
 */
export const TEST_DB = process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function createTestDatabase(): Promise<{ options: DatabaseOptions; url?: string; drop(): Promise<void> }> {
  if (TEST_DB === "pglite") return { options: { kind: "pglite" }, drop: async () => {} };
  const name = `sb_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    options: { kind: "postgres", url: url.toString(), poolSize: 5 },
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
