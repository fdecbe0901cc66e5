import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INLINE_HTML_MAX_BYTES } from "~/server/domain/messages/message-html-store.ts";
import { startTestServer, type TestServer } from "./support/server.ts";
import { createDepartment, createPerson, type Person } from "./collab-fixtures.ts";

/**
 * Issue 17, finding 6 (bodies): a mail with megabytes of HTML kept that HTML in `Message.html`, one
 * row of megabytes in the single-connection embedded database. Sanitised HTML above 256 KiB now
 * lives in the file store; the row holds its hash, the API gives a URL, and the URL serves the
 * sanitised HTML, inert, to agents who may see the message and to no one else.
 */
let server: TestServer;
let smtpPort: number;
let legalInbox: string;
let supportInbox: string;
let kenji: Person; // member of the restricted Legal department
let maya: Person; // Support agent, not in Legal

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  smtpPort = server.smtpPort();
  const legalId = await createDepartment(server, "Legal", { restricted: true });
  const supportId = await createDepartment(server, "Support");
  kenji = await createPerson(server, "Kenji Mori", { departmentIds: [legalId] });
  maya = await createPerson(server, "Maya Chen", { departmentIds: [supportId] });
  legalInbox = await server.createInbox("email", "Legal", { address: "legal@acme.example" }, legalId);
  supportInbox = await server.createInbox("email", "Support", { address: "support@acme.example" }, supportId);
}, 60_000);
afterAll(() => server?.stop());

function htmlMail(to: string, messageId: string, html: string) {
  return [
    "From: Rin Sato <rin@customer.example>",
    `To: ${to}`,
    "Subject: 契約書の全文",
    `Message-ID: <${messageId}>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="alt"',
    "",
    "--alt",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "契約書の全文をお送りします。",
    "--alt",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    html,
    "--alt--",
    "",
  ].join("\r\n");
}

async function deliver(inboxId: string, to: string, messageId: string, html: string) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });
  const info = await transport
    .sendMail({ envelope: { from: "rin@customer.example", to: [to] }, raw: htmlMail(to, messageId, html) })
    .finally(() => transport.close());
  expect(info.response).toMatch(/^250/);
  for (;;) {
    const message = await server.ctx.db.message.findFirst({
      where: { inboxId, providerMessageId: messageId },
      select: { id: true, conversationId: true, html: true, htmlSha256: true },
    });
    if (message) return message;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const rowBytes = async (id: string) => {
  const [row] = await server.ctx.sql.query<{ bytes: number }>(
    `SELECT coalesce(octet_length(text), 0) + coalesce(octet_length(html), 0) + octet_length(meta::text) AS bytes FROM "Message" WHERE id = $1`,
    [id],
  );
  return Number(row!.bytes);
};

const apiMessage = async (conversationId: string, messageId: string, token: string) => {
  const res = await server.api("GET", `/api/v1/conversations/${conversationId}`, undefined, token);
  expect(res.status).toBe(200);
  return (res.body.messages as { id: string; html: string | null; htmlUrl: string | null }[]).find((m) => m.id === messageId)!;
};

const fetchAs = (path: string, token?: string) =>
  fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("a mail with a 3 MB HTML body", () => {
  // 3 MB of Japanese and ASCII paragraphs (about 19,000 elements, within the sanitiser's bounds), with a script to strip.
  const paragraph = `<p style="color: #333">第${"条".repeat(20)}の規定に従い、本契約を締結します。Clause text of the agreement, line by line.</p>`;
  const html = `<h1>契約書</h1><script>alert("xss")</script>${paragraph.repeat(Math.ceil(3_000_000 / Buffer.byteLength(paragraph)))}<p>以上</p>`;
  let stored: Awaited<ReturnType<typeof deliver>>;

  beforeAll(async () => {
    expect(Buffer.byteLength(html)).toBeGreaterThan(3_000_000);
    stored = await deliver(legalInbox, "legal@acme.example", "contract-3mb@customer.example", html);
  }, 120_000);

  it("is stored in the file store with only its hash in a small row", async () => {
    expect(stored.html).toBeNull();
    expect(stored.htmlSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await rowBytes(stored.id)).toBeLessThan(64 * 1024);
    const body = (await server.ctx.storage.read(stored.htmlSha256!)).toString("utf8");
    expect(Buffer.byteLength(body)).toBeGreaterThan(INLINE_HTML_MAX_BYTES);
    expect(body).toContain("<h1>契約書</h1>");
    expect(body).toContain("<p>以上</p>");
    expect(body).not.toContain("<script");
  });

  it("is given to the API as a URL, not inline", async () => {
    const m = await apiMessage(stored.conversationId, stored.id, kenji.token);
    expect(m).toMatchObject({ html: null, htmlUrl: `/messages/${stored.id}/html` });
  });

  it("is served sanitised and sandboxed to an agent who may see the message", async () => {
    const res = await fetchAs(`/messages/${stored.id}/html`, kenji.token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none';/);
    const page = await res.text();
    expect(page).toMatch(/^<!doctype html>.*<meta charset="utf-8">.*<body><h1>契約書<\/h1>/s);
    expect(page.endsWith("<p>以上</p></body></html>")).toBe(true);
    expect(page).not.toContain("<script");
    // The admin sees everything.
    expect((await fetchAs(`/messages/${stored.id}/html`, await server.apiToken())).status).toBe(200);
  });

  it("is not served to an agent outside the restricted department, nor without a session", async () => {
    const denied = await fetchAs(`/messages/${stored.id}/html`, maya.token);
    expect(denied.status).toBe(404);
    expect(await denied.text()).not.toContain("契約書");
    expect((await fetchAs(`/messages/${stored.id}/html`)).status).toBe(401);
  });
});

it("keeps a small HTML body inline, as before", async () => {
  const html = "<p>お世話になっております。<b>小さな</b>本文です。</p>";
  const stored = await deliver(supportInbox, "support@acme.example", "small-html@customer.example", html);
  expect(stored).toMatchObject({ html, htmlSha256: null });
  const m = await apiMessage(stored.conversationId, stored.id, maya.token);
  expect(m).toMatchObject({ html, htmlUrl: null });
  expect((await fetchAs(`/messages/${stored.id}/html`, maya.token)).status).toBe(404);
});
