import { io, type Socket } from "socket.io-client";
import { vi } from "vitest";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "~/common/realtime-contract.ts";
import { sid, startFakeTwilio, type FakeTwilio } from "./support/fake-twilio.ts";
import type { TestServer } from "./support/server.ts";

/**
 * Shared setup for the collaboration suites (collab*, restricted*, documents*, assignment*): a
 * workspace with people and departments made through the admin API, an SMS inbox whose customers
 * write through Twilio-signed webhooks, and real socket.io-client agents.
 */
export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export interface Person {
  id: string;
  name: string;
  token: string;
}

export const waitFor = <T>(fn: () => Promise<T> | T) => vi.waitFor(fn, { timeout: 10_000, interval: 25 });

export async function createDepartment(server: TestServer, name: string, body: Record<string, unknown> = {}) {
  const res = await server.api("POST", "/api/v1/departments", { name, ...body }, await server.apiToken());
  if (res.status !== 201) throw new Error(`department: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

export async function createPerson(
  server: TestServer,
  name: string,
  opts: { role?: "admin" | "agent" | "viewer"; departmentIds?: string[] } = {},
): Promise<Person> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}@example.test`;
  const res = await server.api(
    "POST",
    "/api/v1/users",
    { email, name, role: opts.role ?? "agent", password: "a long enough password", departmentIds: opts.departmentIds ?? [] },
    await server.apiToken(),
  );
  if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, name, token: await server.apiToken(res.body.id) };
}

export interface SmsInbox {
  id: string;
  twilio: FakeTwilio;
  /** A customer texts the inbox; resolves with the conversation the message landed in. */
  customerWrites(from: string, body: string): Promise<{ conversationId: string; messageId: string }>;
}

export async function createSmsInbox(server: TestServer, departmentId?: string): Promise<SmsInbox> {
  const twilio = await startFakeTwilio();
  const number = `+8150${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const id = await server.createInbox(
    "twilio_sms",
    `SMS ${number}`,
    { accountSid: twilio.accountSid, authToken: twilio.authToken, phoneNumber: number, apiBaseUrl: twilio.url },
    departmentId,
  );
  return {
    id,
    twilio,
    async customerWrites(from, body) {
      const messageSid = sid("SM");
      const res = await twilio.postWebhook(`${server.url}/webhooks/twilio/${id}/sms`, {
        MessageSid: messageSid,
        AccountSid: twilio.accountSid,
        From: from,
        To: number,
        Body: body,
        NumMedia: "0",
      });
      if (res.status !== 200) throw new Error(`webhook: ${res.status} ${await res.text()}`);
      const m = await server.ctx.db.message.findUniqueOrThrow({
        where: { inboxId_providerMessageId: { inboxId: id, providerMessageId: messageSid } },
        select: { id: true, conversationId: true },
      });
      return { conversationId: m.conversationId, messageId: m.id };
    },
  };
}

/** A connected agent socket that records every event it receives. */
export async function connectAgent(server: TestServer, person: Person) {
  const socket: AgentSocket = io(server.url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: { token: person.token },
  });
  const received: { event: string; payload: any }[] = [];
  socket.onAny((event, payload) => received.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return {
    socket,
    received,
    events: (name: keyof ServerToClientEvents) => received.filter((r) => r.event === name).map((r) => r.payload),
    emit<T = undefined>(event: keyof ClientToServerEvents, payload: unknown): Promise<Ack<T>> {
      return new Promise((resolve) => (socket.emit as any)(event, payload, resolve));
    },
    close: () => socket.close(),
  };
}
export type Agent = Awaited<ReturnType<typeof connectAgent>>;
