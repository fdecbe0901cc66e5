import { spawnSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { TEST_DB } from "~/test/support/database.ts";
import { launchBrowser, openPage, signIn } from "~/test/support/browser.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { percentile, table } from "./stats.ts";

/**
 * The agent's UI in Chromium (issue 10): conversation switches by click, timed in the page from the
 * click to the conversation's own messages on screen, and the JavaScript the inbox page loads
 * (gzipped, as the server's compression sends it). Baseline: the same conversation's JSON fetched
 * from the page (GET /api/v1/conversations/:id with the session cookie), i.e. the server's share.
 * Goals from the issue: switch p95 ≤ 100 ms, inbox JS ≤ 150 KiB gzipped. BENCH_UI_SWITCHES (20).
 */
const SWITCHES = Number(process.env.BENCH_UI_SWITCHES ?? 20);
const GOAL_SWITCH_P95_MS = 100;
const GOAL_JS_KIB = 150;

export async function run() {
  if (!process.env.BENCH_UI_NO_BUILD) {
    console.log("building the app (npx react-router build)…");
    const build = spawnSync("npx", ["react-router", "build"], { stdio: "ignore" });
    if (build.status !== 0) throw new Error("react-router build failed");
  }
  const server = await startTestServer();
  const browser = await launchBrowser();
  try {
    const ids = await seed(server, SWITCHES + 5);
    const { page } = await openPage(browser);
    await signIn(page, server.url, ADMIN.email, ADMIN.password);

    // A fresh load of the inbox with a conversation open: every script the page needs for a switch.
    const scripts = new Map<string, Buffer>();
    page.on("response", async (r) => {
      if (r.request().resourceType() !== "script" || r.status() !== 200) return;
      scripts.set(new URL(r.url()).pathname, await r.body().catch(() => Buffer.alloc(0)));
    });
    await page.goto(`${server.url}/inbox/all/${ids[0]}`, { waitUntil: "networkidle" });
    await waitForMessages(page, ids[0]!);
    const targets = ids.slice(1, SWITCHES + 1).map((id, k) => ({ id, text: marker(k + 1) }));
    // What a switch asks the server for (single-fetch .data requests name the loaders they run).
    const requests: string[] = [];
    const onRequest = (r: { url(): string }) => requests.push(new URL(r.url()).pathname + new URL(r.url()).search);
    page.on("request", onRequest);
    const switches = await measureSwitches(page, targets);
    page.off("request", onRequest);
    const baseline = await measureFetches(page, ids.slice(1, SWITCHES + 1));
    report(switches, baseline, scripts);
    console.log(`\nrequests during the ${switches.length} switches: ${requests.length}; the first switch's:`);
    for (const r of requests.filter((r) => r.includes(targets[0]!.id))) console.log(`  ${r}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Conversations with a few messages each; the last text of each names it, so the page can tell when it is shown. */
async function seed(server: TestServer, count: number) {
  const inboxId = await server.createInbox("email", "Bench mail", { address: "support@bench.example" });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    for (let m = 0; m < 4; m++) {
      const r = await ingestInboundMessage(server.ctx, {
        inboxId,
        message: {
          providerMessageId: `ui-bench-${i}-${m}`,
          from: { kind: "email", address: `customer${i}@bench.example`, displayName: `Customer ${i}` },
          subject: `Order question ${i}`,
          ...(m > 0 ? { threading: { conversationId: ids[i] } } : {}),
          text: m === 3 ? marker(i) : `Message ${m} about order ${i}: when does it ship, and can I change the address?`,
        },
      });
      if (m === 0) ids.push(r.conversationId);
      else if (r.conversationId !== ids[i]) throw new Error("the seed replies did not thread into their conversation");
    }
  }
  // ids[i]'s last message is marker(i).
  return ids;
}
const marker = (i: number) => `Bench marker ${i}`;

async function waitForMessages(page: Page, id: string) {
  await page.waitForSelector(`.timeline [data-message-id]`, { timeout: 30_000 });
  await page.waitForSelector(`[data-conversation-id="${id}"]`, { timeout: 30_000 });
}

/** Click → the clicked conversation's marker message rendered in the timeline, timed inside the page. */
async function measureSwitches(page: Page, targets: { id: string; text: string }[]) {
  const samples: number[] = [];
  for (const target of targets) {
    samples.push(
      await page.evaluate(
        ({ id, text }) =>
          new Promise<number>((resolve, reject) => {
            const link = document.querySelector<HTMLAnchorElement>(`a[data-conversation-id="${id}"]`);
            if (!link) return reject(new Error(`no row for ${id}`));
            const timeout = setTimeout(() => reject(new Error(`conversation ${id} not shown after 30 s`)), 30_000);
            const started = performance.now();
            const observer = new MutationObserver(() => {
              // Inline, no named helper: tsx would wrap one in a __name() call the page does not have.
              if (![...document.querySelectorAll(".timeline [data-message-id]")].some((m) => m.textContent?.includes(text))) return;
              observer.disconnect();
              clearTimeout(timeout);
              // Painted: the next animation frame after the DOM change.
              requestAnimationFrame(() => resolve(performance.now() - started));
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            link.click();
          }),
        target,
      ),
    );
  }
  return samples;
}

/** The server's share: the same conversation's JSON, fetched from the page with its cookie. */
async function measureFetches(page: Page, ids: string[]) {
  const samples: number[] = [];
  for (const id of ids) {
    samples.push(
      await page.evaluate(async (id) => {
        const started = performance.now();
        const res = await fetch(`/api/v1/conversations/${id}`);
        await res.json();
        return performance.now() - started;
      }, id),
    );
  }
  return samples;
}

function report(switches: number[], baseline: number[], scripts: Map<string, Buffer>) {
  const s = [...switches].sort((a, b) => a - b);
  const b = [...baseline].sort((a, b) => a - b);
  const files = [...scripts].map(([path, body]) => ({ path, raw: body.length, gzip: gzipSync(body).length }));
  files.sort((x, y) => y.gzip - x.gzip);
  const kib = (n: number) => n / 1024;
  const totalGzip = files.reduce((sum, f) => sum + f.gzip, 0);
  const totalRaw = files.reduce((sum, f) => sum + f.raw, 0);
  console.log(`\nui — Chromium, ${TEST_DB === "postgres" ? "PostgreSQL" : "PGlite (in memory)"}, ${switches.length} switches by click\n`);
  console.log(
    table(
      ["path", "n", "p50 ms", "p95 ms", "max ms", "goal"],
      [
        ["GET conversation JSON from the page (baseline)", String(b.length), percentile(b, 50), percentile(b, 95), b.at(-1)!, ""],
        [
          "click → conversation's messages rendered",
          String(s.length),
          percentile(s, 50),
          percentile(s, 95),
          s.at(-1)!,
          `p95 ≤ ${GOAL_SWITCH_P95_MS}`,
        ],
      ],
    ),
  );
  console.log(`\ninbox page JavaScript (${files.length} files, as loaded with a conversation open)\n`);
  console.log(
    table(
      ["file", "raw KiB", "gzip KiB"],
      [...files.map((f) => [f.path, kib(f.raw), kib(f.gzip)]), ["total", kib(totalRaw), kib(totalGzip)], ["goal", "", `≤ ${GOAL_JS_KIB}`]],
    ),
  );
}
