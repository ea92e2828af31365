// Debian Chromium driven by playwright-core (no browser download: `playwright install` cannot work offline).
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

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
  // Chromium keeps crash reports under XDG_CONFIG_HOME even with a temporary profile: keep them out of $HOME.
  const xdg = mkdtempSync(path.join(os.tmpdir(), "greenloop-chromium-"));
  const removeXdg = () => rmSync(xdg, { recursive: true, force: true, maxRetries: 3 });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
      env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg },
    });
  } catch (error) {
    removeXdg();
    throw error;
  }
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    return {
      browser,
      page,
      async close() {
        await browser.close().catch(() => undefined);
        removeXdg();
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    removeXdg();
    throw error;
  }
}
