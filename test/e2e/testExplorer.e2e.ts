// Browser E2E of the Testing integration through the real VS Code web workbench, with the packaged .vsix and
// the suite's fixture extensions (another test extension, an editor model provider):
// Choose Editor Model lists the fixture model → in the Testing view, right-click the other extension's failing
// test → "Fix with Greenloop" → the test runs alone, the fixture model's answer is applied, the suite passes,
// and Greenloop's own results show in the Testing view, Test Results and the editor.
//   npx tsx test/e2e/testExplorer.e2e.ts [--vsix file.vsix] [--timeout seconds] [--verbose]
// Screenshots of every step go to test-artifacts/e2e-testing/.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { check, RUN_TIMEOUT_MS, runE2e, STEP_TIMEOUT_MS } from "./launcher";
import { FIX_ANSWER, RED_SOURCE, TARGET } from "./redWorkspace";
import type { WorkbenchPage } from "./workbenchPage";

const TEST_FILE = "test/calc.test.js";

const TESTS = `const test = require("node:test");
const assert = require("node:assert");
const { add, double } = require("../src/calc");

test("add adds", () => assert.strictEqual(add(2, 3), 5));
test("double doubles", () => assert.strictEqual(double(4), 8));
`;

/** The red project, Greenloop set to the editor's fixture model, and the fixtures' script. */
function createWorkspace(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "greenloop-e2e-testing-"));
  const files: Record<string, string> = {
    "package.json": JSON.stringify(
      { name: "calc", version: "1.0.0", private: true, scripts: { test: "node --test" } },
      null,
      2,
    ),
    [TARGET]: RED_SOURCE,
    [TEST_FILE]: TESTS,
    ".vscode/settings.json": JSON.stringify(
      {
        "greenloop.provider": "vscode",
        "greenloop.lm.vendor": "greenloop-fixture",
        "greenloop.approvalMode": "auto-all",
        "greenloop.memory.enabled": false,
        "terminal.integrated.gpuAcceleration": "off",
      },
      null,
      2,
    ),
    // The other test extension's failing test (line 5, 0-based 4), and the fixture model's answer.
    ".greenloop-fixture/tests.json": JSON.stringify([
      {
        file: TEST_FILE,
        name: "add adds",
        line: 4,
        message: "AssertionError: Expected values to be strictly equal:\n\n-1 !== 5",
        expected: "5",
        actual: "-1",
      },
    ]),
    ".greenloop-fixture/replies.json": JSON.stringify([FIX_ANSWER]),
  };
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

/**
 * Runs a palette command once the workbench lists it: right after start-up the extensions' contributions may
 * not be registered yet, and an open palette does not refresh its list, so it is reopened until the row shows.
 */
async function runCommandOnceListed(wb: WorkbenchPage, title: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = wb.page.locator(".quick-input-widget input");
  const row = wb.page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  for (;;) {
    await wb.page.keyboard.press("F1");
    await input.waitFor({ state: "visible", timeout: timeoutMs });
    await input.fill(`>${title}`);
    const listed = await row.waitFor({ state: "visible", timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (listed) break;
    await wb.page.keyboard.press("Escape");
    if (Date.now() > deadline) throw new Error(`The command palette never listed "${title}"`);
  }
  await input.press("Enter");
}

/** The user journey; each step waits on what the user would see. */
async function journey(wb: WorkbenchPage, workspace: string): Promise<void> {
  const { page } = wb;
  await wb.waitForWorkbench(STEP_TIMEOUT_MS);

  // The editor's models, as Greenloop offers them.
  await runCommandOnceListed(wb, "Greenloop: Choose Editor Model", STEP_TIMEOUT_MS);
  const model = page.locator(".quick-input-list .monaco-list-row", { hasText: "Fixture Coder" }).first();
  await model.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("choose-editor-model");
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: STEP_TIMEOUT_MS });

  // The other extension's failing test in the Testing view.
  await wb.runCommand("Testing: Focus on Test Explorer View", STEP_TIMEOUT_MS);
  const explorer = page.locator(".test-explorer");
  await explorer.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  const testRow = explorer.locator(".monaco-list-row", { hasText: "add adds" }).first();
  const fileRow = explorer.locator(".monaco-list-row", { hasText: "calc.test.js" }).first();
  await fileRow.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  if (!(await testRow.isVisible())) await fileRow.click();
  await testRow.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await testRow.click({ button: "right" });
  const fix = page.locator(".monaco-menu .action-item", { hasText: "Fix with Greenloop" }).first();
  await fix.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("fix-with-greenloop-menu");
  await fix.click();
  // Under load a context menu can take the click while it still settles: it stays open, so choose by keyboard.
  const menu = page.locator(".monaco-menu").first();
  if (
    !(await menu.waitFor({ state: "hidden", timeout: 5_000 }).then(
      () => true,
      () => false,
    ))
  ) {
    await fix.hover();
    await page.keyboard.press("Enter");
    await menu.waitFor({ state: "hidden", timeout: STEP_TIMEOUT_MS });
  }
  wb.log("Fix with Greenloop chosen; waiting for the suite to pass");

  await wb
    .toast(/"add adds" and the rest of the suite pass/)
    .first()
    .waitFor({ state: "visible", timeout: RUN_TIMEOUT_MS });
  await wb.screenshot("green");

  // Greenloop's own results: its controller in the Testing view, the run in Test Results, the editor's gutter.
  await page.locator(".monaco-workbench").click({ position: { x: 5, y: 5 }, force: true });
  const greenloopRow = explorer.locator(".monaco-list-row", { hasText: "Greenloop" }).first();
  await greenloopRow.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.openFile(TEST_FILE, STEP_TIMEOUT_MS);
  await page
    .locator(".monaco-editor .codicon-testing-passed-icon")
    .first()
    .waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.screenshot("editor-inline-results");
  // The green toast sits over the bottom of Test Results; a user closes it before clicking there.
  await wb.runCommand("Notifications: Clear All Notifications", STEP_TIMEOUT_MS);
  await wb.toast(/pass/).first().waitFor({ state: "hidden", timeout: STEP_TIMEOUT_MS });
  await wb.runCommand("Test: Show Output", STEP_TIMEOUT_MS);
  // Every run of the fix is a run in Test Results: the lone test first, then the loop's runs.
  const results = page.locator(".monaco-list-row", { hasText: "Greenloop: full suite" }).first();
  await results.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await page
    .locator(".monaco-list-row", { hasText: /\d+ older results?/ })
    .first()
    .click();
  // An earlier run's failure, with the assertion's message; selected, its expected/actual diff shows beside it.
  const failure = page.locator(".monaco-list-row", { hasText: "AssertionError" }).first();
  await failure.waitFor({ state: "visible", timeout: STEP_TIMEOUT_MS });
  await wb.clickUntilVisible(
    failure,
    page.locator(".monaco-list-row.selected", { hasText: "AssertionError" }).first(),
    STEP_TIMEOUT_MS,
  );
  await wb.screenshot("test-results");

  const fixed = readFileSync(path.join(workspace, TARGET), "utf8");
  check(
    fixed.includes("return a + b;") && !fixed.includes("return a - b;"),
    `${TARGET} was not fixed on disk:\n${fixed}`,
  );
  check(readFileSync(path.join(workspace, TEST_FILE), "utf8") === TESTS, `${TEST_FILE} was changed`);
}

runE2e({
  name: "e2e-testing",
  artifacts: "e2e-testing",
  linkExtensions: (root) => {
    const dir = path.join(root, "test", "vscode", "fixtures", "extensions");
    return readdirSync(dir).map((name) => path.join(dir, name));
  },
  setUp: async () => ({ workspace: createWorkspace() }),
  journey: (wb, { workspace }) => journey(wb, workspace),
});
