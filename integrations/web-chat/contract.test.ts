import type { TestServer } from "~/test/support/server.ts";
import { createChannelHost } from "~/server/channels/host.ts";
import { runChannelContract, type InboundFixture } from "~/integrations/core/contract-test.ts";
import { webChatAdapter } from "./index.ts";
import type { WidgetMessage } from "./messages.ts";
import { connectVisitor, request, type VisitorSocket } from "./testing/visitor-client.ts";
import { issueToken, TOKEN_PURPOSE } from "./visitor-token.ts";

/**
 * The web chat's "provider" is the visitor's browser: inbound messages go over the `/visitor` socket
 * (files over the upload endpoint), and what the widget receives is what was "sent". Visitor ids are
 * minted by the server; here the test signs a token for a fixed id with the server's own key, so the
 * contract's addresses are known in advance. Visitor ids are never typed by people: trimming is all
 * the normalisation there is.
 */
const VISITOR = "contract-visitor-00001";
const visitors = new Map<string, Promise<VisitorSocket>>();
const received: { text: string; to: string }[] = [];

function visitorSocket(server: TestServer, inboxId: string, from: string) {
  const visitorId = from.trim();
  const token = issueToken(createChannelHost(server.ctx).signingKey(TOKEN_PURPOSE), inboxId, visitorId);
  let socket = visitors.get(visitorId);
  if (!socket) {
    socket = connectVisitor(server.url, inboxId, token).then((s) => {
      s.on("message:created", (m: WidgetMessage) => {
        if (m.direction === "outbound") received.push({ text: m.text, to: visitorId });
      });
      return s;
    });
    visitors.set(visitorId, socket);
  }
  return { socket, token };
}

async function deliver(server: TestServer, inboxId: string, m: InboundFixture): Promise<number> {
  const visitor = visitorSocket(server, inboxId, m.from);
  if (m.attachment) {
    const query = new URLSearchParams({ clientId: m.id, filename: m.attachment.filename, text: m.text });
    const res = await fetch(`${server.url}/widget/${inboxId}/upload?${query}`, {
      method: "POST",
      headers: { origin: server.url, "x-visitor-token": visitor.token, "content-type": m.attachment.contentType },
      body: new Uint8Array(m.attachment.content),
    });
    return res.status;
  }
  const ack = await request<WidgetMessage>(await visitor.socket, "message:send", { clientId: m.id, text: m.text });
  return ack.ok ? 200 : 400;
}

async function forge(server: TestServer, inboxId: string, m: InboundFixture): Promise<number> {
  const forged = `v1.${m.from.trim()}.${"A".repeat(43)}`;
  try {
    const socket = await connectVisitor(server.url, inboxId, forged);
    const ack = await request<WidgetMessage>(socket, "message:send", { clientId: m.id, text: m.text });
    socket.close();
    return ack.ok ? 200 : 400;
  } catch {
    return 401; // the handshake was refused
  }
}

runChannelContract("Web chat", {
  adapter: webChatAdapter,
  config: async () => ({ title: "Contract" }),
  deliver,
  forge,
  addressForms: { forms: [VISITOR, ` ${VISITOR} `, `${VISITOR}\n`], normalized: VISITOR },
  receiveOutbound: async () => received,
  async close() {
    for (const s of visitors.values()) (await s.catch(() => null))?.close();
  },
});
