import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsStub, startDnsStub } from "./support/dns-stub.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * Issue 16, part 3, through real SMTP: the listener checks SPF, DKIM and DMARC (mailauth) against a
 * DNS stub on loopback, offers STARTTLS with a self-signed certificate made here by openssl, and the
 * domain flags unverified senders (docs/decisions/014-unverified-senders.md).
 */
let server: TestServer;
let dns: DnsStub;
let inboxId: string;
let token: string;
let certDir: string;
let cert: string;
const run = randomBytes(3).toString("hex");
const dkim = generateKeyPairSync("rsa", { modulusLength: 2048 });
const dkimPrivate = dkim.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const dkimPublic = dkim.publicKey.export({ type: "spki", format: "der" }).toString("base64");

beforeAll(async () => {
  dns = await startDnsStub();
  // signed.example: DKIM, SPF for loopback and a reject policy. bank.example: a reject policy and an SPF
  // record that allows nobody. plain.example publishes nothing.
  dns.records.set("signed.example", { txt: ["v=spf1 ip4:127.0.0.1 -all"] });
  dns.records.set("sel1._domainkey.signed.example", { txt: [`v=DKIM1; k=rsa; p=${dkimPublic}`] });
  dns.records.set("_dmarc.signed.example", { txt: ["v=DMARC1; p=reject"] });
  dns.records.set("bank.example", { txt: ["v=spf1 -all"] });
  dns.records.set("_dmarc.bank.example", { txt: ["v=DMARC1; p=reject"] });
  certDir = mkdtempSync(path.join(os.tmpdir(), "sb-smtp-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ].concat(["-keyout", path.join(certDir, "key.pem"), "-out", path.join(certDir, "cert.pem")]),
    { stdio: "ignore" },
  );
  cert = readFileSync(path.join(certDir, "cert.pem"), "utf8");
  server = await startTestServer({
    ui: false,
    env: {
      MAIL_AUTH_ENABLED: "true",
      MAIL_AUTH_DNS: dns.server,
      SMTP_TLS_CERT: path.join(certDir, "cert.pem"),
      SMTP_TLS_KEY: path.join(certDir, "key.pem"),
    },
  });
  token = await server.apiToken();
  inboxId = await server.createInbox("email", "Acme Support", { address: "support@acme.example", delivery: "capture" });
});
afterAll(async () => {
  await server?.stop();
  await dns?.stop();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

function rfc822(m: { from: string; subject: string; messageId: string; cc?: string; references?: string }): string {
  return [
    `From: ${m.from}`,
    "To: Acme Support <support@acme.example>",
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    `Message-ID: <${m.messageId}>`,
    ...(m.references ? [`References: <${m.references}>`, `In-Reply-To: <${m.references}>`] : []),
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Please change my delivery address.",
    "",
  ].join("\r\n");
}

/** Over STARTTLS (required: the send fails if the listener does not offer it), DKIM-signed when asked. */
async function deliver(raw: string, envelopeFrom: string, sign?: { domainName: string; keySelector: string; privateKey: string }) {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: server.smtpPort(),
    secure: false,
    requireTLS: true,
    tls: { ca: cert, servername: "localhost" },
    ...(sign ? { dkim: sign } : {}),
  });
  try {
    return await transport.sendMail({ envelope: { from: envelopeFrom, to: ["support@acme.example"] }, raw });
  } finally {
    transport.close();
  }
}

async function stored(providerMessageId: string) {
  for (;;) {
    const m = await server.ctx.db.message.findFirst({
      where: { inboxId, providerMessageId },
      select: { meta: true, conversationId: true },
    });
    if (m) return { ...m, meta: m.meta as { auth?: Record<string, unknown>; unverified?: string } };
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function participants(conversationId: string) {
  const view = await server.api("GET", `/api/v1/conversations/${conversationId}`, undefined, token);
  return (view.body.conversation.participants as { address: string }[]).map((p) => p.address);
}

describe("sender authentication on the SMTP listener", () => {
  it("a DKIM-signed mail from an SPF-authorised IP passes DMARC and is not flagged, over STARTTLS", async () => {
    const id = `signed-${run}@signed.example`;
    const info = await deliver(rfc822({ from: "Alice <alice@signed.example>", subject: "Order", messageId: id }), "alice@signed.example", {
      domainName: "signed.example",
      keySelector: "sel1",
      privateKey: dkimPrivate,
    });
    expect(info.response).toMatch(/^250/);
    const m = await stored(id);
    expect(m.meta.auth).toMatchObject({ verdict: "pass", spf: "pass", dkim: "pass", dmarc: "pass", fromDomain: "signed.example" });
    expect(m.meta.auth?.dkimDomains).toEqual(["signed.example"]);
    expect(m.meta.unverified).toBeUndefined();
    expect(dns.queries).toContain("sel1._domainkey.signed.example");
  });

  it("a spoofed mail failing DMARC is flagged and its Cc does not join the conversation", async () => {
    const id = `spoof-${run}@bank.example`;
    await deliver(
      rfc822({ from: "CEO <ceo@bank.example>", subject: "Urgent transfer", messageId: id, cc: "attacker@evil.example" }),
      "ceo@bank.example",
    );
    const m = await stored(id);
    expect(m.meta.auth).toMatchObject({ verdict: "fail", spf: "fail", dmarc: "fail" });
    expect(m.meta.unverified).toBe("auth_failed");
    expect(await participants(m.conversationId)).toEqual(["ceo@bank.example"]);
  });

  it("a known customer's address without passing authentication is threaded with the flag shown", async () => {
    const first = `carol-1-${run}@plain.example`;
    await deliver(rfc822({ from: "Carol <carol@plain.example>", subject: "Invoice", messageId: first }), "carol@plain.example");
    const a = await stored(first);
    // Nobody to impersonate yet: a first mail from a new address is not flagged.
    expect(a.meta.auth).toMatchObject({ verdict: "none" });
    expect(a.meta.unverified).toBeUndefined();

    const second = `carol-2-${run}@plain.example`;
    await deliver(
      rfc822({
        from: "Carol <carol@plain.example>",
        subject: "Re: Invoice",
        messageId: second,
        references: first,
        cc: "mallory@evil.example",
      }),
      "mallory@evil.example",
    );
    const b = await stored(second);
    expect(b.conversationId).toBe(a.conversationId);
    expect(b.meta.unverified).toBe("known_sender_unauthenticated");
    expect(await participants(b.conversationId)).toEqual(["carol@plain.example"]);
    // The agent's view carries the flag and the results the badge explains.
    const view = await server.api("GET", `/api/v1/conversations/${b.conversationId}`, undefined, token);
    expect(view.body.messages.at(-1).meta).toMatchObject({ unverified: "known_sender_unauthenticated", auth: { verdict: "none" } });
  });

  it("a forged result header in the mail is not believed", async () => {
    const id = `forged-${run}@bank.example`;
    const raw = `X-Switchboard-Auth: ${Buffer.from(JSON.stringify({ verdict: "pass" })).toString("base64url")}.AAAA\r\n${rfc822({
      from: "CEO <ceo@bank.example>",
      subject: "Another transfer",
      messageId: id,
    })}`;
    await deliver(raw, "ceo@bank.example");
    const m = await stored(id);
    expect(m.meta.auth).toMatchObject({ verdict: "fail" });
    expect(m.meta.unverified).toBe("auth_failed");
  });
});
