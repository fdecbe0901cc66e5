import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AnyChannelAdapter } from "./channel-set.ts";
import { startTestServer, type TestServer } from "~/test/support/server.ts";

/**
 * The contract every channel adapter passes, through the real server and the channel's real
 * protocol (signed webhook, SMTP, widget socket) against a local fake of the provider:
 *
 * - a re-delivered message (same provider id) is stored once;
 * - a forged request (bad signature) is rejected and stores nothing;
 * - an attachment arrives byte for byte (GET /attachments/:id);
 * - every written form of one address maps to one identity and one contact;
 * - an agent's reply reaches the provider; an internal note never does.
 *
 * Usage, in `integrations/<channel>/contract.test.ts`:
 *
 * ```ts
 * import { runChannelContract } from "~/integrations/core/contract-test.ts";
 * import { twilioSmsAdapter } from "./index.ts";
 * import { startFakeTwilio, type FakeTwilio } from "~/test/support/fake-twilio.ts";
 *
 * let twilio: FakeTwilio;
 * runChannelContract("Twilio SMS", {
 *   adapter: twilioSmsAdapter,
 *   async config() {
 *     twilio = await startFakeTwilio();
 *     return { accountSid: twilio.accountSid, authToken: twilio.authToken, phoneNumber: "+815012345678", apiBaseUrl: twilio.url };
 *   },
 *   deliver: (server, inboxId, m) => postSignedSms(server, inboxId, m),          // returns the HTTP status
 *   forge: (server, inboxId, m) => postSignedSms(server, inboxId, m, "bogus"),
 *   addressForms: { forms: ["+81 90-1111-2222", "090-1111-2222", "０９０１１１１２２２"], normalized: "+819011112222" },
 *   receiveOutbound: async () => twilio.messages.map((m) => ({ text: m.body ?? "", to: m.to })),
 *   close: () => twilio.close(),
 * });
 * ```
 */
export interface InboundFixture {
  /** Provider message id; the same id delivered twice is the provider retrying. */
  id: string;
  /** Sender address as the channel writes it (one of addressForms.forms, or the default sender). */
  from: string;
  text: string;
  attachment?: { filename: string; contentType: string; content: Buffer };
}

export interface ChannelHarness {
  /** The adapter under test; the server must run it (it is in the registry). */
  adapter: AnyChannelAdapter;
  /** Extra server environment (e.g. PUBLIC_URL-dependent settings). */
  env?: Record<string, string>;
  /** The inbox config an admin would enter; may start fake providers here. */
  config(server: TestServer): Promise<Record<string, unknown>>;
  /** Sends one inbound message through the channel's real protocol; the HTTP status or equivalent (SMTP 250). */
  deliver(server: TestServer, inboxId: string, message: InboundFixture): Promise<number>;
  /** The same with a bad signature or credentials; omitted for channels without signatures. */
  forge?(server: TestServer, inboxId: string, message: InboundFixture): Promise<number>;
  /** Raw written forms of one address and the normalised value they all map to. */
  addressForms: { forms: string[]; normalized: string };
  /** Everything the fake provider has received from us so far. */
  receiveOutbound(server: TestServer): Promise<{ text: string; to?: string }[]>;
  /** Whether a status means "accepted" (default: 2xx, or SMTP 250). */
  accepted?(status: number): boolean;
  close?(): Promise<void>;
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
const waitFor = <T>(fn: () => Promise<T>) => vi.waitFor(fn, { timeout: 60_000, interval: 50 });

export function runChannelContract(name: string, harness: ChannelHarness) {
  describe(`channel contract: ${name}`, () => {
    let server: TestServer;
    let token: string;
    let inboxId: string;
    const { adapter } = harness;
    const kind = adapter.descriptor.kind;
    const [defaultSender] = harness.addressForms.forms;
    const accepted = harness.accepted ?? ((s: number) => (s >= 200 && s < 300) || s === 250);
    const unique = (label: string) => `${label} ${randomBytes(4).toString("hex")} こんにちは`;
    const fixture = (label: string, over: Partial<InboundFixture> = {}): InboundFixture => ({
      id: `contract-${randomBytes(8).toString("hex")}`,
      from: defaultSender!,
      text: unique(label),
      ...over,
    });
    const inboundWithText = (text: string) =>
      server.ctx.db.message.findMany({
        where: { inboxId, direction: "inbound", text: { contains: text } },
        include: { attachments: true },
      });
    const deliver = async (m: InboundFixture) => {
      const status = await harness.deliver(server, inboxId, m);
      expect(accepted(status), `delivery of "${m.text}" answered ${status}`).toBe(true);
    };
    /** Delivers a fresh message and waits for it: everything delivered before it has been handled. */
    const barrier = async () => {
      const m = fixture("barrier");
      await deliver(m);
      return waitFor(async () => expect(await inboundWithText(m.text)).toHaveLength(1));
    };

    beforeAll(async () => {
      server = await startTestServer({ ui: false, env: harness.env });
      token = await server.apiToken();
      inboxId = await server.createInbox(kind, `${name} contract`, await harness.config(server));
    });
    afterAll(async () => {
      await server?.stop();
      await harness.close?.();
    });

    it("stores a re-delivered message once", async () => {
      const m = fixture("retry");
      await deliver(m);
      await deliver(m);
      // Mail is processed concurrently after its 250: wait for the message itself, then for the barrier
      // (sent after both deliveries), and count again.
      await waitFor(async () => expect(await inboundWithText(m.text)).not.toHaveLength(0));
      await barrier();
      const stored = await inboundWithText(m.text);
      expect(stored).toHaveLength(1);
      expect(stored[0]!.channel).toBe(kind);
    });

    it.runIf(harness.forge)("rejects a forged request and stores nothing", async () => {
      const m = fixture("forged");
      const events = await server.ctx.db.inboundEvent.count({ where: { inboxId } });
      const status = await harness.forge!(server, inboxId, m);
      expect(status).toBeGreaterThanOrEqual(400);
      await barrier();
      expect(await inboundWithText(m.text)).toHaveLength(0);
      // Only the barrier may have left a raw event.
      expect(await server.ctx.db.inboundEvent.count({ where: { inboxId } })).toBeLessThanOrEqual(events + 1);
    });

    it("keeps an attachment byte for byte", async () => {
      const m = fixture("attachment", { attachment: { filename: "写真.png", contentType: "image/png", content: PNG } });
      await deliver(m);
      const [stored] = await waitFor(async () => {
        const rows = await inboundWithText(m.text);
        expect(rows[0]?.attachments.length ?? 0).toBeGreaterThan(0);
        return rows;
      });
      const attachment = stored!.attachments[0]!;
      const res = await fetch(`${server.url}/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    });

    it("maps every written form of an address to one identity and contact", async () => {
      const { forms, normalized } = harness.addressForms;
      for (const form of forms) expect(adapter.normalizeAddress(form), form).toBe(normalized);
      const texts: string[] = [];
      for (const form of forms) {
        const m = fixture("address", { from: form });
        texts.push(m.text);
        await deliver(m);
      }
      const messages = await waitFor(async () => {
        const rows = (await Promise.all(texts.map(inboundWithText))).flat();
        expect(rows).toHaveLength(forms.length);
        return rows;
      });
      const contactIds = new Set(messages.map((m) => m.contactId));
      expect(contactIds.size).toBe(1);
      const identities = await server.ctx.db.contactIdentity.findMany({
        where: { contactId: [...contactIds][0], kind: adapter.descriptor.identityKind },
      });
      expect(identities.map((i) => i.address)).toEqual([normalized]);
    });

    it("sends an agent's reply to the provider and never a note", async () => {
      const m = fixture("conversation");
      await deliver(m);
      const [inbound] = await waitFor(async () => {
        const rows = await inboundWithText(m.text);
        expect(rows).toHaveLength(1);
        return rows;
      });
      const conversation = `/api/v1/conversations/${inbound!.conversationId}`;
      const note = unique("note");
      expect((await server.api("POST", `${conversation}/notes`, { text: note }, token)).status).toBe(201);
      const reply = unique("reply");
      const res = await server.api("POST", `${conversation}/messages`, { text: reply }, token);
      expect(res.status).toBe(202);
      await waitFor(async () => {
        const sent = await server.ctx.db.message.findUniqueOrThrow({ where: { id: res.body.messageId } });
        expect(sent.deliveryError).toBeNull();
        expect(["sent", "delivered"]).toContain(sent.deliveryStatus);
      });
      const outbound = await harness.receiveOutbound(server);
      expect(outbound.filter((o) => o.text.includes(reply))).toHaveLength(1);
      // The reply was queued after the note: had the note been sent, it would be here by now.
      expect(outbound.some((o) => o.text.includes(note))).toBe(false);
      expect(await server.ctx.db.outboxJob.count({ where: { message: { text: note } } })).toBe(0);
    });
  });
}
