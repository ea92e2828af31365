import * as path from "node:path";
import * as vscode from "vscode";
import type { TestCommand } from "../../agent-core/testing/types";
import { errorMessage } from "../util/logger";
import type { RunProcess } from "./processTypes";
import type { TestRunOptions } from "./testRun";
import { createTestTask, isGreenloopDefinition, TASK_TYPE } from "./testTask";

/** What the task provider needs from agent-core, loaded only when tasks are requested. */
export interface TaskProviderCore {
  runProcess: RunProcess;
  detectTestCommand(root: string, opts?: { override?: string }): Promise<TestCommand>;
}

/** Settings the provider reads per folder. */
export interface TaskProviderSettings {
  testCommand: string;
  testTimeoutSeconds: number;
  testEnvPassthrough: string[];
}

/**
 * Provides a "greenloop" test task per workspace folder and runs tasks.json entries of type "greenloop"
 * (with an explicit `command` argv) through the capturing pseudoterminal.
 */
export class GreenloopTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly loadCore: () => Promise<TaskProviderCore>,
    private readonly settingsFor: (folder: vscode.WorkspaceFolder) => TaskProviderSettings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async provideTasks(): Promise<vscode.Task[]> {
    if (!vscode.workspace.isTrusted) return [];
    const core = await this.loadCore();
    const tasks: vscode.Task[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const settings = this.settingsFor(folder);
      try {
        const command = await core.detectTestCommand(
          folder.uri.fsPath,
          settings.testCommand ? { override: settings.testCommand } : undefined,
        );
        tasks.push(createTestTask(command, folder, "run tests", terminalOptions(core, settings)));
      } catch (err) {
        this.log.info(`No test task for ${folder.name}: ${errorMessage(err)}`);
      }
    }
    return tasks;
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    const def = task.definition;
    if (!isGreenloopDefinition(def) || typeof task.scope !== "object") return undefined;
    const folder = task.scope;
    const core = await this.loadCore();
    const settings = this.settingsFor(folder);
    const cwd = def.cwd ? path.resolve(folder.uri.fsPath, def.cwd) : folder.uri.fsPath;
    const command: TestCommand =
      def.command && def.command.length > 0
        ? { argv: def.command, cwd, framework: "unknown" }
        : await core.detectTestCommand(cwd, settings.testCommand ? { override: settings.testCommand } : undefined);
    return createTestTask(command, folder, task.name, terminalOptions(core, settings), { ...def, type: TASK_TYPE });
  }
}

function terminalOptions(core: TaskProviderCore, settings: TaskProviderSettings): TestRunOptions {
  return {
    runProcess: core.runProcess,
    timeoutMs: settings.testTimeoutSeconds * 1000,
    envPassthrough: settings.testEnvPassthrough,
  };
}
