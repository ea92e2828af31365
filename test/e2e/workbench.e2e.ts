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
  await wb.screenshot("workbench");

  await wb.openFile(TARGET, STEP_TIMEOUT_MS);
  await page
    .locator(".monaco-editor .view-lines", { hasText: "return a - b;" })
    .first()
    .waitFor({ timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("red-file");

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
  await wb.screenshot("review-diff");

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
