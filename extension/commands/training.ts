/**
 * "Greenloop: Train on Practice Projects": runs the fix loop over the bundled practice projects (so the failure
 * memory learns proven fixes) and shows the report in the panel. The training itself lives in agent-core
 * (`runTraining`); this module is the editor's entry to it. Practice attempts are shown in the panel's
 * Training tab only: they never replace the user's run in the Run tab.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import type { LoopEvent } from "../../agent-core/events";
import type { Logger } from "../../agent-core/ports";
import type { ProviderSettings } from "../../agent-core/providers/types";
import type { TrainingReport, TrainingRun } from "../../agent-core/training/reportSchema";
import type { TrainingProgressState } from "../../webview-ui/protocol";
import { readSettings, toProviderSettings } from "../config/settings";
import { memoryDir } from "../config/storagePaths";
import { errorMessage } from "../util/logger";
import { getApiKey } from "./apiKeyCommand";
import { guardTrust } from "./fixCommand";
import type { Services } from "./services";

/** Where training is, as agent-core's `runTraining` reports it. */
export interface TrainingProgressReport {
  index: number;
  total: number;
  projectId: string;
  result?: { id: string; solved: boolean; stopReason: string; reason?: string };
}

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
  onProgress?: (message: string, progress: TrainingProgressReport) => void;
}

/** Shape of agent-core's training entry as this host calls it. */
export type TrainingEntry = (
  options: EditorTrainingOptions,
) => Promise<{ run: TrainingRun; report: TrainingReport; headline: string }>;

/** The core's training entry, when this build has one. */
export function findTrainingEntry(core: { runTraining?: unknown }): TrainingEntry | undefined {
  const entry = core.runTraining;
  return typeof entry === "function" ? (entry as TrainingEntry) : undefined;
}

/** Folds agent-core's progress reports into the Training tab's state. */
export class TrainingProgressTracker {
  private state: TrainingProgressState;

  constructor(total = 0, now = Date.now()) {
    this.state = { status: "running", startedAt: now, total, done: [] };
  }

  get current(): TrainingProgressState {
    return this.state;
  }

  progress(p: TrainingProgressReport): TrainingProgressState {
    const done = p.result
      ? [
          ...this.state.done,
          {
            id: p.result.id,
            solved: p.result.solved,
            ...(p.result.solved ? {} : { reason: p.result.reason ?? p.result.stopReason }),
          },
        ]
      : this.state.done;
    this.state = { ...this.state, total: p.total, done, current: p.result ? undefined : p.projectId };
    return this.state;
  }

  finished(headline: string): TrainingProgressState {
    this.state = { ...this.state, status: "finished", current: undefined, message: headline };
    return this.state;
  }

  failed(message: string): TrainingProgressState {
    this.state = { ...this.state, status: "failed", current: undefined, message };
    return this.state;
  }
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
  const tracker = new TrainingProgressTracker();
  s.panels.showTrainingProgress(tracker.current);
  await s.panels.show();
  s.log.info(`Training on the practice projects with ${settings.provider}/${settings.model}`);
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: "Greenloop: training on practice projects",
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        const { report, headline } = await entry({
          practiceDir: s.context.asAbsolutePath("practice"),
          workspaceDir: settings.practiceWorkspaceDir || path.join(storage, "practice"),
          memoryDir: memoryDir(storage),
          provider: toProviderSettings(settings, apiKey),
          maxIterations: settings.maxIterations,
          signal: abort.signal,
          log: s.log,
          onProgress: (message, p) => {
            progress.report({ message });
            s.panels.showTrainingProgress(tracker.progress(p));
          },
        });
        s.log.info(`Training finished: ${headline}`);
        s.panels.showTrainingProgress(tracker.finished(headline));
        await s.panels.showTraining(report);
        void vscode.window.showInformationMessage(`Greenloop training finished: ${headline}.`);
        return report;
      } catch (err) {
        const message = errorMessage(err);
        s.log.error(`Training failed: ${message}`);
        s.panels.showTrainingProgress(tracker.failed(message));
        void vscode.window.showErrorMessage(`Greenloop training: ${message}`);
        return undefined;
      } finally {
        cancel.dispose();
      }
    },
  );
}
