import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImapState } from "~/integrations/email/imap-mailbox-poller.ts";
import { startImapSupervisor } from "~/integrations/email/imap-supervisor.ts";
import { createMemoryHost, type MemoryHost } from "~/integrations/core/testing/memory-host.ts";
import { emailInbox } from "~/integrations/email/testing/email-inbox.ts";
import { dovecotAvailable, freeLoopbackPort, startDovecot, type Dovecot } from "./support/dovecot.ts";

// A real IMAP server (Debian's dovecot-imapd). Required in CI; skipped with a notice elsewhere.
const available = dovecotAvailable();

const mail = (n: number, extra = "") =>
  `From: Customer ${n} <customer${n}@example.net>\r\nTo: support@acme.example\r\nSubject: Question ${n}\r\n` +
  `Message-ID: <imap-${n}@example.net>\r\nDate: ${new Date().toUTCString()}\r\n${extra}\r\nHello ${n} — こんにちは\r\n`;

describe.skipIf(!available)("IMAP polling against dovecot", () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  const inboxFor = (server: { port: number }) =>
    emailInbox("in-imap", {
      address: "support@acme.example",
      imap: { host: "127.0.0.1", port: server.port, secure: false, user: "support", pass: "imap-test-password", mailbox: "INBOX" },
    });
  const imapState = (world: MemoryHost) => world.inboxes.find((i) => i.id === "in-imap")?.state.imap as ImapState | undefined;

  it("imports existing mail, then new mail announced by IDLE, and resumes from the saved cursor", async () => {
    await dovecot.append(mail(1));
    const inbox = inboxFor(dovecot);
    const world = createMemoryHost({ inboxes: [inbox] });
    let pollers = startImapSupervisor(world.host, { maxBytes: 1024 * 1024 });
    await world.until(() => world.ingested.length === 1);
    expect(world.ingested[0]!.message).toMatchObject({ providerMessageId: "imap-1@example.net", text: "Hello 1 — こんにちは" });
    await world.until(() => imapState(world)?.lastSyncAt);
    expect(imapState(world)).toMatchObject({ status: "connected", lastUid: 1 });

    await dovecot.append(mail(2, "Auto-Submitted: auto-replied\r\n"));
    await world.until(() => world.ingested.length === 2);
    expect(world.ingested[1]!.message).toMatchObject({ providerMessageId: "imap-2@example.net", automated: true });
    await world.until(() => imapState(world)?.lastUid === 2);
    await pollers.stop();

    // Restart with the stored state (the host keeps inbox.state): only the new message is read.
    await dovecot.append(mail(3));
    pollers = startImapSupervisor(world.host, { maxBytes: 1024 * 1024 });
    await world.until(() => world.ingested.length === 3);
    await world.until(() => imapState(world)?.lastUid === 3);
    expect(world.rawEvents.size).toBe(3);
    expect(world.ingested.map((i) => i.message.providerMessageId)).toEqual([
      "imap-1@example.net",
      "imap-2@example.net",
      "imap-3@example.net",
    ]);
    await pollers.stop();
  });

  it("follows inboxes being added, changed and disabled", async () => {
    const inboxes: ReturnType<typeof inboxFor>[] = [];
    const world = createMemoryHost({ inboxes });
    const pollers = startImapSupervisor(world.host, { maxBytes: 1024 * 1024 });
    try {
      expect(await pollers.refresh()).toEqual([]);
      const inbox = inboxFor(dovecot);
      inboxes.push(inbox);
      expect(await pollers.refresh()).toEqual(["in-imap"]);
      await world.until(() => imapState(world)?.status === "connected");
      // A wrong password after an admin edit: the old poller stops, the new one reports the error.
      inbox.config = { ...inbox.config, imap: { ...inbox.config.imap!, pass: "wrong" } };
      expect(await pollers.refresh()).toEqual(["in-imap"]);
      const failed = await world.until(() => (imapState(world)?.status === "error" ? imapState(world) : undefined));
      expect(failed.error).toBeTruthy();
      inbox.enabled = false;
      expect(await pollers.refresh()).toEqual([]);
    } finally {
      await pollers.stop();
    }
  });

  it("skips messages over the size limit and records them", async () => {
    const big = await startDovecot();
    try {
      await big.append(mail(10, `X-Padding: ${"p".repeat(5000)}\r\n`));
      await big.append(mail(11));
      const world = createMemoryHost({ inboxes: [inboxFor(big)] });
      const pollers = startImapSupervisor(world.host, { maxBytes: 4000 });
      await world.until(() => imapState(world)?.lastUid === 2);
      expect(world.ingested.map((i) => i.message.providerMessageId)).toEqual(["imap-11@example.net"]);
      expect(imapState(world)?.skipped).toEqual([{ uid: 1, reason: "larger than 4000 bytes" }]);
      await pollers.stop();
    } finally {
      await big.stop();
    }
  });

  it("records connection errors and reconnects with backoff once the server is up", async () => {
    const port = await freeLoopbackPort();
    const world = createMemoryHost({ inboxes: [inboxFor({ port })] });
    const pollers = startImapSupervisor(world.host, { maxBytes: 1024 * 1024, backoff: { initialMs: 50, maxMs: 200 } });
    const failed = await world.until(() => (imapState(world)?.status === "error" ? imapState(world) : undefined));
    expect(failed.error).toBeTruthy();
    expect(failed.nextRetryAt).toBeTruthy();
    expect(world.logs.some((l) => l.level === "warn" && l.msg.startsWith("email: IMAP in-imap disconnected"))).toBe(true);
    const late = await startDovecot({ port });
    try {
      await late.append(mail(20));
      await world.until(() => world.ingested.length === 1);
      await world.until(() => imapState(world)?.status === "connected");
      expect(world.ingested[0]!.message.providerMessageId).toBe("imap-20@example.net");
    } finally {
      await pollers.stop();
      await late.stop();
    }
  });
});
