/**
 * "Fix with Greenloop" on a failing test from any test extension (Testing view, editor gutter, a failure message
 * in Test Results): finds the source the test exercises, runs that test alone where the runner can filter, then
 * runs the fix loop on the source (whose first test run is the whole suite). Test files are never edited.
 */
import * as vscode from "vscode";
import { isTestFile } from "../../agent-core/edits/safety";
import { listWorkspaceFiles, ownTestFiles } from "../../agent-core/loop/related";
import type { RunSummary } from "../../agent-core/loop/runLoop";
import { findSourceForTest, type SourceReason } from "../../agent-core/loop/sourceForTest";
import { Redactor } from "../../agent-core/secrets/redact";
import type { GreenloopSettings } from "../config/settings";
import { needsApiKey } from "../providers/registry";
import type { CoreModule } from "../run/coreModule";
import { TaskTestExecutor } from "../testing/taskTestExecutor";
import { runnerTestId } from "../testing/testPlaces";
import { type TestRef, testRefFrom } from "../testing/testRef";
import type { GreenloopTestResults } from "../testing/testResults";
import { finishNotice } from "./runMessages";
import { startFixRun } from "./runStart";
import type { Services } from "./services";
import { refreshUndoState } from "./undoCommand";

export const FIX_FROM_TEST_COMMAND = "greenloop.fixFromTest";

/** What the command did, for callers (and the in-host suite). */
export interface FixFromTestOutcome {
  test: string;
  /** The source file fixed, relative to its workspace folder. */
  target: string;
  reason: SourceReason;
  /** The test run alone first: its command line and whether it passed; absent when the runner cannot filter. */
  alone?: { command: string; passed: boolean };
  summary?: RunSummary;
}

export interface FixFromTestDeps {
  results: GreenloopTestResults;
}

/** Registers the command the `testing/*` menus call. */
export function registerFixFromTest(s: Services, deps: FixFromTestDeps): vscode.Disposable {
  return vscode.commands.registerCommand(FIX_FROM_TEST_COMMAND, (...args: unknown[]) => fixFromTest(s, deps, args));
}

/**
 * See the module comment. Resolves when the run ends (without a summary when it was cancelled or failed after
 * the test ran alone); undefined when nothing ran.
 */
export async function fixFromTest(
  s: Services,
  deps: FixFromTestDeps,
  args: unknown[],
): Promise<FixFromTestOutcome | undefined> {
  const ref = testRefFrom(args, deps.results);
  if (!ref) {
    void vscode.window.showWarningMessage(
      'Greenloop: use "Fix with Greenloop" on a failing test in the Testing view, the editor\'s gutter or Test Results.',
    );
    return undefined;
  }
  const anchor = ref.file ?? ref.frames[0]?.file;
  const folder = anchor ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(anchor)) : undefined;
  if (!folder) {
    void vscode.window.showErrorMessage(`Greenloop: the test "${ref.label}" is not in an open workspace folder.`);
    return undefined;
  }
  let outcome: FixFromTestOutcome | undefined;
  let provider = "";
  const summary = await startFixRun(s, {
    folder,
    plan: async (folderSettings) => {
      // The failing test is the specification: this run never changes a test file, whatever the setting says.
      const settings: GreenloopSettings = { ...folderSettings, allowTestEdits: false };
      const found = await findSourceForTest(folder.uri.fsPath, ref);
      if ("message" in found) {
        s.log.warn(found.message);
        void vscode.window.showErrorMessage(found.message);
        return undefined;
      }
      const target = found.target;
      provider = settings.provider;
      s.log.info(
        `Fix with Greenloop: "${ref.label}" exercises ${target} (${found.reason}${found.candidates.length > 1 ? `; also seen: ${found.candidates.filter((c) => c !== target).join(", ")}` : ""}).`,
      );
      const planned: FixFromTestOutcome = { test: ref.label, target, reason: found.reason };
      return {
        targetFile: target,
        settings,
        title: `Greenloop: fixing ${target} for "${ref.label}"`,
        beforeLoop: async ({ report, signal, apiKey }) => {
          outcome = planned;
          report(`running "${ref.label}" alone`);
          const core = await s.loadCore();
          planned.alone = await runTestAlone(s, deps, core, { ref, folder, target, settings, apiKey, signal });
        },
      };
    },
  });
  if (!outcome) return undefined;
  if (summary) {
    outcome.summary = summary;
    await announce(s, outcome, summary, provider);
  }
  return outcome;
}

/** Runs the test alone in a task, published in Test Results like every Greenloop run; undefined when it cannot. */
async function runTestAlone(
  s: Services,
  deps: FixFromTestDeps,
  core: CoreModule,
  run: {
    ref: TestRef;
    folder: vscode.WorkspaceFolder;
    target: string;
    settings: GreenloopSettings;
    apiKey?: string;
    signal: AbortSignal;
  },
): Promise<FixFromTestOutcome["alone"]> {
  const { ref, folder, target, settings } = run;
  if (settings.testTask) return undefined; // a tasks.json task cannot be narrowed to one test
  const root = folder.uri.fsPath;
  const allFiles = await listWorkspaceFiles(root);
  const setup = await core.detectTestSetup(root, target, {
    override: settings.testCommand || undefined,
    ownTests: ownTestFiles(target, allFiles),
    allTests: allFiles.filter((f) => isTestFile(f)),
  });
  const id = runnerTestId(ref, setup.command);
  const alone = id ? core.filterCommand(setup.command, [id]) : undefined;
  if (!alone) {
    s.log.info(`The test command cannot run "${ref.label}" alone; the fix run starts with the whole suite.`);
    return undefined;
  }
  const redactor = Redactor.fromEnvironment(process.env, [run.apiKey]);
  const executor = deps.results.observe(
    new TaskTestExecutor(folder, core.runProcess, s.log),
    core.parseTestOutput,
    redactor,
  );
  const result = await executor.execute(alone, {
    signal: run.signal,
    timeoutMs: settings.testTimeoutSeconds * 1000,
    label: `"${ref.label}" alone`,
    envPassthrough: settings.testEnvPassthrough,
  });
  const report = core.parseTestOutput(alone.framework, result.output, result.exitCode, { cwd: alone.cwd });
  const passed = result.exitCode === 0 && report.failed === 0 && report.passed > 0;
  const command = alone.argv.map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(" ");
  s.log.info(
    `"${ref.label}" alone ${passed ? "passes" : "fails"} (${command}); now the fix run, starting with the whole suite.`,
  );
  return { command, passed };
}

/** Tells the user how it ended, with the same buttons as a fix started from a file; the green text names the test. */
async function announce(
  s: Services,
  outcome: FixFromTestOutcome,
  summary: RunSummary,
  provider: string,
): Promise<void> {
  const undoable = await refreshUndoState(s);
  const forTest = { test: outcome.test, target: outcome.target };
  const notice = finishNotice(summary, { undoable, needsApiKey: needsApiKey(await s.loadCore(), provider), forTest });
  s.notices.show(notice);
}
