/**
 * "Greenloop: Train on Practice Projects": runs the fix loop over the bundled practice projects (so the failure
 * memory learns proven fixes) and shows the report in the panel. The training itself lives in agent-core
 * (`runTraining`); this module is the editor's entry to it.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { LoopEvent } from "../agent-core/events";
import type { ProviderSettings } from "../agent-core/providers/types";
import type { TrainingReport } from "../agent-core/training/reportSchema";
import type { Logger } from "../agent-core/ports";
import { guardTrust } from "./commands/fixCommand";
import { getApiKey } from "./commands/apiKeyCommand";
import type { Services } from "./commands/services";
import { readSettings, toProviderSettings } from "./config/settings";
import { memoryDir } from "./config/storagePaths";
import { errorMessage } from "./util/logger";

/** What the editor hands to agent-core's `runTraining`. */
export interface EditorTrainingOptions {
  /** Folder with the practice projects shipped in the extension. */
  practiceDir: string;
  /** Scratch folder where projects are copied and fixed. */
  workspaceDir: string;
  /** Failure memory folder (the same one fix runs use). */
  memoryDir: string;
  provider: ProviderSettings;
  maxIterations: number;
  signal: AbortSignal;
  log: Logger;
  onEvent?: (event: LoopEvent) => void;
  onProgress?: (message: string) => void;
}

/** Shape of agent-core's training entry as this host calls it. */
export type TrainingEntry = (options: EditorTrainingOptions) => Promise<TrainingReport>;

/** The core's training entry, when this build has one. */
export function findTrainingEntry(core: { runTraining?: unknown }): TrainingEntry | undefined {
  const entry = core.runTraining;
  return typeof entry === "function" ? (entry as TrainingEntry) : undefined;
}

/** Runs training with a cancellable progress notification; resolves with the report (undefined if not run). */
export async function runTraining(s: Services): Promise<TrainingReport | undefined> {
  if (!guardTrust(s, "train on practice projects")) return undefined;
  if (s.runs.isRunning) {
    void vscode.window.showInformationMessage("Greenloop: wait for the current run to end before training.");
    return undefined;
  }
  const core = await s.loadCore();
  const entry = findTrainingEntry(core);
  if (!entry) {
    void vscode.window.showInformationMessage(
      "Greenloop: this build has no training runner. Use the CLI (`greenloop train`) to train on the practice projects.",
    );
    return undefined;
  }
  const settings = readSettings((key) => vscode.workspace.getConfiguration("greenloop").get(key));
  const storage = s.context.globalStorageUri.fsPath;
  const apiKey = settings.provider === "openai" ? await getApiKey(s.context.secrets) : undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Greenloop: training on practice projects", cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        const report = await entry({
          practiceDir: s.context.asAbsolutePath("practice"),
          workspaceDir: settings.practiceWorkspaceDir || path.join(storage, "practice"),
          memoryDir: memoryDir(storage),
          provider: toProviderSettings(settings, apiKey),
          maxIterations: settings.maxIterations,
          signal: abort.signal,
          log: s.log,
          onEvent: (e) => s.panels.postEvent(e),
          onProgress: (message) => progress.report({ message }),
        });
        await s.panels.showTraining(report);
        return report;
      } catch (err) {
        s.log.error(`Training failed: ${errorMessage(err)}`);
        void vscode.window.showErrorMessage(`Greenloop training failed: ${errorMessage(err)}`);
        return undefined;
      } finally {
        cancel.dispose();
      }
    },
  );
}
