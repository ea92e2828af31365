/**
 * Per-test timeouts, so a test that never finishes fails on its own (named by the runner) instead of holding
 * the whole run until its overall timeout. Each runner module knows its option (`runners/`).
 */
import path from "node:path";
import { runnerFor } from "./runners";
import type { PerTestTimeout, TestCommand } from "./types";

/**
 * The runner's per-test timeout option for `cmd`, or undefined when it has none, when the project or the command
 * sets one itself (a project's longer timeout is never overridden), or when the command cannot take one.
 */
export async function perTestTimeoutFor(cmd: TestCommand): Promise<PerTestTimeout | undefined> {
  const program = path.basename(cmd.argv[0] ?? "").replace(/\.(cmd|exe)$/, "");
  const viaNpm = /^(npm|yarn|pnpm)$/.test(program);
  if (viaNpm && cmd.filterable === false) return undefined;
  return runnerFor(cmd.framework)?.perTestTimeout(cmd, program);
}
