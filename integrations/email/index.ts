import { emailDescriptor } from "./descriptor.ts";
import type { ChannelAdapter, Running } from "~/integrations/core/types.ts";
import type { ChannelHost, HostWith } from "~/integrations/core/host.ts";
import { normalizeEmail } from "~/integrations/core/addresses/email.ts";
import { processRawEmail } from "./process-raw.ts";
import { emailConfigSchema, type EmailConfig } from "./config.ts";
import { startImapSupervisor } from "./imap-supervisor.ts";
import { type EmailListenerSettings, emailListenerEnv } from "./listener-settings.ts";
import { sendEmail } from "./send.ts";
import { startSmtpListener } from "./smtp-listener.ts";
import { testEmailConnection } from "./test-connection.ts";

export { processRawEmail };

/** What start() returns: the bound SMTP port (0 in tests binds a free one), or null when disabled. */
export interface EmailRunning extends Running {
  smtpPort: number | null;
}

/** The port this node's SMTP listener bound (shown to admins as the MX / forwarding target). */
let listeningPort: number | null = null;

export async function startEmail(host: HostWith<"inbound">, settings: EmailListenerSettings): Promise<EmailRunning> {
  const smtp = settings.smtpEnabled
    ? await startSmtpListener(host, {
        port: settings.smtpPort,
        host: settings.smtpHost,
        maxBytes: settings.maxBytes,
        tls: settings.tls,
        rateLimits: settings.rateLimits,
        auth: settings.auth,
      })
    : null;
  listeningPort = smtp?.port ?? null;
  const imap = startImapSupervisor(host, { maxBytes: settings.maxBytes, leaseMs: settings.imapLeaseMs });
  return {
    smtpPort: smtp?.port ?? null,
    async stop() {
      await Promise.all([smtp?.stop(), imap.stop()]);
    },
  };
}

type EmailAdapter = Omit<ChannelAdapter<EmailConfig, EmailListenerSettings>, "start"> & {
  start(host: ChannelHost, settings: EmailListenerSettings): Promise<EmailRunning>;
};

export const emailAdapter: EmailAdapter = {
  descriptor: emailDescriptor,
  normalizeAddress: normalizeEmail,
  send: (inbox, message) => sendEmail(inbox, message),
  // The Message-ID derives from our message id: receivers show a resent copy as the same message.
  resendIsIdempotent: true,
  outboundReadiness(config) {
    const parsed = emailConfigSchema.safeParse(config);
    if (!parsed.success) return "unconfigured";
    if (parsed.data.delivery === "capture") return "capture";
    return parsed.data.smtp ? "ready" : "unconfigured";
  },
  settings: emailListenerEnv,
  testConnection: testEmailConnection,
  start: (host: ChannelHost, settings: EmailListenerSettings) => startEmail(host, settings),
  // Re-run of a stored raw message (crash recovery): an unparseable message throws so the event is marked failed.
  async processRawEvent(inbox, payload, host) {
    const outcome = await processRawEmail(host, inbox.id, payload);
    if (outcome.kind === "rejected") throw new Error(outcome.reason);
  },
  setupInfo(publicUrl) {
    const hostname = new URL(publicUrl).hostname;
    return [
      {
        label: "Inbound SMTP (MX or forwarding target)",
        value: listeningPort ? `${hostname}:${listeningPort}` : "The SMTP listener is off on this node (SMTP_ENABLED=false)",
      },
      { label: "Reply addresses", value: "<local>+r-<token>@<domain> — keep plus-addressing enabled on the mailbox" },
    ];
  },
};
