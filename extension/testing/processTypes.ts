import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";

/** Options of agent-core's `runProcess`. */
export interface RunProcessOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  maxOutputBytes?: number;
  onOutput?: (chunk: string) => void;
  /** Provider key variables the test process may see; the rest are removed. */
  envPassthrough?: readonly string[];
}

/** agent-core's `runProcess`, injected so this layer loads the core only when a test really runs. */
export type RunProcess = (cmd: TestCommand, options: RunProcessOptions) => Promise<ProcessResult>;

/** Shows an argv the way a user would type it. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/[\s"'$\\]/.test(a) || a === "" ? JSON.stringify(a) : a)).join(" ");
}

/** Terminal text needs CRLF: a bare LF only moves the cursor down. */
export function toTerminalText(chunk: string): string {
  return chunk.replace(/\r?\n/g, "\r\n");
}

/** A ProcessResult for a run that never produced output of its own. */
export function syntheticResult(fields: Partial<ProcessResult> & { output: string }): ProcessResult {
  return {
    exitCode: null,
    signal: null,
    truncated: false,
    timedOut: false,
    cancelled: false,
    durationMs: 0,
    ...fields,
  };
}
