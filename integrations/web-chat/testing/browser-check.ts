/**
 * Manual browser check of the widget (not part of the suites; the cross-UI e2e lives in test/e2e):
 * a host page on another origin embeds /widget.js, a visitor chats in Japanese in real Chromium, an
 * agent replies over the API, and screenshots land in the folder given as the first argument.
 *   npx tsx integrations/web-chat/testing/browser-check.ts /tmp
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// The email channel's listener reads these from the process environment.
process.env.SMTP_PORT ??= "0";
process.env.SMTP_HOST ??= "127.0.0.1";
const { startTestServer } = await import("~/test/support/server.ts");
const { launchBrowser, openPage } = await import("~/test/support/browser.ts");

const outDir = path.resolve(process.argv[2] ?? "/tmp");
const server = await startTestServer({ ui: false });
const browser = await launchBrowser();
const problems: string[] = [];
try {
  const token = await server.apiToken();
  const inboxId = await server.createInbox("web_chat", "Website", {
    title: "サポート",
    greeting: "こんにちは！ご用件をどうぞ。",
    color: "#0e7490",
  });
  const site = createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(`<!doctype html><html><head><title>Shop</title></head><body style="font-family:sans-serif;background:#f8fafc">
<h1>Example Shop</h1><p>Products, prices and a chat button in the corner.</p>
<script src="${server.url}/widget.js" data-inbox="${inboxId}" async></script></body></html>`);
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  const siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;

  const { page, errors } = await openPage(browser, { locale: "ja-JP", width: 1100 });
  await page.goto(siteUrl);
  await page.getByRole("button", { name: "チャットを開く" }).click();
  const chat = page.frameLocator("#switchboard-chat-frame");
  const input = chat.getByRole("textbox", { name: "メッセージを入力…" });
  // Enter that confirms an IME conversion must not send (what Japanese typing produces).
  await input.fill("へんかんちゅう");
  await input.dispatchEvent("keydown", { key: "Enter", isComposing: true, bubbles: true });
  if ((await input.inputValue()) !== "へんかんちゅう" || (await chat.locator(".msg-mine").count()) !== 0)
    problems.push("Enter during IME composition sent the message");
  await input.fill("注文した商品がまだ届きません");
  await input.press("Enter");
  await chat.getByText("注文した商品がまだ届きません").waitFor();
  await chat.getByText(/^あなた · /).waitFor();

  const conversation = await server.ctx.db.conversation.findFirstOrThrow({ where: { inboxId } });
  const reply = await server.api(
    "POST",
    `/api/v1/conversations/${conversation.id}/messages`,
    { text: "ご不便をおかけしています。注文番号を教えていただけますか？" },
    token,
  );
  if (reply.status !== 202) problems.push(`reply failed: ${reply.status}`);
  await chat.getByText("ご不便をおかけしています。注文番号を教えていただけますか？").waitFor();
  await chat.getByRole("button", { name: "メールアドレスを残す" }).click();
  await page.screenshot({ path: path.join(outDir, "web-chat-embedded.png") });

  // Reload: the history comes back from the server.
  await page.reload();
  await page.getByRole("button", { name: "チャットを開く" }).click();
  await page.frameLocator("#switchboard-chat-frame").getByText("注文した商品がまだ届きません").waitFor();

  const standalone = await openPage(browser, { locale: "en-US", width: 420 });
  await standalone.page.goto(`${server.url}/widget/${inboxId}`);
  await standalone.page.getByRole("textbox", { name: "Type a message…" }).waitFor();
  await standalone.page.screenshot({ path: path.join(outDir, "web-chat-standalone.png") });
  problems.push(...errors, ...standalone.errors);
  site.close();
} finally {
  await browser.close();
  await server.stop();
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`ok: screenshots in ${outDir}`);
