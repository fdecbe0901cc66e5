import nodemailer from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { runChannelContract } from "~/integrations/core/contract-test.ts";
import { emailAdapter } from "./index.ts";
import { startSmtpSink, type SmtpSink } from "~/test/support/smtp-sink.ts";

let sink: SmtpSink;
const raws = new Map<string, Buffer>();

type Fixture = Parameters<Parameters<typeof runChannelContract>[1]["deliver"]>[2];
const compose = (m: Fixture) =>
  new MailComposer({
    from: m.from,
    to: "support@example.test",
    subject: m.text,
    text: m.text,
    messageId: `<${m.id}@customer.example>`,
    attachments: m.attachment
      ? [{ filename: m.attachment.filename, contentType: m.attachment.contentType, content: m.attachment.content }]
      : [],
  })
    .compile()
    .build();

const smtpPortOf = (server: { listeners: unknown[] }) =>
  (server.listeners.find((l) => typeof l === "object" && l !== null && "smtpPort" in l) as { smtpPort: number }).smtpPort;

runChannelContract("Email (SMTP)", {
  adapter: emailAdapter,
  async config() {
    sink = await startSmtpSink();
    return { address: "support@example.test", smtp: { host: "127.0.0.1", port: sink.port, secure: false } };
  },
  async deliver(server, _inboxId, m) {
    // A relay retrying a mail resends the same bytes: compose each fixture once (Date and MIME
    // boundaries would otherwise differ, and a different mail under the same Message-ID is a new one).
    raws.set(m.id, raws.get(m.id) ?? (await compose(m)));
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPortOf(server), secure: false, ignoreTLS: true });
    const info = await transport.sendMail({ envelope: { from: m.from, to: ["support@example.test"] }, raw: raws.get(m.id)! });
    transport.close();
    return Number(info.response.slice(0, 3));
  },
  // SMTP has no signature: what the listener refuses is mail for an address it does not serve (550).
  async forge(server, _inboxId, m) {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPortOf(server), secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ from: m.from, to: "someone-else@elsewhere.test", subject: m.text, text: m.text });
      return 250;
    } catch (err) {
      return (err as { responseCode?: number }).responseCode ?? 0;
    } finally {
      transport.close();
    }
  },
  addressForms: {
    forms: ["Taro.Yamada@Example.JP", "山田 太郎 <taro.yamada@example.jp>", "TARO.YAMADA@EXAMPLE.JP"],
    normalized: "taro.yamada@example.jp",
  },
  receiveOutbound: async () => sink.messages.map((m) => ({ text: m.parsed.text ?? "", to: m.envelope.to[0] })),
  close: () => sink.stop(),
});
