/**
 * Widget API calls and the visitor socket come from the widget page, which we serve from our own
 * origin; which sites may show that page is enforced by CSP frame-ancestors. So browsers' requests
 * must carry our origin (or our Host, as the core's CSRF check allows). Requests without Origin are
 * not from a browser page and carry no ambient credentials: the visitor token is their only key.
 */
export function originAllowed(publicUrl: string, origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" from sandboxed frames and garbage
  }
  const ours = new URL(publicUrl);
  if (url.origin === ours.origin) return true;
  const schemeOk = ours.protocol !== "https:" || url.protocol === "https:";
  return Boolean(hostHeader && url.host === hostHeader.toLowerCase() && schemeOk);
}

/** The CSP `frame-ancestors` source list for an inbox's allowed origins (empty = any site). */
export function frameAncestors(allowedOrigins: readonly string[]): string {
  return allowedOrigins.length ? ["'self'", ...allowedOrigins].join(" ") : "*";
}
