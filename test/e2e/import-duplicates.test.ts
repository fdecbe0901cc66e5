import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import type { Browser } from "playwright-core";
import { startTestServer, ADMIN, type TestServer } from "~/test/support/server.ts";
import { launchBrowser, openPage, signIn, type TrackedPage } from "~/test/support/browser.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";

// The import page in a real Chromium (issue 14): upload a Shift_JIS CSV, adjust the suggested mapping,
// read the dry run, run it, watch it finish; then the duplicates page merges and dismisses. In
// English and Japanese, with screenshots (E2E_SCREENSHOTS=dir).
const SHOTS = process.env.E2E_SCREENSHOTS;
let server: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(os.tmpdir(), "sb-e2e-import-"));
  await createUser(server.ctx, "system", {
    email: "aiko@import.example",
    name: "藤井 愛子",
    role: "admin",
    password: "aiko-password-1",
    locale: "ja",
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function csvFile(name: string, text: string) {
  const file = path.join(dir, name);
  await writeFile(file, iconv.encode(text, "cp932"));
  return file;
}

async function importThroughUi(tab: TrackedPage, file: string, lang: string) {
  const { page } = tab;
  await page.goto(`${server.url}/admin/import`);
  await page.setInputFiles('input[name="file"]', file);
  await page.getByTestId("import-upload").locator('button[type="submit"]').click();
  const mapping = page.getByTestId("import-mapping");
  await mapping.waitFor();
  // The suggestion ignores 備考; map it by hand to nothing else, and check the suggested fields.
  await expect
    .poll(() => mapping.locator("select").evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value)))
    .toEqual(["name", "reading", "email", "phone", "company", ""]);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/import-mapping-${lang}.png`, fullPage: true });
  return page;
}

describe("import page", () => {
  it("maps, dry-runs, runs and summarises a Shift_JIS file (English)", async () => {
    const tab = await openPage(browser);
    await signIn(tab.page, server.url, ADMIN.email, ADMIN.password);
    const file = await csvFile(
      "customers.csv",
      "氏名,フリガナ,メール,電話,会社,備考\n" +
        "山田 太郎,ヤマダ タロウ,taro@yamada-e2e.jp,090-1234-5678,山田商事,VIP\n" +
        "鈴木 花子,スズキ ハナコ,hanako@suzuki-e2e.jp,０８０-１１１１-２２２２,鈴木工業,\n" +
        "壊れた行,,not-an-email,,,\n" +
        "Taro Yamada,,taro.y@yamada-e2e.jp,,山田商事,\n",
    );
    const page = await importThroughUi(tab, file, "en");
    // Change a field by hand: the reading column is ignored this time, then mapped back.
    const readingSelect = page.getByTestId("import-mapping").locator('select[aria-label="フリガナ"]');
    await readingSelect.selectOption("");
    await readingSelect.selectOption("reading");
    await page.getByRole("button", { name: "Dry run" }).click();
    const dry = page.getByTestId("import-dry-run");
    await dry.waitFor({ timeout: 30_000 });
    await expect.poll(() => dry.locator('[data-count="created"] strong').textContent()).toBe("3");
    expect(await dry.locator('[data-count="rejected"] strong').textContent()).toBe("1");
    expect(await page.getByTestId("import-errors").locator("tr[data-row='4']").textContent()).toContain("not a valid email address");
    expect(await server.ctx.db.contact.count({ where: { identities: { some: { address: { endsWith: "-e2e.jp" } } } } })).toBe(0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/import-dry-run-en.png`, fullPage: true });

    await page.getByRole("button", { name: "Import 3 rows" }).click();
    const summary = page.getByTestId("import-summary");
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.locator('[data-count="created"] strong').textContent()).toBe("3");
    expect(await server.ctx.db.contact.count({ where: { identities: { some: { address: { endsWith: "-e2e.jp" } } } } })).toBe(3);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/import-summary-en.png`, fullPage: true });

    // The import refreshed duplicates: Taro Yamada is 山田 太郎 (ヤマダ タロウ) at 山田商事.
    await page.getByRole("link", { name: "Review duplicate suggestions" }).click();
    const card = page.getByTestId("duplicate").filter({ hasText: "Taro Yamada" });
    await card.waitFor();
    expect(await card.locator('[data-reason="reading"]').textContent()).toBe("Name matches the reading");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/duplicates-en.png`, fullPage: true });
    await card.locator(".dup-contact", { hasText: "山田 太郎" }).getByRole("button", { name: "Keep this one" }).click();
    await card.waitFor({ state: "detached" });
    const latin = await server.ctx.db.contact.findFirstOrThrow({ where: { name: "Taro Yamada" } });
    expect(latin.mergedIntoId).not.toBeNull();
    expect(tab.errors, tab.errors.join("\n")).toEqual([]);
    await tab.context.close();
  });

  it("works in Japanese, and dismisses a suggestion", async () => {
    const tab = await openPage(browser, { locale: "ja-JP" });
    await signIn(tab.page, server.url, "aiko@import.example", "aiko-password-1");
    const file = await csvFile(
      "kaisha.csv",
      "氏名,フリガナ,メール,電話,会社,備考\n" +
        "佐藤 一郎,サトウ イチロウ,ichiro@sato-e2e.jp,,佐藤物産,\n" +
        "佐藤一郎,,ichiro.sato@sato-e2e.jp,,佐藤物産,\n",
    );
    const page = await importThroughUi(tab, file, "ja");
    await page.getByRole("button", { name: "ドライラン" }).click();
    await page.getByTestId("import-dry-run").waitFor({ timeout: 30_000 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/import-dry-run-ja.png`, fullPage: true });
    await page.getByRole("button", { name: "2 行をインポート" }).click();
    await page.getByTestId("import-summary").waitFor({ timeout: 60_000 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/import-summary-ja.png`, fullPage: true });

    await page.goto(`${server.url}/admin/duplicates`);
    const card = page.getByTestId("duplicate").filter({ hasText: "佐藤一郎" });
    await card.waitFor();
    expect(await card.locator('[data-reason="name"]').textContent()).toBe("同じ会社で同じ名前");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/duplicates-ja.png`, fullPage: true });
    const id = await card.getAttribute("data-id");
    await card.getByRole("button", { name: "別人" }).click();
    await card.waitFor({ state: "detached" });
    expect((await server.ctx.db.duplicateSuggestion.findUniqueOrThrow({ where: { id: id! } })).dismissedAt).not.toBeNull();
    expect(tab.errors, tab.errors.join("\n")).toEqual([]);
    await tab.context.close();
  });
});
