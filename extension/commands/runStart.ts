/**
 * The one way a command starts a fix run (a file from the editor, a failing test from the Testing view): trust,
 * one run at a time, the editor-model offer, settings, the model's key, the target saved, then the loop under a
 * cancellable progress notification that the status bar, panel, log and context keys follow. Training shares
 * the trust check and the key check.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { LoopEvent } from "../../agent-core/events";
import type { RunSummary } from "../../agent-core/loop/runLoop";
import { type GreenloopSettings, readSettings } from "../config/settings";
import { checkWorkspaceTrust } from "../config/trust";
import { offerEditorModelOnce } from "../providers/firstRunOffer";
import { checkProviderId, needsApiKey } from "../providers/registry";
import { logText, progressText } from "../status/eventText";
import { errorMessage } from "../util/logger";
import { getApiKey } from "./apiKeyCommand";
import { startErrorNotice } from "./runMessages";
import type { Services } from "./services";

/** Refuses (with a message and a way to fix it) when the workspace is not trusted. Returns true to go on. */
export function guardTrust(s: Services, action: string): boolean {
  const check = checkWorkspaceTrust(s.isTrusted(), action);
  if (check.allowed) return true;
  s.log.warn(check.message);
  void vscode.window.showErrorMessage(check.message, "Manage Workspace Trust").then((pick) => {
    if (pick) void vscode.commands.executeCommand("workbench.trust.manage");
  });
  return false;
}

/** The settings of `folder` (or the window's). */
export function settingsOf(folder?: vscode.WorkspaceFolder): GreenloopSettings {
  return readSettings((key) => vscode.workspace.getConfiguration("greenloop", folder?.uri).get(key));
}

/**
 * The key the chosen provider takes from the editor's key store: `{ apiKey }` to go on (undefined for providers
 * that take none), or undefined, after saying what to do, when a hosted API has no key and no base URL is set.
 * An unknown provider id is refused here too, naming the choices.
 */
export async function modelKey(s: Services, settings: GreenloopSettings): Promise<{ apiKey?: string } | undefined> {
  const core = await s.loadCore();
  try {
    checkProviderId(core, settings.provider);
  } catch (error) {
    s.log.error(errorMessage(error));
    s.notices.show(startErrorNotice(errorMessage(error)));
    return undefined;
  }
  if (!needsApiKey(core, settings.provider)) return {};
  const apiKey = await getApiKey(s.context.secrets);
  if (apiKey || settings.baseUrl) return { apiKey };
  void vscode.window
    .showErrorMessage(
      `Greenloop: set an API key for the ${settings.provider} endpoint first (or set greenloop.baseUrl to a local server).`,
      "Set API Key",
    )
    .then((pick) => {
      if (pick) void vscode.commands.executeCommand("greenloop.setApiKey");
    });
  return undefined;
}

/** A command's own part of a run: which file, and anything it does in the notification before the loop. */
export interface FixPlan {
  /** Target file, relative to the folder. */
  targetFile: string;
  settings: GreenloopSettings;
  /** Title of the progress notification. */
  title: string;
  /** Work before the loop, shown in the same notification and cancelled with it (the failing test alone). */
  beforeLoop?: (run: { report: (message: string) => void; signal: AbortSignal; apiKey?: string }) => Promise<void>;
}

/** What a command hands to {@link startFixRun}. */
export interface FixCommand {
  folder: vscode.WorkspaceFolder;
  /** The run's plan from the folder's settings; undefined (after telling the user why) to not run. */
  plan(settings: GreenloopSettings): Promise<FixPlan | undefined>;
}

/** Set from the first check until the run controller knows of the run, so two commands never both start one. */
let preparing = false;

/**
 * See the module comment. Resolves with the run's summary when the loop ends; undefined when it did not start
 * (refused, cancelled before the loop, or failed to start: the user was told why).
 */
export async function startFixRun(s: Services, command: FixCommand): Promise<RunSummary | undefined> {
  if (!guardTrust(s, "run tests or apply fixes")) return undefined;
  if (s.runs.isRunning || preparing) {
    void vscode.window
      .showInformationMessage("Greenloop is already running. Stop it before starting another run.", "Stop")
      .then((pick) => {
        if (pick) s.runs.stop("stopped from the already-running prompt");
      });
    return undefined;
  }
  preparing = true;
  try {
    await offerEditorModelOnce(s);
    const plan = await command.plan(settingsOf(command.folder));
    if (!plan) return undefined;
    const key = await modelKey(s, plan.settings);
    if (!key) return undefined;
    // Tests run from disk: unsaved edits in the target would make the model and the tests see different code.
    const target = path.join(command.folder.uri.fsPath, plan.targetFile);
    const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === "file" && d.uri.fsPath === target);
    if (openDoc?.isDirty) await openDoc.save();
    return await runWithProgress(s, command.folder, plan, key.apiKey);
  } finally {
    preparing = false;
  }
}

function runWithProgress(
  s: Services,
  folder: vscode.WorkspaceFolder,
  plan: FixPlan,
  apiKey: string | undefined,
): Thenable<RunSummary | undefined> {
  const { targetFile, settings } = plan;
  s.status.starting(targetFile);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: plan.title, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => {
        abort.abort();
        s.runs.stop("cancelled from the progress notification");
      });
      s.contextKeys.setRunning(true);
      const report = (message: string) => progress.report({ message });
      const onEvent = (e: LoopEvent) => {
        s.status.onEvent(e);
        s.panels.postEvent(e);
        const text = progressText(e);
        if (text) report(text);
        const line = logText(e);
        if (line) s.channel[line.level](line.text);
      };
      try {
        await plan.beforeLoop?.({ report, signal: abort.signal, apiKey });
        if (abort.signal.aborted) {
          s.status.stopped(targetFile, "cancelled");
          return undefined;
        }
        return await s.runs.run({ folder, targetFile, settings, apiKey, onEvent, keepOnStop: askKeepOnStop });
      } catch (err) {
        s.status.stopped(targetFile, errorMessage(err));
        s.log.error(`Run failed to start: ${errorMessage(err)}`);
        s.notices.show(startErrorNotice(errorMessage(err)));
        return undefined;
      } finally {
        cancel.dispose();
        s.contextKeys.setRunning(false);
      }
    },
  );
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
