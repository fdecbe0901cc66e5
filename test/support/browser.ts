import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/**
 * Debian's Chromium driven by playwright-core (no browser download). Every page collects console
 * errors and uncaught exceptions so a test can assert the UI ran clean.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface TrackedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far. */
  errors: string[];
}

export async function openPage(browser: Browser, opts: { locale?: string; width?: number } = {}): Promise<TrackedPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: 900 },
    locale: opts.locale ?? "en-US",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    // A failed sign-in answers 401 on purpose; the browser logs that resource status as an error.
    if (m.type() === "error" && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  // Name the failing URL (the console line alone does not say which request failed).
  page.on("response", (r) => {
    if (r.status() >= 400 && r.status() !== 401) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return { context, page, errors };
}

/** Signs in through the real login form and waits for the inbox. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(/\/inbox\//), page.click('button[type="submit"]')]);
}
