import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORM_MAX_BYTES } from "~/app/lib/read-form.server.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * Issue 17, finding 4: bodies are bounded before anything reads them, and uploads authenticate before
 * their body is read. Real HTTP against a real server with the built UI (page actions included).
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { method: "POST", body, headers: { origin: server.url, ...headers }, redirect: "manual" });

/**
 * Streams `chunks` of a body (declaring `contentLength`, or chunked without it) and resolves with the
 * status as soon as the server answers, even mid-body: a server that refuses early closes the socket.
 */
function answerWhileSending(
  path: string,
  opts: { headers: Record<string, string>; chunk: Buffer; chunks: number; contentLength?: number },
) {
  return new Promise<number>((resolve, reject) => {
    const url = new URL(server.url + path);
    let answered = false;
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: "POST",
        headers: { origin: server.url, ...opts.headers, ...(opts.contentLength ? { "content-length": String(opts.contentLength) } : {}) },
      },
      (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on("error", (err) => {
      if (!answered) reject(err);
    });
    let sent = 0;
    const pump = () => {
      while (!answered && sent < opts.chunks) {
        sent++;
        if (!req.write(opts.chunk)) return void req.once("drain", pump);
      }
      // A declared length larger than what was sent leaves the body open: the answer must come anyway.
      if (!answered && !opts.contentLength) req.end();
    };
    pump();
  });
}

describe("page action bodies", () => {
  it("refuses a form larger than the limit with 413, declared or not", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const chunk = Buffer.alloc(256 * 1024, "x");
    // Declared too large: refused from the headers, after one chunk of a body that never ends.
    const declared = await answerWhileSending("/login", { headers: form, chunk, chunks: 1, contentLength: 400 * 1024 * 1024 });
    expect(declared).toBe(413);
    // Chunked, no length: refused once the limit is passed.
    const undeclared = await answerWhileSending("/login", { headers: form, chunk, chunks: FORM_MAX_BYTES / chunk.byteLength + 8 });
    expect(undeclared).toBe(413);
  });

  it("answers a malformed multipart body with 400 and no stack trace", async () => {
    const res = await post("/login", '--broken\r\nContent-Disposition: form-data; name="email"\r\n\r\nno end', {
      "content-type": "multipart/form-data; boundary=other",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/at \S+ \(|node_modules|\.ts:\d+/);
  });

  it("still signs in with a normal form", async () => {
    expect(await server.login()).toMatch(/sb_session=/);
  });
});

describe("uploads", () => {
  const stalledUpload = (path: string) =>
    answerWhileSending(path, { headers: {}, chunk: Buffer.alloc(64 * 1024), chunks: 1, contentLength: 20 * 1024 * 1024 });

  it("refuses an unauthenticated upload before reading its body", async () => {
    expect(await stalledUpload("/api/v1/uploads?filename=a.bin")).toBe(401);
    const contact = await server.api<{ id: string }>("POST", "/api/v1/contacts", { name: "Doc owner" }, await server.apiToken());
    expect(await stalledUpload(`/api/v1/contacts/${contact.body.id}/documents?filename=a.bin`)).toBe(401);
  });
});
