// Browser E2E through the real VS Code web workbench, with the packaged .vsix installed:
// open a red file → F1 "Greenloop: Fix Until Tests Pass" → review diff opens → click the Accept CodeLens →
// the greenloop test task runs in the terminal panel → the status bar turns green, the file is fixed.
//   npx tsx test/e2e/workbench.e2e.ts [--vsix file.vsix] [--timeout seconds] [--verbose]
// Screenshots of every step go to test-artifacts/e2e/.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { type ScriptedServer, startScriptedModelServer } from "../support/scriptedModelServer";
import { check, RUN_TIMEOUT_MS, runE2e, STEP_TIMEOUT_MS } from "./launcher";
import { createRedWorkspace, FIX_ANSWER, TARGET } from "./redWorkspace";
import { formatTaskTimings, readTaskTimings } from "./taskTimings";
import type { WorkbenchPage } from "./workbenchPage";

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
  wb.log("command started; waiting for the review diff");

  const diff = page.locator(".monaco-diff-editor");
  await diff.first().waitFor({ state: "visible", timeout: RUN_TIMEOUT_MS });
  await wb.activeTab("Greenloop proposal").waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  const accept = page.locator(".codelens-decoration a", { hasText: /Accept/ }).first();
  await accept.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.statusBarItem("Greenloop: review").waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  // The red run's terminal, once VS Code has closed it: failing tests, not a terminal that "failed to launch".
  const redRun = page
    .locator(".xterm-rows", { hasText: "Finished with exit code 1" })
    .filter({ hasText: /reused by tasks|terminated with exit code|failed to launch/ })
    .filter({ visible: true })
    .first();
  await redRun.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  const closing = await redRun.innerText();
  check(!closing.includes("failed to launch"), `the failing run's terminal says it failed to launch:\n${closing}`);
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
  wb.log("accepted the hunk; waiting for the test task and the green status");
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

runE2e({
  name: "e2e",
  artifacts: "e2e",
  async setUp() {
    const server = await startScriptedModelServer([{ reply: FIX_ANSWER }]);
    return { workspace: createRedWorkspace(server.openaiBaseUrl), server, dispose: () => server.close() };
  },
  journey: (wb, { server, workspace }) => journey(wb, server, workspace),
  // Task start-up overhead: each test task's wall time against its command's own (numbers, not asserted).
  afterLogs(logsDir, log) {
    for (const line of formatTaskTimings(readTaskTimings(logsDir)).split("\n")) log(line);
  },
});
