import * as path from "node:path";
import * as vscode from "vscode";
import type { LoopEvent } from "../../agent-core/events";
import type { RunSummary } from "../../agent-core/loop/runLoop";
import { readSettings } from "../config/settings";
import { checkWorkspaceTrust } from "../config/trust";
import { logText, progressText } from "../status/eventText";
import { errorMessage } from "../util/logger";
import { getApiKey } from "./apiKeyCommand";
import { finishNotice, refusalFor, startErrorNotice } from "./runMessages";
import type { Services } from "./services";
import { refreshUndoState } from "./undoCommand";

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

function targetOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

/**
 * "Greenloop: Fix Until Tests Pass" on a file (context menu argument, else the active editor). Resolves with
 * the run's summary when the loop ends, or undefined when the run did not start.
 */
export async function fixUntilGreen(s: Services, arg?: unknown): Promise<RunSummary | undefined> {
  const target = targetOf(arg);
  if (target?.scheme !== "file") {
    void vscode.window.showWarningMessage(
      "Greenloop: open a source file (or right-click one in the Explorer) to fix it until its tests pass.",
    );
    return undefined;
  }
  if (!guardTrust(s, "run tests or apply fixes")) return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(target);
  if (!folder) {
    void vscode.window.showErrorMessage(`Greenloop: ${target.fsPath} is not inside an open workspace folder.`);
    return undefined;
  }
  if (s.runs.isRunning) {
    void vscode.window
      .showInformationMessage("Greenloop is already running. Stop it before starting another run.", "Stop")
      .then((pick) => {
        if (pick) s.runs.stop("stopped from the already-running prompt");
      });
    return undefined;
  }
  const targetFile = path.relative(folder.uri.fsPath, target.fsPath).split(path.sep).join("/");
  const settings = readSettings((key) => vscode.workspace.getConfiguration("greenloop", folder.uri).get(key));
  const refusal = refusalFor(targetFile);
  if (refusal) {
    s.log.info(`Not fixing ${targetFile}: ${refusal.text}`);
    s.notices.show(refusal);
    return undefined;
  }
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
  // Tests run from disk: unsaved edits in the target would make the model and the tests see different code.
  const openDoc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (openDoc?.isDirty) await openDoc.save();

  s.status.starting(targetFile);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Greenloop: fixing ${targetFile}`, cancellable: true },
    async (progress, token) => {
      const cancel = token.onCancellationRequested(() => s.runs.stop("cancelled from the progress notification"));
      s.contextKeys.setRunning(true);
      const onEvent = (e: LoopEvent) => {
        s.status.onEvent(e);
        s.panels.postEvent(e);
        const text = progressText(e);
        if (text) progress.report({ message: text });
        const line = logText(e);
        if (line) s.channel[line.level](line.text);
      };
      try {
        const summary = await s.runs.run({ folder, targetFile, settings, apiKey, onEvent, keepOnStop: askKeepOnStop });
        const undoable = await refreshUndoState(s);
        s.notices.show(finishNotice(summary, { undoable, provider: settings.provider }));
        return summary;
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
