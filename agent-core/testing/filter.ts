/** Narrows a test command to a set of failing tests or test files, and sets per-test timeouts, where the runner can. */
import { runnerFor } from "./runners";
import { appendArgs, isPackageManager } from "./runners/args";
import type { TestCommand } from "./types";

const FILE_LIKE = /\.(?:[cm]?[jt]sx?|py)$/;

/**
 * A command that runs only `failingIds`, or undefined when the runner (or the command's shape)
 * cannot filter, when no ids are given, or when an id is a whole file or synthetic (e.g. "(test run)").
 * Ids are those produced by the parsers: pytest node ids, or "suite > test" names for JS runners.
 */
export function filterCommand(cmd: TestCommand, failingIds: string[]): TestCommand | undefined {
  const ids = [...new Set(failingIds)];
  if (ids.length === 0 || cmd.filterable === false) return undefined;
  if (ids.some((id) => id.startsWith("(") || (!id.includes("::") && FILE_LIKE.test(id)))) return undefined;
  return runnerFor(cmd.framework)?.filterTests(cmd, ids, isPackageManager(cmd.argv[0] ?? ""));
}

/**
 * A command that runs only the test files `files` (relative to `cmd.cwd`), or undefined when the runner
 * cannot be narrowed to files this way: it goes through a package script, or already names files or folders
 * (more files would add to those, not narrow them).
 */
export function filterFiles(cmd: TestCommand, files: string[]): TestCommand | undefined {
  if (files.length === 0 || cmd.filterable === false) return undefined;
  const [program, ...args] = cmd.argv;
  if (isPackageManager(program ?? "")) return undefined;
  return runnerFor(cmd.framework)?.filterFiles(cmd, program, args, files);
}

/** `cmd` with its runner's per-test timeout set to `ms`, or undefined when it has none ({@link TestCommand.perTestTimeout}). */
export function withPerTestTimeout(cmd: TestCommand, ms: number): TestCommand | undefined {
  const option = cmd.perTestTimeout;
  if (!option) return undefined;
  const value = option.unit === "s" ? String(Math.max(1, Math.round(ms / 1000))) : String(Math.round(ms));
  const extra = [...(option.before ?? []), `${option.flag}${value}`];
  const [program, ...rest] = cmd.argv;
  // Some runners (node) take options only before the files; the others take them anywhere.
  if (runnerFor(cmd.framework)?.optionsFirst) return { ...cmd, argv: [program, ...extra, ...rest] };
  return appendArgs(cmd, extra);
}
