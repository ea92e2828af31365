/**
 * Runs the real `greenloop` CLI as a child process (TypeScript sources through tsx, no build) and interrupts it
 * when a phase marker appears plus a delay. The moment only decides WHEN the signal lands; nothing here judges.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { InterruptKind, Phase, TrialPlan } from "./plan";
import { TRIAL_MARKER } from "./processes";
import type { TrialWorkspace } from "./workspace";
import { userEditsAfterKill } from "./workspace";

const CLI_MAIN = path.resolve(__dirname, "../../agent-core/cli/main.ts");
const TSX = pathToFileURL(require.resolve("tsx")).href;

/** Progress lines (agent-core/cli/progress.ts, without colour) that mark each phase. */
const MARKERS: Partial<Record<Phase, RegExp>> = {
  started: /^greenloop fixing /,
  checkpoint: /^ {2}checkpoint [0-9a-f]{8} /,
  iteration: /^#\d+$/,
  model: /^ {2}model {3}/,
  patch: /^ {2}patch {3}/,
  tests: /^ {2}tests {3}/,
  reverted: /^ {2}reverted: /,
  finished: /^[✔✘] /,
};

export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Still running when the guard ran out (then killed). */
  hung: boolean;
}

export interface DriveResult {
  fix: ProcessEnd;
  /** The signal reached a running process (false: none planned, or the run ended before the moment came). */
  signalled: boolean;
  /** The moment came after the run had ended. */
  missed: boolean;
  /** Test processes started before the signal and by the end. */
  testStartsAtSignal: number;
  testStartsAtEnd: number;
  undo?: ProcessEnd;
}

export interface DriveOptions {
  plan: TrialPlan;
  workspace: TrialWorkspace;
  baseUrl: string;
  token: string;
  /** Longest wait for an exit (after a signal, or for a whole uninterrupted run). */
  guardMs: number;
}

function cliEnv(workspace: TrialWorkspace, token: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.startsWith("GREENLOOP_") && !key.startsWith("GIT_")) env[key] = value;
  return {
    ...env,
    GREENLOOP_HOME: workspace.home,
    GREENLOOP_API_KEY: "chaos-key",
    [TRIAL_MARKER]: token,
    GREENLOOP_CHAOS_PROBE: workspace.probe,
    NO_COLOR: "1",
  };
}

/** Process groups of CLIs still running, killed if this harness exits (a Ctrl+C on `npm run chaos`). */
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/** Starts the CLI as the leader of its own process group. */
function startCli(args: string[], workspace: TrialWorkspace, token: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", TSX, CLI_MAIN, ...args], {
    cwd: workspace.ws,
    env: cliEnv(workspace, token),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pgid = child.pid;
  if (pgid !== undefined) {
    liveGroups.add(pgid);
    child.once("exit", () => liveGroups.delete(pgid));
  }
  return child;
}

/** Collects a child's output and resolves when it has exited and its pipes closed (or the guard ran out). */
function watch(child: ChildProcess, onLine: (line: string) => void) {
  let stdout = "";
  let stderr = "";
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => void (stdout += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    stderr += text;
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    lines.forEach(onLine);
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  const result = async (guardMs: number): Promise<ProcessEnd> => {
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), guardMs)));
    const first = await Promise.race([closed, guard]);
    clearTimeout(timer);
    if (first === "hung") {
      killGroupOrSelf(child, "SIGKILL");
      const end = await closed;
      return { ...end, stdout, stderr, hung: true };
    }
    return { ...first, stdout, stderr, hung: false };
  };
  return { closed, result };
}

function killGroupOrSelf(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
const countLines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").length - 1 : 0);

function sendInterrupt(child: ChildProcess, kind: Exclude<InterruptKind, "none">): void {
  const pid = child.pid;
  if (pid === undefined) throw new Error("the CLI has no pid");
  if (kind === "sigint") process.kill(pid, "SIGINT");
  else if (kind === "sigterm") process.kill(pid, "SIGTERM");
  else if (kind === "sigint-group")
    process.kill(-pid, "SIGINT"); // as a terminal's Ctrl+C reaches the whole job
  else process.kill(pid, "SIGKILL");
}

/** Resolves when the plan's moment has come (true), or when the run ended first (false). */
function momentReached(
  plan: TrialPlan,
  workspace: TrialWorkspace,
  seen: Map<Phase, number>,
  lineEvents: EventEmitter,
  ended: Promise<unknown>,
): Promise<boolean> {
  const phase = plan.phase as Phase;
  const reached = new Promise<boolean>((resolve) => {
    if (phase === "spawn") return resolve(true);
    if (phase === "startup") {
      const memoryDir = path.join(workspace.home, "memory");
      const poll = setInterval(() => {
        if (existsSync(memoryDir)) {
          clearInterval(poll);
          resolve(true);
        }
      }, 5);
      void ended.then(() => clearInterval(poll));
      return;
    }
    const check = () => {
      if ((seen.get(phase) ?? 0) >= plan.occurrence) {
        lineEvents.off("line", check);
        resolve(true);
      }
    };
    lineEvents.on("line", check);
  });
  return Promise.race([reached, ended.then(() => false)]);
}

/** Runs `greenloop fix` under the plan; for SIGKILL, then the developer's edits and `greenloop undo`. */
export async function drive(options: DriveOptions): Promise<DriveResult> {
  const { plan, workspace, token } = options;
  const args = [
    "fix",
    workspace.target,
    "--workspace",
    workspace.ws,
    "--provider",
    plan.provider,
    "--base-url",
    options.baseUrl,
  ];
  args.push("--model", "scripted", "--yes", "--test-timeout", "8", ...(plan.memory ? [] : ["--no-memory"]));
  // Its own process group, so a group signal reaches the CLI and its children but never this harness.
  const child = startCli(args, workspace, token);
  const seen = new Map<Phase, number>();
  const lineEvents = new EventEmitter();
  const watcher = watch(child, (line) => {
    for (const [phase, pattern] of Object.entries(MARKERS) as Array<[Phase, RegExp]>) {
      if (pattern.test(line)) seen.set(phase, (seen.get(phase) ?? 0) + 1);
    }
    lineEvents.emit("line");
  });

  let signalled = false;
  let missed = false;
  let testStartsAtSignal = 0;
  if (plan.interrupt !== "none") {
    const came = await momentReached(plan, workspace, seen, lineEvents, watcher.closed);
    if (came && plan.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
    if (came && running(child)) {
      testStartsAtSignal = countLines(workspace.probe);
      sendInterrupt(child, plan.interrupt);
      signalled = true;
    } else missed = true;
  }
  const fix = await watcher.result(options.guardMs);
  const result: DriveResult = {
    fix,
    signalled,
    missed,
    testStartsAtSignal,
    testStartsAtEnd: countLines(workspace.probe),
  };
  if (plan.interrupt === "sigkill-undo") {
    await userEditsAfterKill(workspace.ws);
    const undo = startCli(["undo", "--workspace", workspace.ws], workspace, token);
    result.undo = await watch(undo, () => undefined).result(options.guardMs);
  }
  return result;
}
