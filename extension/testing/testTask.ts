import * as path from "node:path";
import * as vscode from "vscode";
import type { TestCommand } from "../../agent-core/testing/types";
import { formatArgv } from "./processTypes";
import { TestPseudoterminal } from "./testPseudoterminal";
import { TestRun, type TestRunOptions } from "./testRun";

/** Task type contributed in package.json (`contributes.taskDefinitions`). */
export const TASK_TYPE = "greenloop";

/** The `greenloop` task definition as written in tasks.json. */
export interface GreenloopTaskDefinition extends vscode.TaskDefinition {
  type: typeof TASK_TYPE;
  /** argv of the test command; missing means "detect it". */
  command?: string[];
  /** Working directory, relative to the workspace folder. */
  cwd?: string;
  /** Set on tasks the extension starts itself, to recognise their end events. */
  runId?: string;
}

/** True for a well-formed greenloop task definition. */
export function isGreenloopDefinition(d: vscode.TaskDefinition): d is GreenloopTaskDefinition {
  const cmd = (d as GreenloopTaskDefinition).command;
  return d.type === TASK_TYPE && (cmd === undefined || (Array.isArray(cmd) && cmd.every((a) => typeof a === "string")));
}

/** A test task whose pseudoterminal runs `command` (from when VS Code runs the task) and captures its output. */
export function createTestTask(
  command: TestCommand,
  scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace,
  name: string,
  terminal: TestRunOptions,
  definition: GreenloopTaskDefinition = {
    type: TASK_TYPE,
    command: command.argv,
    cwd: relativeCwd(scope, command.cwd),
  },
): vscode.Task {
  return greenloopTask(definition, scope, name, command, () => new TestPseudoterminal(new TestRun(command, terminal)));
}

/** A task that only shows a run already going (the loop's tests start without waiting for the workbench). */
export function createRunDisplayTask(
  run: TestRun,
  command: TestCommand,
  scope: vscode.WorkspaceFolder,
  name: string,
  definition: GreenloopTaskDefinition,
  onOpen?: () => void,
): vscode.Task {
  return greenloopTask(definition, scope, name, command, () => new TestPseudoterminal(run, onOpen));
}

/** A task in the Test group whose terminal is the pseudoterminal `open` makes each time the task runs. */
function greenloopTask(
  definition: GreenloopTaskDefinition,
  scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace,
  name: string,
  command: TestCommand,
  open: () => vscode.Pseudoterminal,
): vscode.Task {
  const execution = new vscode.CustomExecution(async () => open());
  const task = new vscode.Task(definition, scope, name, "Greenloop", execution);
  task.detail = formatArgv(command.argv);
  task.group = vscode.TaskGroup.Test;
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    focus: false,
    panel: vscode.TaskPanelKind.Dedicated,
    clear: true,
    echo: false,
    showReuseMessage: false,
  };
  return task;
}

function relativeCwd(scope: vscode.WorkspaceFolder | vscode.TaskScope.Workspace, cwd: string): string | undefined {
  if (typeof scope !== "object") return undefined;
  const rel = path.relative(scope.uri.fsPath, cwd);
  return rel === "" ? undefined : rel;
}
