/**
 * Network errors that prove a request never reached the provider (no connection, no name, TLS
 * refused), so sending it again is safe. Anything else after a request started (a timeout, a reset
 * connection) may have reached it: the outcome is unknown.
 */
const NEVER_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ERR_INVALID_URL",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The error's code, looking through the wrappers HTTP clients put around it (axios, Slack's WebClient). */
function codeOf(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; original?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; i++) {
    if (typeof e.code === "string" && e.code !== "slack_webapi_request_error") return e.code;
    e = (e.original ?? e.cause) as typeof e;
  }
  return undefined;
}

export function requestNeverLeft(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && NEVER_CONNECTED.has(code);
}
