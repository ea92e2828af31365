/**
 * Entry point. Activation only wires light objects (commands, status bar, review UI, task provider); the core
 * and everything heavy behind it (model clients, git, LanceDB) load on the first command that needs them.
 */
import * as vscode from "vscode";
import type { RunSummary } from "../agent-core/loop/runLoop";
import { registerFixFromTest } from "./commands/fixFromTestCommand";
import { Notices } from "./commands/notices";
import { openWorkspaceFile } from "./commands/openFile";
import { registerCommands } from "./commands/registerCommands";
import type { Notice } from "./commands/runMessages";
import type { Services } from "./commands/services";
import { loadLatestTrainingReport } from "./commands/trainingReport";
import { CAN_UNDO_KEY } from "./commands/undoCommand";
import { readSettings } from "./config/settings";
import { checkWorkspaceTrust } from "./config/trust";
import { greenloopPanelFactory, registerPanelSerializer } from "./panel/panelFactory";
import { PanelHost } from "./panel/panelHost";
import { CHOOSE_MODEL_COMMAND, chooseEditorModel } from "./providers/editorModels";
import { type AskUser, answerEditorModelOfferWith, resetEditorModelOffer } from "./providers/firstRunOffer";
import { HunkCodeLensProvider } from "./review/hunkCodeLensProvider";
import { PROPOSAL_SCHEME, ProposalDocuments } from "./review/proposalDocuments";
import { ReviewController } from "./review/reviewController";
import { ReviewEditors } from "./review/reviewEditors";
import { loadCore } from "./run/coreModule";
import { RunController } from "./run/runController";
import type { ContextKeyName } from "./status/contextKeys";
import { ContextKeys } from "./status/contextKeys";
import type { RunState } from "./status/runState";
import { RunStatusBar } from "./status/runStatusBar";
import { GreenloopTaskProvider } from "./testing/greenloopTaskProvider";
import { GreenloopTestResults } from "./testing/testResults";
import { TASK_TYPE } from "./testing/testTask";
import { channelLogger } from "./util/logger";

/** Hooks for the extension-host tests: drive reviews and runs without clicking. */
export interface GreenloopTestApi {
  /** Summary of the last run finished in this session. */
  lastRun(): RunSummary | undefined;
  /** The review controller (approval gate): `nextReview()`, `decideHunk()`, `decideAll()`. */
  gate: ReviewController;
  runs: RunController;
  panels: PanelHost;
  status(): RunState;
  /** Forces the trust state seen by the commands (undefined: the real `vscode.workspace.isTrusted`). */
  setTrustOverride(isTrusted: boolean | undefined): void;
  checkWorkspaceTrust: typeof checkWorkspaceTrust;
  /** How long `activate` took, in ms. */
  activationMs: number;
  /** Folder of the extension's log files (the "Greenloop" log channel writes below it). */
  logUri: vscode.Uri;
  /** The last notice shown (run end, refusal, error), with its buttons. */
  lastNotice(): Notice | undefined;
  /** A `greenloop.*` context key as last set. */
  contextKey(name: ContextKeyName): boolean;
  /** The command a click on the status bar item runs now. */
  statusCommand(): string;
  /** Greenloop's TestController and what it published. */
  testResults: GreenloopTestResults;
  /** Answers the first-run offer of the editor's models instead of the dialog (undefined: the dialog again). */
  answerEditorModelOffer(answer: AskUser | undefined): void;
  /** Forgets that the offer was made. */
  resetEditorModelOffer(): Thenable<void>;
}

/** What `activate` returns (available as `extension.exports`). */
export interface GreenloopApi {
  testApi: GreenloopTestApi;
}

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): GreenloopApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel("Greenloop", { log: true });
  const log = channelLogger(channel);
  context.subscriptions.push(channel);

  const docs = new ProposalDocuments();
  const editors = new ReviewEditors();
  const review = new ReviewController(docs, editors, log);
  const status = new RunStatusBar();
  const contextKeys = new ContextKeys(review);
  const testResults = new GreenloopTestResults(log);
  const runs = new RunController({
    globalStorage: context.globalStorageUri.fsPath,
    state: context.workspaceState,
    review,
    log,
    loadCore,
    observeTests: (tests, core, redactor) => testResults.observe(tests, core.parseTestOutput, redactor),
  });
  let trustOverride: boolean | undefined;
  const panels = new PanelHost(
    greenloopPanelFactory(context, channel),
    review,
    {
      stop: () => void vscode.commands.executeCommand("greenloop.stop"),
      undo: () => void vscode.commands.executeCommand("greenloop.undoLastRun"),
      openFile: (path, line) => void openWorkspaceFile(s, path, line),
      loadTraining: ({ quiet }) => void loadLatestTrainingReport(s, { quiet }),
    },
    channel,
  );
  const s: Services = {
    context,
    channel,
    log,
    status,
    contextKeys,
    review,
    runs,
    panels,
    notices: new Notices(channel),
    loadCore,
    isTrusted: () => trustOverride ?? vscode.workspace.isTrusted,
  };
  // Known from the last session; refreshed after each run and undo (no git at activation).
  contextKeys.setCanUndo(context.workspaceState.get<boolean>(CAN_UNDO_KEY) ?? false);
  services = s;

  context.subscriptions.push(
    docs,
    editors,
    review,
    status,
    contextKeys,
    panels,
    { dispose: () => void runs.dispose() },
    registerPanelSerializer(context, channel, panels),
    vscode.languages.registerCodeLensProvider({ scheme: PROPOSAL_SCHEME }, new HunkCodeLensProvider(review)),
    vscode.tasks.registerTaskProvider(
      TASK_TYPE,
      new GreenloopTaskProvider(
        loadCore,
        (folder) => readSettings((key) => vscode.workspace.getConfiguration("greenloop", folder.uri).get(key)),
        channel,
      ),
    ),
    ...registerCommands(s),
    testResults,
    registerFixFromTest(s, { results: testResults }),
    vscode.commands.registerCommand(CHOOSE_MODEL_COMMAND, (id?: unknown) => chooseEditorModel(id)),
  );

  const activationMs = performance.now() - started;
  channel.info(`Greenloop activated in ${activationMs.toFixed(1)} ms`);
  return {
    testApi: {
      lastRun: () => runs.lastRunSummary,
      gate: review,
      runs,
      panels,
      status: () => status.current,
      setTrustOverride: (value) => {
        trustOverride = value;
      },
      checkWorkspaceTrust,
      activationMs,
      logUri: context.logUri,
      lastNotice: () => s.notices.last,
      contextKey: (name) => contextKeys.get(name),
      statusCommand: () => status.command,
      testResults,
      answerEditorModelOffer: answerEditorModelOfferWith,
      resetEditorModelOffer: () => resetEditorModelOffer(context.globalState),
    },
  };
}

export async function deactivate(): Promise<void> {
  const s = services;
  services = undefined;
  await s?.runs.dispose();
}
