/** Runs git as a child process and trusts nothing but a clean exit: status 0 and no signal. */
import { spawn } from "node:child_process";

export interface GitOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to git's standard input. */
  input?: string | Buffer;
  /**
   * Run in a process group of its own, so a Ctrl+C meant for Greenloop does not cut a snapshot short; the
   * caller decides what a cancel means once git has finished.
   */
  detached?: boolean;
  /** Kill git (and fail) after this long. */
  timeoutMs?: number;
}

/** A git command that failed, was killed, or could not start. */
export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    const how = signal ? `was killed by ${signal}` : exitCode === null ? "could not start" : `exited with ${exitCode}`;
    super(
      `git ${args.slice(0, 3).join(" ")} ${how}${stderr.trim() ? `: ${stderr.trim().split("\n").slice(-3).join(" ")}` : ""}`,
    );
    this.name = "GitError";
  }
}

/** Runs `git args` and returns its standard output as bytes. */
export function gitBytes(args: string[], options: GitOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: options.detached === true && process.platform !== "win32",
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer =
      options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", (error) => reject(new GitError(args, null, null, error.message)));
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0 && signal === null) resolve(Buffer.concat(out));
      else reject(new GitError(args, code, signal, stderr));
    });
    // A git that exits before reading all input is reported by its status, not by EPIPE.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** Runs `git args` and returns its standard output as text. */
export async function git(args: string[], options: GitOptions): Promise<string> {
  return (await gitBytes(args, options)).toString("utf8");
}
