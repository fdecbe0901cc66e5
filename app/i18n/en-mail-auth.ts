// English strings of sender authentication on email (spread into en.ts; docs/decisions/014-unverified-senders.md).
export const enMailAuth = {
  "mailAuth.unverified": "Unverified sender",
  "mailAuth.reason.auth_failed":
    "This mail failed its sender's domain checks (DMARC): the domain says it did not send it, so it may be forged. Don't act on requests in it (refunds, address or password changes) before confirming with the customer another way.",
  "mailAuth.reason.known_sender_unauthenticated":
    "This mail claims to come from a known customer's address, but nothing proves it (no passing DKIM signature or SPF for that domain). It may be forged: confirm with the customer before acting on it. Its To/Cc addresses were not added to the conversation.",
  "mailAuth.results": "SPF {spf} · DKIM {dkim} · DMARC {dmarc}",
};
