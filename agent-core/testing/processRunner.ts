/** Runs a test command with a timeout, cancellation, bounded output and a kill of everything it started. */
import { type ChildProcess, spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { CappedOutput, stripAnsi } from "./cappedOutput";
import { listReports, newReports, type ReportListing } from "./junitReports";
import { ensureOrphanGuard, ownerEnv } from "./orphanGuard";
import { newProcessTag, PROCESS_TAG_VARIABLE, ProcessTree, waitUntilGone } from "./processTree";
import { buildTestEnv } from "./testEnv";
import type { ProcessResult, TestCommand } from "./types";

/** Options for {@link runProcess}. */
export interface RunProcessOptions {
  /** Kill the whole process tree after this long. Default 120 000 ms. */
  timeoutMs?: number;
  /** Aborting kills the whole process tree; the result has `cancelled: true`. */
  signal?: AbortSignal;
  /** Output budget in bytes (head + tail kept, middle dropped). Default 2 MB. */
  maxOutputBytes?: number;
  /** Receives each output chunk as it arrives (ANSI stripped), e.g. to stream to a UI. */
  onOutput?: (chunk: string) => void;
  /** Time between SIGTERM and SIGKILL. Default 2 000 ms. */
  killGraceMs?: number;
  /** Environment to inherit instead of `process.env` (provider keys are removed from it). */
  parentEnv?: NodeJS.ProcessEnv;
  /** Provider key variables to keep (setting `testEnvPassthrough`). */
  envPassthrough?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_OUTPUT = 2 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;
const DEFAULT_GRACE_MS = 2_000;
/** After the main process exits, how long to wait for grandchildren holding our pipes. */
const PIPE_DRAIN_MS = 1_000;
/** After the final SIGKILL, how long to wait for the killed processes to be gone. */
const REAP_WAIT_MS = 2_000;
/** A line longer than this is passed on unfinished (output without newlines must not pile up). */
const MAX_HALF_LINE = 64 * 1024;

/**
 * Runs `cmd.argv` without a shell. Never throws: spawn failures (missing binary, bad cwd)
 * come back as a result with `exitCode: null` and an explanatory `output`.
 */
export async function runProcess(cmd: TestCommand, opts: RunProcessOptions = {}): Promise<ProcessResult> {
  const started = Date.now();
  const failed = (output: string, extra: Partial<ProcessResult> = {}): ProcessResult => ({
    exitCode: null,
    signal: null,
    output,
    truncated: false,
    timedOut: false,
    cancelled: false,
    durationMs: Date.now() - started,
    ...extra,
  });

  if (cmd.argv.length === 0 || !cmd.argv[0]) return failed("Test command is empty.");
  if (opts.signal?.aborted) return failed("Test run cancelled before it started.", { cancelled: true });
  const cwdProblem = await checkCwd(cmd.cwd);
  if (cwdProblem) return failed(cwdProblem);

  const [file, ...args] = cmd.argv;
  // Every process of this run inherits the tag, so the kill finds those that left the tree (setsid, daemons).
  const tag = newProcessTag();
  const env = {
    ...buildTestEnv({ parent: opts.parentEnv, commandEnv: cmd.env, passthrough: opts.envPassthrough }),
    [PROCESS_TAG_VARIABLE]: tag,
    ...ownerEnv(),
  };
  ensureOrphanGuard();
  // Reports already there belong to earlier runs (see junitReports.ts).
  const reports = cmd.reports?.length
    ? { dirs: cmd.reports, before: await listReports(cmd.cwd, cmd.reports) }
    : undefined;
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      cwd: cmd.cwd,
      env,
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
  } catch (err) {
    return failed(spawnErrorMessage(file, err));
  }
  return collect(child, tag, file, started, opts, reports && { ...reports, cwd: cmd.cwd });
}

function collect(
  child: ChildProcess,
  tag: string,
  file: string,
  started: number,
  opts: RunProcessOptions,
  reports?: { cwd: string; dirs: string[]; before: ReportListing },
): Promise<ProcessResult> {
  const output = new CappedOutput(opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT, HEAD_BYTES);
  const grace = opts.killGraceMs ?? DEFAULT_GRACE_MS;
  let timedOut = false;
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  let drainTimer: NodeJS.Timeout | undefined;
  let exit: { code: number | null; signal: string | null } | undefined;

  // The two pipes are merged by whole lines: a line one stream has only half written (libtest's "test name ... "
  // while that test runs) is never cut by text the other stream wrote meanwhile. Shown live as it comes.
  const halfLines = { out: "", err: "" };
  const onChunk = (stream: keyof typeof halfLines, decoder: StringDecoder) => (data: Buffer) => {
    const text = decoder.write(data);
    if (opts.onOutput && text) opts.onOutput(stripAnsi(text));
    const all = halfLines[stream] + text;
    const cut = all.length > MAX_HALF_LINE ? all.length : all.lastIndexOf("\n") + 1;
    output.push(all.slice(0, cut));
    halfLines[stream] = all.slice(cut);
  };
  const outDecoder = new StringDecoder("utf8");
  const errDecoder = new StringDecoder("utf8");
  child.stdout?.on("data", onChunk("out", outDecoder));
  child.stderr?.on("data", onChunk("err", errDecoder));

  const tree = new ProcessTree(child, tag);
  const killTree = (signal: NodeJS.Signals) => tree.kill(signal);
  const terminate = (): void => {
    if (killTimer) return;
    void killTree("SIGTERM");
    killTimer = setTimeout(() => void killTree("SIGKILL"), grace);
    killTimer.unref();
  };
  const timeout = setTimeout(() => {
    timedOut = true;
    terminate();
  }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const onAbort = (): void => {
    cancelled = true;
    terminate();
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  // Aborted while the working directory was checked: the event has already fired.
  if (opts.signal?.aborted) onAbort();

  return new Promise<ProcessResult>((resolve) => {
    let settled = false;
    const finish = async (spawnError?: unknown): Promise<void> => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (drainTimer) clearTimeout(drainTimer);
      opts.signal?.removeEventListener("abort", onAbort);
      const [outRest, errRest] = [halfLines.out + outDecoder.end(), halfLines.err + errDecoder.end()];
      output.push(outRest);
      if (outRest && errRest && !outRest.endsWith("\n")) output.push("\n");
      output.push(errRest);
      // Leave nothing of the tree behind, even after a normal exit (servers started by tests).
      if (child.pid !== undefined && !spawnError) await waitUntilGone(await killTree("SIGKILL"), REAP_WAIT_MS);
      if (killTimer) clearTimeout(killTimer);
      let text = stripAnsi(output.text()).replace(/\r\n/g, "\n");
      if (reports && !spawnError) {
        const written = await newReports(reports.cwd, reports.dirs, reports.before);
        if (written) text += `${text.endsWith("\n") || !text ? "" : "\n"}${written}\n`;
      }
      if (spawnError) text = spawnErrorMessage(file, spawnError);
      else if (timedOut) text += `\n[${timeoutMessage(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)}]`;
      else if (cancelled) text += "\n[Test run cancelled]";
      resolve({
        exitCode: spawnError ? null : (exit?.code ?? null),
        signal: exit?.signal ?? null,
        output: text,
        truncated: output.truncated,
        timedOut,
        cancelled,
        durationMs: Date.now() - started,
      });
    };
    child.on("error", (err) => void finish(err));
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      // A grandchild may keep our pipes open forever; don't wait on it.
      drainTimer = setTimeout(() => void finish(), PIPE_DRAIN_MS);
      drainTimer.unref();
    });
    child.on("close", () => void finish());
  });
}

/** The line a timed-out run ends with; the loop and the hosts show it as the reason. */
export function timeoutMessage(timeoutMs: number): string {
  const seconds = timeoutMs >= 10_000 ? String(Math.round(timeoutMs / 1000)) : String(Math.round(timeoutMs / 100) / 10);
  return `Test run timed out after ${seconds} s and was killed`;
}

async function checkCwd(cwd: string): Promise<string | undefined> {
  try {
    const info = await stat(cwd);
    return info.isDirectory() ? undefined : `Test working directory is not a directory: ${cwd}`;
  } catch {
    return `Test working directory does not exist: ${cwd}`;
  }
}

function spawnErrorMessage(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return `Test command not found: ${file} (is it installed and on PATH?)`;
  if (code === "EACCES") return `Test command is not executable: ${file}`;
  const message = err instanceof Error ? err.message : String(err);
  return `Test command could not start: ${file}: ${message}`;
}
