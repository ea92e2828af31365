// Driving the VS Code web workbench like a user: palette, quick open, screenshots. Waits on selectors only.
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import type { Locator, Page } from "playwright-core";

/** A workbench page plus a numbered screenshot log. */
export class WorkbenchPage {
  private shots = 0;

  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
    /** The E2E's log, for the journey's own lines. */
    readonly log: (line: string) => void,
  ) {
    mkdirSync(screenshotDir, { recursive: true });
  }

  /** Saves `NN-name.png` and logs its path. */
  async screenshot(name: string): Promise<string> {
    this.shots += 1;
    const file = path.join(this.screenshotDir, `${String(this.shots).padStart(2, "0")}-${name}.png`);
    await this.page.screenshot({ path: file });
    this.log(`screenshot ${path.relative(process.cwd(), file)}`);
    return file;
  }

  /** Waits until the workbench and its status bar are rendered. */
  async waitForWorkbench(timeoutMs: number): Promise<void> {
    await this.page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: timeoutMs });
    await this.page.locator(".statusbar").waitFor({ state: "visible", timeout: timeoutMs });
    // The explorer lists the folder once the remote file system is connected.
    await this.page
      .locator(".explorer-folders-view .monaco-list-row")
      .first()
      .waitFor({ state: "visible", timeout: timeoutMs });
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor tab to be active. */
  async openFile(relativePath: string, timeoutMs: number): Promise<void> {
    const name = path.basename(relativePath);
    await this.page.locator(".monaco-workbench").click({ position: { x: 5, y: 5 }, force: true });
    await this.page.keyboard.press("Control+P");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: timeoutMs });
    await input.fill(relativePath);
    await this.page
      .locator(".quick-input-list .monaco-list-row", { hasText: name })
      .first()
      .waitFor({ state: "visible", timeout: timeoutMs });
    await input.press("Enter");
    await this.activeTab(name).waitFor({ state: "visible", timeout: timeoutMs });
  }

  /** The active editor tab whose label contains `label`. */
  activeTab(label: string): Locator {
    return this.page.locator(".tabs-container .tab.active", { hasText: label });
  }

  /** Runs a command through the F1 palette by its full title ("Category: Title"). */
  async runCommand(title: string, timeoutMs: number, beforeEnter?: () => Promise<void>): Promise<void> {
    await this.page.keyboard.press("F1");
    const input = this.page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: timeoutMs });
    await input.fill(`>${title}`);
    const row = this.page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
    await row.waitFor({ state: "visible", timeout: timeoutMs });
    await beforeEnter?.();
    await input.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: timeoutMs });
  }

  /**
   * Clicks `target` until `until` shows: a list that re-renders under the pointer (a run's results still
   * arriving) can swallow one click, so a lost click is retried rather than failing the journey.
   */
  async clickUntilVisible(target: Locator, until: Locator, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await target.click({ timeout: Math.max(1, deadline - Date.now()) });
      const remaining = deadline - Date.now();
      const shown = await until.waitFor({ state: "visible", timeout: Math.max(1, Math.min(remaining, 5_000)) }).then(
        () => true,
        () => false,
      );
      if (shown) return;
      if (Date.now() >= deadline) throw new Error(`Clicking ${target} never showed ${until} within ${timeoutMs} ms`);
    }
  }

  /** The status bar entry whose text contains `text`. */
  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator(".statusbar-item", { hasText: text });
  }

  /** Notification toasts whose text contains `text`. */
  toast(text: string | RegExp): Locator {
    return this.page.locator(".notification-toast", { hasText: text });
  }

  /** The labels of the open context menu, in order, with "---" for each separator. */
  async contextMenuLabels(timeoutMs: number): Promise<string[]> {
    const menu = this.page.locator(".context-view .monaco-menu").first();
    await menu.waitFor({ state: "visible", timeout: timeoutMs });
    return menu
      .locator(".action-item")
      .evaluateAll((items) =>
        items.map((item) =>
          item.querySelector(".separator") || item.classList.contains("separator")
            ? "---"
            : (item.querySelector(".action-label")?.textContent ?? "").trim(),
        ),
      );
  }
}
