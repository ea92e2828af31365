// Debian Chromium driven by playwright-core (no browser download: `playwright install` cannot work offline).
import { chromium, type Browser, type Page } from "playwright-core";

/** Flags that keep a headless Chromium quiet, offline and sandbox-free (CI runs as root). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** A browser with one page sized like a laptop screen. */
export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Closes the browser; never throws. */
  close(): Promise<void>;
}

/** Launches headless Chromium (fresh temporary profile) and opens one page. */
export async function openBrowser(executablePath: string): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    return {
      browser,
      page,
      async close() {
        await browser.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}
