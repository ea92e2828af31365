/**
 * Runs one fix loop at a time in the editor: builds the ports (editor files, task-based tests, diff review,
 * shadow checkpoints, failure memory) and owns the run's AbortController. No UI calls: the command layer
 * shows progress and results.
 */
import type * as vscode from "vscode";
import type { LoopEvent } from "../../agent-core/events";
import type { RunSummary } from "../../agent-core/loop/runLoop";
import type { Logger, LoopPorts, TestExecutor } from "../../agent-core/ports";
import { Redactor } from "../../agent-core/secrets/redact";
import { type GreenloopSettings, toLoopConfig } from "../config/settings";
import { checkpointsDir, locksDir, memoryDir } from "../config/storagePaths";
import { EditorWorkspaceFiles } from "../files/editorWorkspaceFiles";
import { createModelProvider } from "../providers/registry";
import type { ReviewController } from "../review/reviewController";
import { TaskTestExecutor } from "../testing/taskTestExecutor";
import { UserTaskExecutor } from "../testing/userTaskExecutor";
import type { CoreModule } from "./coreModule";
import { MemoryHolder } from "./memoryHolder";

/** What one run needs from the command layer. */
export interface RunRequest {
  folder: vscode.WorkspaceFolder;
  /** Target file, relative to the folder. */
  targetFile: string;
  settings: GreenloopSettings;
  apiKey?: string;
  onEvent: (event: LoopEvent) => void;
  /** Asks whether to keep a change the failing tests passed with when the run is stopped (see LoopPorts). */
  keepOnStop?: LoopPorts["keepOnStop"];
}

/** The last finished run, remembered for "Undo Last Run" (also across reloads). */
export interface LastRun {
  workspace: string;
  file: string;
  runId: string;
  reason: RunSummary["reason"];
  checkpointId?: string;
}

const LAST_RUN_KEY = "greenloop.lastRun";

/** See the module comment. */
export class RunController {
  private running?: { abort: AbortController; file: string; done: Promise<unknown> };
  private readonly memory: MemoryHolder;
  private lastSummary?: RunSummary;

  constructor(
    private readonly deps: {
      globalStorage: string;
      state: vscode.Memento;
      review: ReviewController;
      log: Logger;
      loadCore: () => Promise<CoreModule>;
      /** Sees every test run of every loop (Greenloop's results in the Testing view). */
      observeTests?: (tests: TestExecutor, core: CoreModule, redactor: Redactor) => TestExecutor;
    },
  ) {
    this.memory = new MemoryHolder(memoryDir(deps.globalStorage), deps.log);
  }

  /** True while a run is in progress. */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The summary of the last run finished in this session. */
  get lastRunSummary(): RunSummary | undefined {
    return this.lastSummary;
  }

  /** The last finished run, from this session or an earlier one. */
  get lastRun(): LastRun | undefined {
    return this.deps.state.get<LastRun>(LAST_RUN_KEY);
  }

  /** Folder of the shadow checkpoint repositories. */
  get checkpointsDir(): string {
    return checkpointsDir(this.deps.globalStorage);
  }

  /** Asks the running loop to stop; it reverts a cancelled change. Returns false when nothing runs. */
  stop(reason = "stop requested"): boolean {
    if (!this.running) return false;
    this.deps.log.info(`Stopping the run: ${reason}`);
    this.running.abort.abort();
    return true;
  }

  /** Resolves once no run is in progress (immediately when idle). */
  async whenIdle(): Promise<void> {
    await this.running?.done.catch(() => undefined);
  }

  /** Runs the loop to its end; throws when a run is already going or the setup fails. */
  run(request: RunRequest): Promise<RunSummary> {
    if (this.running)
      return Promise.reject(new Error(`A Greenloop run is already fixing ${this.running.file}. Stop it first.`));
    const abort = new AbortController();
    const done = this.runLoop(request, abort);
    this.running = { abort, file: request.targetFile, done };
    return done;
  }

  private async runLoop(request: RunRequest, abort: AbortController): Promise<RunSummary> {
    await Promise.resolve(); // run() records this run before the finally below can clear it
    try {
      const core = await this.deps.loadCore();
      const root = request.folder.uri.fsPath;
      const ports = await this.buildPorts(core, request, root);
      const config = toLoopConfig(request.settings, root, request.targetFile);
      const summary = await core.runFixLoop(config, ports, abort.signal);
      this.lastSummary = summary;
      const last: LastRun = {
        workspace: root,
        file: summary.file,
        runId: summary.runId,
        reason: summary.reason,
        checkpointId: summary.checkpointId,
      };
      await this.deps.state.update(LAST_RUN_KEY, last);
      return summary;
    } finally {
      this.running = undefined;
    }
  }

  private async buildPorts(core: CoreModule, request: RunRequest, root: string): Promise<LoopPorts> {
    const { settings, folder } = request;
    const log = this.deps.log;
    const files = new EditorWorkspaceFiles(root, log);
    const executor = settings.testTask
      ? new UserTaskExecutor(settings.testTask, log)
      : new TaskTestExecutor(folder, core.runProcess, log);
    // The key from the OS key store is no environment variable: name it, so events and the panel hide it too.
    const redactor = Redactor.fromEnvironment(process.env, [request.apiKey]);
    const tests = this.deps.observeTests?.(executor, core, redactor) ?? executor;
    const model = await createModelProvider(core, settings, request.apiKey, redactor, log);
    const memory = settings.memoryEnabled ? await this.memory.get(core, settings, model) : undefined;
    return {
      files,
      tests,
      approve: this.deps.review.gateFor(root, (rel) => files.peek(rel), {
        rebaseChange: core.rebaseChange,
        makeFileChange: core.makeFileChange,
      }),
      model,
      checkpoints: new core.ShadowCheckpoints({
        workspace: root,
        storageDir: this.checkpointsDir,
        lockDir: locksDir(),
      }),
      memory,
      changes: new core.GitChangeSource(root),
      log,
      redactor,
      onEvent: request.onEvent,
      keepOnStop: request.keepOnStop,
    };
  }

  /** Stops a running loop and closes the memory. */
  async dispose(): Promise<void> {
    this.stop("the extension is shutting down");
    await this.memory.close();
  }
}
