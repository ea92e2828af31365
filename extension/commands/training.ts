/**
 * "Greenloop: Train on Practice Projects": runs the fix loop over the bundled practice projects (so the failure
 * memory learns proven fixes) and shows the report in the panel. The training itself lives in agent-core
 * (`runTraining`); this module is the editor's entry to it. Practice attempts are shown in the panel's
 * Training tab only: they never replace the user's run in the Run tab.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { Redactor } from "../../agent-core/secrets/redact";
import type { TrainingReport } from "../../agent-core/training/reportSchema";
import type { TrainingProgressState } from "../../webview-ui/protocol";
import { memoryDir } from "../config/storagePaths";
import { createModelProvider } from "../providers/registry";
import { errorMessage } from "../util/logger";
import { guardTrust, modelKey, settingsOf } from "./runStart";
import type { Services } from "./services";

/** Where training is, as agent-core's `runTraining` reports it. */
export interface TrainingProgressReport {
  index: number;
  total: number;
  projectId: string;
  result?: { id: string; solved: boolean; stopReason: string; reason?: string };
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

/** What a caller (a keybinding, a script, the in-host suite) may pass to "Greenloop: Train on Practice Projects". */
export interface TrainingCommandOptions {
  /** Practise only these projects ("javascript/collections", or a name); all when absent. */
  projects?: string[];
}

function projectsOf(arg: unknown): string[] | undefined {
  const projects = (arg as TrainingCommandOptions | undefined)?.projects;
  return Array.isArray(projects) ? projects.filter((p): p is string => typeof p === "string") : undefined;
}

/**
 * Runs training with a cancellable progress notification, with the model a fix run would use (the editor's own
 * models included); resolves with the report (undefined if not run).
 */
export async function runTraining(s: Services, arg?: unknown): Promise<TrainingReport | undefined> {
  if (!guardTrust(s, "train on practice projects")) return undefined;
  if (s.runs.isRunning) {
    void vscode.window.showInformationMessage("Greenloop: wait for the current run to end before training.");
    return undefined;
  }
  const settings = settingsOf();
  const key = await modelKey(s, settings);
  if (!key) return undefined;
  const core = await s.loadCore();
  const storage = s.context.globalStorageUri.fsPath;
  const tracker = new TrainingProgressTracker();
  s.panels.showTrainingProgress(tracker.current);
  await s.panels.show();
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
        const redactor = Redactor.fromEnvironment(process.env, [key.apiKey]);
        const model = await createModelProvider(core, settings, key.apiKey, redactor, s.log);
        s.log.info(`Training on the practice projects with ${model.id}/${model.model}`);
        const { report, headline } = await core.runTraining({
          practiceDir: s.context.asAbsolutePath("practice"),
          workspaceDir: settings.practiceWorkspaceDir || path.join(storage, "practice"),
          memoryDir: memoryDir(storage),
          model,
          projects: projectsOf(arg),
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
