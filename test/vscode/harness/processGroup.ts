// A child process that leads its own process group, so stopping it also stops everything it spawned
// (code-server forks an extension host, a pty host, file watchers, test runs...).
import { type ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";

/** Options for {@link spawnGroup}. */
export interface SpawnGroupOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Safety net if this process dies without cleaning up: coreutils `timeout` ends the group. */
  maxLifetimeSeconds: number;
  /** Receives every output line (stdout and stderr). */
  onLine?: (line: string) => void;
}

/** A running process group. */
export interface ProcessGroup {
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the leader exits. */
  exited: Promise<number | string>;
  /** Last output lines, for error messages. */
  tail(): string;
  /** SIGTERM the whole group, then SIGKILL it after `graceMs` if the leader is still alive. */
  stop(graceMs?: number): Promise<void>;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** Last-resort cleanup: kill every group still alive when this process exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pgid of liveGroups) killGroup(pgid, "SIGKILL");
  });
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** Spawns `command args` as the leader of a new session and process group (detached = setsid). */
export function spawnGroup(command: string, args: string[], options: SpawnGroupOptions): ProcessGroup {
  installExitHook();
  const child = spawn("timeout", ["--kill-after=10", String(options.maxLifetimeSeconds), command, ...args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`Could not start ${command}`);
  liveGroups.add(pgid);

  const lines: string[] = [];
  const onData = (buffer: { partial: string }) => (chunk: Buffer) => {
    const parts = (buffer.partial + chunk.toString("utf8")).split("\n");
    buffer.partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.onLine?.(line);
    }
  };
  child.stdout?.on("data", onData({ partial: "" }));
  child.stderr?.on("data", onData({ partial: "" }));

  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
    child.on("error", (error) => resolve(`spawn error: ${error.message}`));
  });
  let leaderAlive = true;
  void exited.then(() => {
    leaderAlive = false;
  });

  return {
    child,
    exited,
    tail: () => lines.slice(-40).join("\n"),
    async stop(graceMs = 5000) {
      killGroup(pgid, "SIGTERM");
      if (leaderAlive) {
        const timer = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
        await Promise.race([exited, timer]);
      }
      // Children that ignored SIGTERM (or outlived the leader) go now.
      killGroup(pgid, "SIGKILL");
      liveGroups.delete(pgid);
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("No free port"))));
    });
  });
}
