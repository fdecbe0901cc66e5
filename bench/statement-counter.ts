import pg from "pg";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type { SqlDriver } from "~/server/db/client.ts";

/**
 * Counts the SQL statements sent to the database from now until stop(), at the driver: every
 * pg client query (pool and transaction connections alike) on PostgreSQL, every query and exec of
 * the PGlite instance and of its transactions on PGlite. BEGIN/COMMIT count as statements too, as
 * they cost a round trip (or a turn on PGlite's single connection). `record`, when given, receives
 * each statement's text and parameters.
 */
export function countStatements(sql: SqlDriver, record?: (statement: Statement) => void): { stop(): number } {
  let count = 0;
  const restore: (() => void)[] = [];
  const wrap = <T extends object, K extends keyof T>(target: T, key: K) => {
    const original = target[key] as (...args: unknown[]) => unknown;
    (target as Record<K, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
      count++;
      record?.(statementOf(args));
      return original.apply(this, args);
    };
    restore.push(() => {
      (target as Record<K, unknown>)[key] = original;
    });
    return original;
  };
  if (sql.kind === "postgres") {
    wrap(pg.Client.prototype, "query");
  } else {
    const client = (sql as SqlDriver & { client: PGlite }).client;
    wrap(client, "query");
    wrap(client, "exec");
    const transaction = client.transaction;
    client.transaction = <T>(fn: (tx: Transaction) => Promise<T>) =>
      transaction.call(client, (tx: Transaction) => {
        count += 2; // BEGIN and COMMIT / ROLLBACK
        wrap(tx, "query");
        wrap(tx, "exec");
        return fn(tx);
      }) as Promise<T>;
    restore.push(() => {
      client.transaction = transaction;
    });
  }
  return {
    stop() {
      for (const undo of restore.reverse()) undo();
      return count;
    },
  };
}

export interface Statement {
  text: string;
  params: unknown[];
}

/** `query(text, params)` on PGlite and pg alike, or pg's `query({ text, values })`. */
function statementOf([first, second]: unknown[]): Statement {
  if (typeof first === "string") return { text: first, params: Array.isArray(second) ? second : [] };
  const config = first as { text?: string; values?: unknown[] } | undefined;
  return { text: config?.text ?? "", params: config?.values ?? [] };
}
