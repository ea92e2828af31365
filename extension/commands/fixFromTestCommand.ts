/**
 * "Fix with Greenloop" on a failing test from any test extension (Testing view, editor gutter, a failure message
 * in Test Results): finds the source the test exercises, runs that test alone where the runner can filter, then
 * runs the fix loop on the source (whose first test run is the whole suite). Test files are never edited.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { isTestFile } from "../../agent-core/edits/safety";
import type { LoopEvent } from "../../agent-core/events";
import { listWorkspaceFiles, ownTestFiles } from "../../agent-core/loop/related";
import type { RunSummary } from "../../agent-core/loop/runLoop";
import { findSourceForTest, type SourceReason } from "../../agent-core/loop/sourceForTest";
import { Redactor } from "../../agent-core/secrets/redact";
import { type GreenloopSettings, readSettings } from "../config/settings";
import { offerEditorModelOnce } from "../providers/firstRunOffer";
import type { CoreModule } from "../run/coreModule";
import { logText, progressText } from "../status/eventText";
import { TaskTestExecutor } from "../testing/taskTestExecutor";
import { runnerTestId } from "../testing/testPlaces";
import { type TestRef, testRefFrom } from "../testing/testRef";
import type { GreenloopTestResults } from "../testing/testResults";
import { errorMessage } from "../util/logger";
import { getApiKey } from "./apiKeyCommand";
import { guardTrust } from "./fixCommand";
import type { Services } from "./services";

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

/** Set while the command prepares a run (before the run controller knows of it). */
let preparing = false;

/** Registers the command the `testing/*` menus call. */
export function registerFixFromTest(s: Services, deps: FixFromTestDeps): vscode.Disposable {
  return vscode.commands.registerCommand(FIX_FROM_TEST_COMMAND, (...args: unknown[]) => fixFromTest(s, deps, args));
}

/** See the module comment. Resolves when the run ends; undefined when it did not start. */
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
  if (!guardTrust(s, "run tests or apply fixes")) return undefined;
  if (s.runs.isRunning || preparing) {
    void vscode.window.showInformationMessage("Greenloop is already running. Stop it before starting another run.");
    return undefined;
  }
  const anchor = ref.file ?? ref.frames[0]?.file;
  const folder = anchor ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(anchor)) : undefined;
  if (!folder) {
    void vscode.window.showErrorMessage(`Greenloop: the test "${ref.label}" is not in an open workspace folder.`);
    return undefined;
  }
  preparing = true;
  try {
    return await prepareAndRun(s, deps, ref, folder);
  } finally {
    preparing = false;
  }
}

async function prepareAndRun(
  s: Services,
  deps: FixFromTestDeps,
  ref: TestRef,
  folder: vscode.WorkspaceFolder,
): Promise<FixFromTestOutcome | undefined> {
  await offerEditorModelOnce(s);
  // The failing test is the specification: this run never changes a test file, whatever the setting says.
  const settings: GreenloopSettings = {
    ...readSettings((key) => vscode.workspace.getConfiguration("greenloop", folder.uri).get(key)),
    allowTestEdits: false,
  };
  const apiKey = settings.provider === "openai" ? await getApiKey(s.context.secrets) : undefined;
  if (settings.provider === "openai" && !apiKey && !settings.baseUrl) {
    void vscode.window
      .showErrorMessage(
        "Greenloop: set an API key for the OpenAI endpoint first (or set greenloop.baseUrl to a local server).",
        "Set API Key",
      )
      .then((pick) => {
        if (pick) void vscode.commands.executeCommand("greenloop.setApiKey");
      });
    return undefined;
  }
  const root = folder.uri.fsPath;
  const found = await findSourceForTest(root, ref);
  if ("message" in found) {
    s.log.warn(found.message);
    void vscode.window.showErrorMessage(found.message);
    return undefined;
  }
  const target = found.target;
  s.log.info(
    `Fix with Greenloop: "${ref.label}" exercises ${target} (${found.reason}${found.candidates.length > 1 ? `; also seen: ${found.candidates.filter((c) => c !== target).join(", ")}` : ""}).`,
  );
  const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path.join(root, target));
  if (openDoc?.isDirty) await openDoc.save();

  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Greenloop: fixing ${target} for "${ref.label}"`,
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => {
        abort.abort();
        s.runs.stop("cancelled from the progress notification");
      });
      s.contextKeys.setRunning(true);
      s.status.starting(target);
      const outcome: FixFromTestOutcome = { test: ref.label, target, reason: found.reason };
      try {
        const core = await s.loadCore();
        progress.report({ message: `running "${ref.label}" alone` });
        outcome.alone = await runTestAlone(s, deps, core, {
          ref,
          folder,
          target,
          settings,
          apiKey,
          signal: abort.signal,
        });
        if (abort.signal.aborted) {
          s.status.stopped(target, "cancelled");
          return outcome;
        }
        const onEvent = (e: LoopEvent) => {
          s.status.onEvent(e);
          s.panels.postEvent(e);
          const text = progressText(e);
          if (text) progress.report({ message: text });
          const line = logText(e);
          if (line) s.channel[line.level](line.text);
        };
        outcome.summary = await s.runs.run({
          folder,
          targetFile: target,
          settings,
          apiKey,
          onEvent,
          keepOnStop: askKeepOnStop,
        });
        announce(s, outcome, outcome.summary);
        return outcome;
      } catch (err) {
        s.status.stopped(target, errorMessage(err));
        s.log.error(`Fix with Greenloop could not run: ${errorMessage(err)}`);
        void vscode.window
          .showErrorMessage(`Greenloop could not run: ${errorMessage(err)}`, "Show Log")
          .then((pick) => {
            if (pick) s.channel.show(true);
          });
        return undefined;
      } finally {
        cancel.dispose();
        s.contextKeys.setRunning(false);
      }
    },
  );
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

/** Stop came after the failing tests passed with the change: a green result is never thrown away without asking. */
async function askKeepOnStop(question: { message: string }): Promise<boolean> {
  const pick = await vscode.window.showWarningMessage(
    question.message,
    { modal: true, detail: "Undo Last Run can still take it back later." },
    "Keep Changes",
    "Take Back",
  );
  return pick === "Keep Changes";
}

/** Tells the user how it ended, without blocking the command. */
function announce(s: Services, outcome: FixFromTestOutcome, summary: RunSummary): void {
  if (summary.reason === "green") {
    void vscode.window
      .showInformationMessage(
        `Greenloop: "${outcome.test}" and the rest of the suite pass; ${outcome.target} was fixed (${summary.iterations} iteration(s)).`,
        "Undo Run",
      )
      .then((pick) => {
        if (pick) void vscode.commands.executeCommand("greenloop.undoLastRun");
      });
    return;
  }
  void vscode.window
    .showWarningMessage(
      `Greenloop stopped (${summary.reason}) fixing ${outcome.target}: ${summary.message}`,
      "Show Log",
    )
    .then((pick) => {
      if (pick) s.channel.show(true);
    });
}
