import { z } from "zod";

/** Outgoing SMTP relay; without it the inbox can receive but replies fail permanently. */
const smtpSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535).default(587),
  /** true = implicit TLS (465); false = plain, upgraded with STARTTLS when offered. */
  secure: z.boolean().default(false),
  user: z.string().optional(),
  pass: z.string().optional(),
});

/** An existing mailbox to poll (for inboxes whose mail is not routed to our SMTP listener). */
const imapSchema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535).default(993),
  secure: z.boolean().default(true),
  user: z.string().min(1),
  pass: z.string().min(1),
  mailbox: z.string().min(1).default("INBOX"),
});

/**
 * DKIM signing of outgoing mail (integrations/email/README.md lists the DNS records to publish). The
 * private key is a secret: encrypted at rest, never sent back to the browser.
 */
const dkimSchema = z.object({
  /** The `s=` selector: the key is published at <selector>._domainkey.<domain>. */
  selector: z
    .string()
    .trim()
    .min(1)
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, { message: "selector: letters, digits, dots, - and _" }),
  /** The `d=` domain; defaults to the inbox address's domain (it must align with From for DMARC). */
  domain: z.string().trim().toLowerCase().min(1).optional(),
  /** PEM (PKCS#8 or PKCS#1) RSA key, 2048 bits recommended. */
  privateKey: z
    .string()
    .trim()
    .refine((k) => /-----BEGIN (RSA )?PRIVATE KEY-----/.test(k), { message: "privateKey must be a PEM private key" }),
});

export const emailConfigSchema = z.object({
  /** The public support address, e.g. support@acme.example. Replies carry a +r-<token> tag on it. */
  address: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: "address must be an email address" })),
  /**
   * "smtp": replies go out through `smtp`. "capture": nothing leaves the machine; each reply is rendered
   * as the exact mail SMTP would carry and recorded on the message as delivered to the local capture
   * (the demo inbox uses it, so replies work without a mail server; the UI says so).
   */
  delivery: z.enum(["smtp", "capture"]).default("smtp"),
  smtp: smtpSchema.optional(),
  imap: imapSchema.optional(),
  dkim: dkimSchema.optional(),
  /** Appended to every outgoing reply (plain text; rendered as a paragraph in HTML). */
  signature: z.string().max(5000).optional(),
  /**
   * Display name on outgoing mail: "agent" → "Aiko Tanaka", "agent-via-inbox" → "Aiko Tanaka via Acme Support",
   * "inbox" → "Acme Support".
   */
  fromNameStyle: z.enum(["agent", "agent-via-inbox", "inbox"]).default("agent-via-inbox"),
  /** Name used for "inbox" and "agent-via-inbox"; defaults to the inbox's name. */
  fromName: z.string().max(200).optional(),
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;

/** Dotted paths the core encrypts at rest. */
export const emailSecretKeys = ["smtp.pass", "imap.pass", "dkim.privateKey"] as const;
