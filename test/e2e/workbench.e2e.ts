// Browser E2E through the real VS Code web workbench, with the packaged .vsix installed:
// open a red file → F1 "Greenloop: Fix Until Tests Pass" → review diff opens → click the Accept CodeLens →
// the greenloop test task runs in the terminal panel → the status bar turns green, the file is fixed.
//   npx tsx test/e2e/workbench.e2e.ts [--vsix file.vsix] [--timeout seconds] [--verbose]
// Screenshots of every step go to test-artifacts/e2e/.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { type ScriptedServer, startScriptedModelServer } from "../support/scriptedModelServer";
import { type BrowserSession, openBrowser } from "../vscode/harness/browser";
import { type CodeServer, startCodeServer } from "../vscode/harness/codeServer";
import { repoRoot, resolveToolPaths } from "../vscode/harness/paths";
import { createRedWorkspace, FIX_ANSWER, TARGET } from "./redWorkspace";
import { formatTaskTimings, readTaskTimings } from "./taskTimings";
import { WorkbenchPage } from "./workbenchPage";

const STEP_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 180_000;

const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`);

/** Builds and packages the extension the way users get it; returns the .vsix path. */
function packageVsix(root: string): string {
  const out = path.join(root, ".cache", "e2e", "greenloop-e2e.vsix");
  const result = spawnSync(process.execPath, ["scripts/package/package.mjs", "--out", out], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`Packaging failed (exit ${result.status ?? result.signal})`);
  return out;
}

/** Fails with `message` unless `condition` holds. */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The user journey; each step waits on what the user would see. */
async function journey(wb: WorkbenchPage, server: ScriptedServer, workspace: string): Promise<void> {
  const { page } = wb;
  await wb.waitForWorkbench(STEP_TIMEOUT_MS);
  // Before any command: the status bar item is there, and lists Greenloop's commands.
  const idle = wb.statusBarItem(/^\s*Greenloop\s*$/);
  await idle.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("workbench");
  await idle.click();
  await page
    .locator(".quick-input-list .monaco-list-row", { hasText: "Greenloop: Fix Until Tests Pass" })
    .first()
    .waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press("Escape");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: STEP_TIMEOUT_MS });

  await wb.openFile(TARGET, STEP_TIMEOUT_MS);
  await page
    .locator(".monaco-editor .view-lines", { hasText: "return a - b;" })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("red-file");

  // The Explorer's menu on the file: Fix Until Tests Pass in a group of its own, not under Delete.
  await page
    .locator(".explorer-folders-view .monaco-list-row", { hasText: path.basename(TARGET) })
    .first()
    .click({ button: "right" });
  const labels = await wb.contextMenuLabels(STEP_TIMEOUT_MS);
  const at = labels.indexOf("Fix Until Tests Pass");
  check(at >= 0, `no Fix Until Tests Pass in the Explorer menu: ${labels.join(" | ")}`);
  check(
    labels[at - 1] === "---" && (at === labels.length - 1 || labels[at + 1] === "---"),
    `Fix Until Tests Pass shares a group in the Explorer menu: ${labels.join(" | ")}`,
  );
  await wb.screenshot("explorer-menu");
  await page.keyboard.press("Escape");

  await wb.runCommand("Greenloop: Fix Until Tests Pass", STEP_TIMEOUT_MS, () =>
    wb.screenshot("palette").then(() => undefined),
  );
  log("command started; waiting for the review diff");

  const diff = page.locator(".monaco-diff-editor");
  await diff.first().waitFor({ state: "visible", timeout: RUN_TIMEOUT_MS });
  await wb.activeTab("Greenloop proposal").waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  const accept = page.locator(".codelens-decoration a", { hasText: /Accept/ }).first();
  await accept.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.statusBarItem("Greenloop: review").waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("review-diff");

  // The panel during the review: its Accept all / Reject all stay clear of the run's progress notification.
  await wb.runCommand("Greenloop: Show Panel", STEP_TIMEOUT_MS);
  const reviewPanel = page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
  const acceptAll = reviewPanel.getByTestId("review-bar").getByRole("button", { name: "Accept all changes" });
  await acceptAll.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  const toast = wb.toast(/fixing/i).first();
  await toast.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  const [buttonBox, toastBox] = [await acceptAll.boundingBox(), await toast.boundingBox()];
  check(!!buttonBox && !!toastBox, "no box for the panel's Accept all or the progress notification");
  const overlaps =
    buttonBox!.x < toastBox!.x + toastBox!.width &&
    toastBox!.x < buttonBox!.x + buttonBox!.width &&
    buttonBox!.y < toastBox!.y + toastBox!.height &&
    toastBox!.y < buttonBox!.y + buttonBox!.height;
  check(
    !overlaps,
    `the progress notification covers the panel's Accept all: ${JSON.stringify({ buttonBox, toastBox })}`,
  );
  await wb.screenshot("review-panel");

  await accept.click();
  log("accepted the hunk; waiting for the test task and the green status");
  // The accepted change is tested in a greenloop task: its pseudoterminal prints how the run ended.
  // Each run has its own terminal; only the one in front is visible.
  const taskOutput = page
    .locator(".xterm-rows", { hasText: "Finished with exit code 0" })
    .filter({ visible: true })
    .first();
  await taskOutput.waitFor({ state: "visible", timeout: RUN_TIMEOUT_MS });
  await wb.screenshot("test-task");

  await wb.statusBarItem("Greenloop: green").waitFor({ state: "visible", timeout: RUN_TIMEOUT_MS });
  await wb
    .toast(/tests pass/i)
    .first()
    .waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("green");

  // The panel shows the same run: opened after the fact, it replays the run's events.
  await wb.runCommand("Greenloop: Show Panel", STEP_TIMEOUT_MS);
  const panel = page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
  await panel.getByText("Green: all tests pass").first().waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await panel
    .getByText(/Iteration 1/)
    .first()
    .waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("panel");

  const fixed = readFileSync(path.join(workspace, TARGET), "utf8");
  check(
    fixed.includes("return a + b;") && !fixed.includes("return a - b;"),
    `${TARGET} was not fixed on disk:\n${fixed}`,
  );
  const chats = server.chatRequests();
  check(chats.length === 1, `expected one model call, got ${chats.length}`);
  const prompt = chats[0].messages.map((m) => m.content).join("\n");
  check(prompt.includes("add adds"), "the prompt does not carry the failing test's name");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      vsix: { type: "string" },
      timeout: { type: "string", default: "600" },
      verbose: { type: "boolean", default: false },
    },
  });
  const hardTimeoutMs = Number(values.timeout) * 1000;
  if (!(hardTimeoutMs > 0)) throw new Error(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
  const root = repoRoot();
  const tools = resolveToolPaths();
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

  const vsix = values.vsix ? path.resolve(values.vsix) : packageVsix(root);
  log(`vsix ready after ${seconds()} s: ${vsix}`);
  const shotsDir = path.join(root, "test-artifacts", "e2e");
  rmSync(shotsDir, { recursive: true, force: true });

  const server = await startScriptedModelServer([{ reply: FIX_ANSWER }]);
  const workspace = createRedWorkspace(server.openaiBaseUrl);
  let codeServer: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let wb: WorkbenchPage | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    codeServer = await startCodeServer({
      tools,
      workspace,
      installVsix: [vsix],
      onLog: values.verbose ? (line) => log(`[code-server] ${line}`) : undefined,
    });
    log(`code-server ready after ${seconds()} s at ${codeServer.url}`);
    browser = await openBrowser(tools.chromium);
    wb = new WorkbenchPage(browser.page, shotsDir, log);
    if (values.verbose) browser.page.on("pageerror", (error) => log(`[browser] ${error.message}`));
    await browser.page.goto(codeServer.workbenchUrl(), { timeout: STEP_TIMEOUT_MS });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`E2E did not finish within ${values.timeout} s`)), hardTimeoutMs);
    });
    await Promise.race([journey(wb, server, workspace), timeout]);
    log(`PASS in ${seconds()} s`);
  } catch (error) {
    await wb?.screenshot("failure").catch(() => undefined);
    throw error;
  } finally {
    // The extension's output channel and the workbench logs explain most failures.
    if (codeServer)
      cpSync(path.join(codeServer.stateDir, "user-data", "logs"), path.join(shotsDir, "logs"), { recursive: true });
    // Task start-up overhead: each test task's wall time against its command's own (numbers, not asserted).
    for (const line of formatTaskTimings(readTaskTimings(path.join(shotsDir, "logs"))).split("\n")) log(line);
    if (timer) clearTimeout(timer);
    await browser?.close();
    await codeServer?.stop();
    await server.close();
    rmSync(workspace, { recursive: true, force: true, maxRetries: 3 });
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(130));

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`FAIL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
