import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress, OutboundFetchError, type OutboundFetchPolicy, outboundFetch } from "./outbound-fetch.ts";

/** A local server recording what reached it: `/file`, `/big`, `/to?url=` redirects there. */
async function start() {
  const seen: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req);
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/to") {
      res.writeHead(302, { location: url.searchParams.get("url") ?? "/" });
      return res.end();
    }
    if (url.pathname === "/big") return res.end(Buffer.alloc(2048));
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`auth=${req.headers.authorization ?? ""}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { seen, url: `http://127.0.0.1:${port}`, port, close: () => new Promise((r) => server.close(r)) };
}

let a: Awaited<ReturnType<typeof start>>;
let b: Awaited<ReturnType<typeof start>>;
beforeAll(async () => {
  a = await start();
  b = await start();
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const policy = (extra: Partial<OutboundFetchPolicy> = {}): OutboundFetchPolicy => ({
  origins: [a.url],
  maxBytes: 1024,
  timeoutMs: 2000,
  allowPrivate: true,
  ...extra,
});
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("the fetch should be refused"),
    (error: unknown) => {
      expect(error).toBeInstanceOf(OutboundFetchError);
      return error as OutboundFetchError;
    },
  );

describe("outboundFetch", () => {
  it("fetches from an allowed origin with its credentials, following redirects within it", async () => {
    const res = await outboundFetch(`${a.url}/to?url=/file`, policy({ headers: { authorization: "Basic x" } }));
    expect(res.status).toBe(200);
    expect(res.header("Content-Type")).toBe("text/plain");
    expect(res.body.toString()).toBe("auth=Basic x");
  });

  it("refuses other origins and redirects to hosts not allowed, before any request reaches them", async () => {
    expect((await refusal(outboundFetch(`${b.url}/file`, policy()))).reason).toBe("refused");
    const redirected = await refusal(outboundFetch(`${a.url}/to?url=${encodeURIComponent(`${b.url}/file`)}`, policy()));
    expect(redirected.message).toMatch(/redirect to .* is not allowed/);
    // An allowed redirect host is https only.
    const plain = await refusal(
      outboundFetch(`${a.url}/to?url=${encodeURIComponent(`http://localhost:${b.port}/file`)}`, policy({ redirectHosts: ["localhost"] })),
    );
    expect(plain.reason).toBe("refused");
    expect(b.seen).toHaveLength(0);
  });

  it("refuses loopback targets, by address or by name, unless private targets are allowed", async () => {
    const before = a.seen.length;
    expect((await refusal(outboundFetch(`${a.url}/file`, policy({ allowPrivate: false })))).message).toMatch(/private or loopback/);
    const byName = `http://localhost:${a.port}`;
    expect((await refusal(outboundFetch(`${byName}/file`, policy({ origins: [byName], allowPrivate: false })))).message).toMatch(
      /resolves to a private or loopback address/,
    );
    expect(a.seen.length).toBe(before);
  });

  it("stops reading at the size limit and refuses non-http schemes", async () => {
    expect((await refusal(outboundFetch(`${a.url}/big`, policy()))).reason).toBe("too_large");
    expect((await refusal(outboundFetch("file:///etc/passwd", policy({ origins: ["file://"] })))).reason).toBe("refused");
  });

  it("knows private, loopback and link-local addresses", () => {
    for (const ip of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ["54.172.60.1", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]) expect(isPrivateAddress(ip), ip).toBe(false);
  });
});
