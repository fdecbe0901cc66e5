import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A local SMTP server on port 0 that captures outbound mail (a stand-in for the customer's provider). */
export interface CapturedMail {
  envelope: { from: string; to: string[] };
  /** Credentials the client authenticated with (null without AUTH). */
  auth: { username: string; password: string } | null;
  raw: Buffer;
  parsed: ParsedMail;
}

export interface SmtpSink {
  port: number;
  messages: CapturedMail[];
  /** Resolves once `count` messages have arrived. */
  waitFor(count: number): Promise<CapturedMail[]>;
  /** Answer the next DATA commands with this SMTP error (e.g. 451 or 550); null to accept again. */
  rejectWith(code: number | null, message?: string): void;
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: CapturedMail[] = [];
  const waiters: { count: number; resolve: (m: CapturedMail[]) => void }[] = [];
  let rejection: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    // Loopback only: lets tests check that relay credentials arrive decrypted.
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: { username: auth.username ?? "", password: auth.password ?? "" } });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (rejection) return callback(Object.assign(new Error(rejection.message), { responseCode: rejection.code }));
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          const auth = (session.user as CapturedMail["auth"] | undefined) ?? null;
          messages.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, auth, raw, parsed });
          for (const w of [...waiters]) {
            if (messages.length >= w.count) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(messages.slice());
            }
          }
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    waitFor(count) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    rejectWith(code, message = "rejected by test sink") {
      rejection = code === null ? null : { code, message };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
