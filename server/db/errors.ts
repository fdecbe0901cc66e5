import { Prisma } from "./generated/client.ts";

/** True for a unique-constraint violation, however the driver adapter reports it. */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) return err.code === "P2002";
  const code = (err as { code?: string; cause?: { code?: string } })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
  return code === "23505" || code === "P2002";
}

/** Prisma's codes for a database it cannot reach, lost, or waited too long for. */
const UNREACHABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
/** SQLSTATE: connection exceptions, and a server shutting down or still starting (restart). */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3])$/;

/**
 * True when the database is unreachable (restart, failover, network): the request may succeed if
 * retried later, so callers answer 503 rather than 500. Walks `cause`, since Prisma and pg wrap.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    const code = typeof e.code === "string" ? e.code : "";
    if (UNREACHABLE_PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
    // node-postgres reports a lost or timed-out connection by message only.
    if (typeof e.message === "string" && /^Connection terminated|timeout exceeded when trying to connect/.test(e.message)) return true;
    // Prisma found no free connection for a transaction within maxWait: busy, not broken.
    if (code === "P2028" && typeof e.message === "string" && /Unable to start a transaction/.test(e.message)) return true;
    e = e.cause as typeof e;
  }
  return false;
}
