import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  headers: IncomingMessage["headers"];
  /** The request path (endpoints of one receiver differ by it). */
  path: string;
  body: string;
  json: { id: string; type: string; createdAt: string; data: any };
}

/**
 * A local HTTP endpoint standing in for a customer's webhook receiver: records every POST and answers
 * with `status` (changeable between requests).
 */
export async function startWebhookReceiver() {
  const received: ReceivedWebhook[] = [];
  const state = { status: 200, reply: "ok" };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, path: req.url ?? "", body, json: JSON.parse(body) });
      res.writeHead(state.status, { "content-type": "text/plain" }).end(state.reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    state,
    /** Resolves once `predicate` holds for the received requests (polls; fails after `timeoutMs`). */
    async waitFor(predicate: (r: ReceivedWebhook[]) => boolean, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > until) throw new Error(`webhook receiver: condition not met; got ${received.map((r) => r.json.type).join(", ")}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
