import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import { AppError, describeIssues } from "~/server/lib/errors.ts";
import type { Logger } from "~/server/lib/log.ts";

/** Wraps async handlers so rejections reach the error handler. */
export const route =
  (fn: (...args: Parameters<RequestHandler>) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    fn(req, res, next).catch(next);
  };

/**
 * The one place errors become responses: AppErrors carry their status and message; body-parser
 * errors keep theirs; everything else is a logged 500 with a generic message — never a stack trace.
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
