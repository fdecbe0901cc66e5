import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "~/server/db/errors.ts";
import { AppError, describeIssues } from "~/server/lib/errors.ts";
import type { Logger } from "~/server/lib/log.ts";

/** Seconds a client should wait before retrying while the database is unreachable (a restart). */
const DATABASE_RETRY_AFTER_S = 5;

/** Wraps async handlers so rejections reach the error handler. */
export const route =
  (fn: (...args: Parameters<RequestHandler>) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    fn(req, res, next).catch(next);
  };

/**
 * The one place errors become responses: AppErrors carry their status and message; body-parser
 * errors keep theirs; an unreachable database is a 503 with Retry-After (providers and clients retry,
 * nothing is lost); everything else is a logged 500 with a generic message — never a stack trace.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let message = "Something went wrong";
    let code = "internal";
    let details: Record<string, unknown> | undefined;
    if (err instanceof AppError) {
      status = err.status;
      message = err.message;
      code = err.code;
      details = err.details;
      if (err.code === "rate_limited" && err.details?.retryAfter) res.setHeader("Retry-After", String(err.details.retryAfter));
    } else if (err instanceof ZodError) {
      status = 400;
      code = "bad_request";
      message = describeIssues(err);
    } else if (typeof err?.status === "number" && err.status >= 400 && err.status < 500 && err.expose !== false) {
      status = err.status;
      code = err.type ?? "bad_request";
      message =
        err.type === "entity.too.large"
          ? "Request body too large"
          : err.type === "entity.parse.failed"
            ? "Malformed JSON body"
            : err.message;
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      code = "unavailable";
      message = "Temporarily unavailable, please retry";
      res.setHeader("Retry-After", String(DATABASE_RETRY_AFTER_S));
      log.warn(`${req.method} ${req.originalUrl}: database unavailable (${err?.message?.split("\n").at(-1) ?? err})`);
    } else {
      log.error(`${req.method} ${req.originalUrl} failed: ${err?.stack ?? err}`);
    }
    if (res.headersSent) return res.end();
    res.status(status);
    if (req.path.startsWith("/api/") || req.accepts(["json", "html"]) === "json")
      res.json({ error: { code, message, ...(details && code !== "rate_limited" ? { details } : {}) } });
    else res.type("text/plain").send(message);
  };
}
