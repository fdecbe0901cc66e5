import path from "node:path";
import { mkdir } from "node:fs/promises";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;

/** Minimal raw-SQL access used by the migrator and the health check (multi-statement capable). */
export interface SqlDriver {
  kind: "pglite" | "postgres";
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs fn on one connection inside BEGIN/COMMIT. */
  transaction<T>(fn: (tx: Pick<SqlDriver, "exec" | "query">) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Database {
  prisma: Db;
  sql: SqlDriver;
  close(): Promise<void>;
}

export type DatabaseOptions = { kind: "postgres"; url: string; poolSize?: number } | { kind: "pglite"; dataDir?: string }; // no dataDir = in memory (tests)

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let sql: SqlDriver;
  let prisma: PrismaClient;
  if (options.kind === "postgres") {
    const driver = postgresDriver(options);
    sql = driver;
    // Waiting for a pooled connection may take as long as the pool's own connect timeout (a burst
    // larger than the pool queues; Prisma's default 2 s wait failed such bursts with 500s).
    prisma = new PrismaClient({ adapter: new PrismaPg(driver.pool), transactionOptions: { maxWait: 5_000, timeout: 15_000 } });
  } else {
    const driver = await pgliteDriver(options.dataDir);
    sql = driver;
    prisma = new PrismaClient({ adapter: new PrismaPGlite(driver.client) });
  }
  return {
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      await sql.close();
    },
  };
}

function postgresDriver(options: { url: string; poolSize?: number }) {
  // A database that stops answering (network partition, host down) fails requests within seconds
  // instead of holding them; the error handler then answers 503 (server/db/errors.ts).
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", (err) => console.warn(`[db] idle connection error: ${err.message}`));
  const driver: SqlDriver & { pool: pg.Pool } = {
    kind: "postgres",
    pool,
    async exec(text) {
      await pool.query(text);
    },
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          exec: async (t) => void (await client.query(t)),
          query: async (t, p) => (await client.query(t, p as unknown[])).rows,
        });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return driver;
}

async function pgliteDriver(dataDir?: string) {
  if (dataDir) await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  const client = await PGlite.create(dataDir ? path.resolve(dataDir) : undefined, { extensions: { pg_trgm } });
  const driver: SqlDriver & { client: PGlite } = {
    kind: "pglite",
    client,
    async exec(text) {
      await client.exec(text);
    },
    async query(text, params) {
      return (await client.query(text, params as unknown[])).rows as never[];
    },
    transaction: (fn) =>
      client.transaction(async (tx) =>
        fn({
          exec: async (t) => void (await tx.exec(t)),
          query: async (t, p) => (await tx.query(t, p as unknown[])).rows as never[],
        }),
      ),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
  return driver;
}
