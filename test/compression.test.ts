import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { io } from "socket.io-client";
import { startTestServer, type TestServer } from "./support/server.ts";

// Responses are compressed when the client asks (issue 10), over raw HTTP so nothing decodes for us.
let server: TestServer;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer();
  cookie = await server.login();
});
afterAll(() => server?.stop());

function get(pathname: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(`${server.url}${pathname}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The largest built asset with this extension (the compressible kind browsers fetch). */
const asset = (ext: string) => {
  const dir = path.resolve(import.meta.dirname, "../build/client/assets");
  const [largest] = readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort((a, b) => statSync(path.join(dir, b)).size - statSync(path.join(dir, a)).size);
  return `/assets/${largest}`;
};

describe("compression", () => {
  const cases = () => [
    { what: "HTML", path: "/inbox/all", type: /text\/html/ },
    { what: "JS", path: asset(".js"), type: /javascript/ },
    { what: "CSS", path: asset(".css"), type: /text\/css/ },
    { what: "JSON", path: "/api/v1/openapi.json", type: /application\/json/ },
  ];

  it("sends gzip to a client that accepts only gzip, and the body decodes", async () => {
    for (const c of cases()) {
      const res = await get(c.path, { "accept-encoding": "gzip", cookie });
      expect(res.status, c.what).toBe(200);
      expect(res.headers["content-type"], c.what).toMatch(c.type);
      expect(res.headers["content-encoding"], c.what).toBe("gzip");
      expect(res.headers.vary, c.what).toMatch(/Accept-Encoding/i);
      expect(gunzipSync(res.body).length, c.what).toBeGreaterThan(res.body.length);
    }
  });

  it("prefers brotli when the client accepts it", async () => {
    for (const c of cases()) {
      const res = await get(c.path, { "accept-encoding": "gzip, deflate, br", cookie });
      expect(res.headers["content-encoding"], c.what).toBe("br");
      expect(brotliDecompressSync(res.body).length, c.what).toBeGreaterThan(res.body.length);
    }
  });

  it("sends identity to a client that asks for none, and keeps the long cache of hashed assets", async () => {
    const js = asset(".js");
    const res = await get(js, {});
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["cache-control"]).toMatch(/max-age=31536000.*immutable/);
    expect((await get(js, { "accept-encoding": "gzip" })).headers["cache-control"]).toMatch(/immutable/);
  });

  it("serves /favicon.ico instead of a 404", async () => {
    const res = await get("/favicon.ico", {});
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/image\/svg\+xml/);
  });

  it("leaves Socket.IO working over long-polling and WebSocket", async () => {
    for (const transport of ["polling", "websocket"] as const) {
      const socket = io(server.url, { transports: [transport], extraHeaders: { cookie, "accept-encoding": "gzip, br" } });
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", () => resolve());
        socket.on("connect_error", reject);
      });
      expect(socket.connected).toBe(true);
      socket.close();
    }
  });
});
