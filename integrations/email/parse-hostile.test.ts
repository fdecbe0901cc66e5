import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EmailParseError, parseEmail } from "./parse.ts";
import { seededRandom } from "~/test/support/seeded-random.ts";

const INBOX = "support@acme.example";
const HEAD = "From: a@b.example\r\nTo: support@acme.example\r\nSubject: x\r\n";

/** Either a parsed result or our clear EmailParseError; any other error (or a hang) fails the test. */
async function outcome(raw: Buffer): Promise<"parsed" | "rejected"> {
  try {
    const r = await parseEmail(raw, INBOX);
    if (r.kind === "message") {
      expect(typeof r.message.text).toBe("string");
      expect(r.message.text.length).toBeLessThanOrEqual(1024 * 1024);
      expect(r.message.providerMessageId.length).toBeGreaterThan(0);
    }
    return "parsed";
  } catch (err) {
    expect(err).toBeInstanceOf(EmailParseError);
    return "rejected";
  }
}

describe("parseEmail on hostile input", () => {
  it("rejects absurd MIME nesting (a MIME bomb) with a clear error", async () => {
    let nested = "MIME-Version: 1.0\r\n";
    for (let i = 0; i < 2000; i++) nested += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    nested += "Content-Type: text/plain\r\n\r\ninner\r\n";
    for (let i = 1999; i >= 0; i--) nested += `--b${i}--\r\n`;
    await expect(parseEmail(Buffer.from(HEAD + nested), INBOX)).rejects.toThrow(/unparseable MIME/);
  });

  it("rejects tens of thousands of parts", async () => {
    const part = "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=a.bin\r\n\r\n\r\n";
    const raw = `${HEAD}Content-Type: multipart/mixed; boundary="b"\r\n\r\n${part.repeat(20000)}--b--\r\n`;
    await expect(parseEmail(Buffer.from(raw), INBOX)).rejects.toThrow(/unparseable MIME/);
  });

  it("rejects huge headers", async () => {
    await expect(parseEmail(Buffer.from(`${HEAD}X-Big: ${"a".repeat(3_000_000)}\r\n\r\nbody`), INBOX)).rejects.toThrow(/header size/);
    await expect(parseEmail(Buffer.from(`${HEAD}${"X-H: v\r\n".repeat(200_000)}\r\nbody`), INBOX)).rejects.toThrow(/header size/);
  });

  it("keeps an HTML nesting bomb as text only, with a note that its HTML was dropped", async () => {
    const html = `${"<div>".repeat(150_000)}Please help, order 123${"</div>".repeat(150_000)}`;
    const r = await parseEmail(Buffer.from(`${HEAD}MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}`), INBOX);
    expect(r.kind === "message" && r.message).toMatchObject({
      text: "Please help, order 123",
      html: undefined,
      meta: { htmlDropped: "nesting depth over 200" },
    });
  });

  it("rejects empty input and mail without a sender", async () => {
    await expect(parseEmail(Buffer.alloc(0), INBOX)).rejects.toThrow("empty message");
    await expect(parseEmail(Buffer.from("just a body\r\n"), INBOX)).rejects.toThrow("message has no valid From address");
  });

  it("parses best-effort through invalid charsets, broken base64 and a very long body line", async () => {
    const bogus = await parseEmail(Buffer.from(`${HEAD}Content-Type: text/plain; charset=x-bogus\r\n\r\nhello`), INBOX);
    expect(bogus.kind === "message" && bogus.message.text).toBe("hello");
    const b64 = await parseEmail(Buffer.from(`${HEAD}Content-Transfer-Encoding: base64\r\n\r\n!!!!@@@@====`), INBOX);
    expect(b64.kind).toBe("message");
    const long = await parseEmail(Buffer.from(`${HEAD}\r\n${"x".repeat(3_000_000)}`), INBOX);
    expect(long.kind === "message" && long.message.text.length).toBe(1024 * 1024);
  });

  it("survives a seeded batch of mutated real messages", async () => {
    const dir = new URL("./fixtures/", import.meta.url);
    const seeds = readdirSync(dir).map((f) => readFileSync(new URL(f, dir)));
    const random = seededRandom(20261122);
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const counts = { parsed: 0, rejected: 0 };
    for (let i = 0; i < 200; i++) {
      const raw = mutate(pick(seeds), random, pick);
      counts[await outcome(raw)]++;
    }
    // Both paths are exercised; the exact split depends only on the seed.
    expect(counts.parsed).toBeGreaterThan(0);
    expect(counts.parsed + counts.rejected).toBe(200);
  });
});

const MUTATIONS: ((b: Buffer, r: () => number, pick: <T>(l: T[]) => T) => Buffer)[] = [
  (b, r) => b.subarray(0, Math.floor(r() * b.length)), // truncated delivery
  (b, r) => {
    const c = Buffer.from(b);
    for (let k = 0; k < 1 + r() * 20; k++) c[Math.floor(r() * c.length)] = Math.floor(r() * 256);
    return c;
  },
  (b) => Buffer.from(b.toString("latin1").replace(/\r\n/g, "\n").replace(/\n\n/, "\n"), "latin1"), // lost header/body separator
  (b, _r, pick) =>
    Buffer.from(
      b.toString("latin1").replace(/charset="?[\w-]+"?/gi, `charset=${pick(["", "utf-16", "x-evil", "ISO-2022-KR", '""'])}`),
      "latin1",
    ),
  (b, _r, pick) =>
    Buffer.from(b.toString("latin1").replace(/boundary="?([^"\r\n;]+)"?/i, `boundary="${pick(["", "--", "x".repeat(500)])}"`), "latin1"),
  (b, r) => Buffer.concat([Buffer.from(`Subject: ${"=?UTF-8?B?".repeat(Math.floor(r() * 50))}\r\n`), b]),
  (b) => Buffer.from(b.toString("latin1").replace(/^(From|Message-ID|Date|Content-Type):.*$/gim, "$1:"), "latin1"), // empty headers
  (b, r) => Buffer.concat([b, Buffer.from(Array.from({ length: 2000 }, () => Math.floor(r() * 256)))]),
  (b) => Buffer.from(b.toString("latin1").replace(/Content-Transfer-Encoding: \w+/gi, "Content-Transfer-Encoding: base64"), "latin1"),
];

function mutate(seed: Buffer, r: () => number, pick: <T>(l: T[]) => T): Buffer {
  let out = seed;
  const rounds = 1 + Math.floor(r() * 3);
  for (let k = 0; k < rounds; k++) out = pick(MUTATIONS)(out, r, pick);
  return out;
}
