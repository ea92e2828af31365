/** Narrows a test command to a set of failing tests or test files, and sets per-test timeouts, where the runner can. */
import type { TestCommand } from "./types";

/** Test ids use this between suite and test names (see the parsers). */
const ID_SEPARATOR = " > ";
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
  const viaNpm = /^(npm|yarn|pnpm)(\.cmd)?$/.test(baseName(cmd.argv[0] ?? ""));
  const append = (extra: string[]): TestCommand => ({
    ...cmd,
    argv: viaNpm ? [...cmd.argv, ...(cmd.argv.includes("--") ? [] : ["--"]), ...extra] : [...cmd.argv, ...extra],
  });

  switch (cmd.framework) {
    case "pytest": {
      if (!ids.every((id) => id.includes("::"))) return undefined;
      return append(ids);
    }
    case "node": {
      // Options after a file argument would go to the test files, so put the pattern right after `node`.
      if (viaNpm || baseName(cmd.argv[0]) !== "node") return undefined;
      const leaves = ids.map((id) => id.split(ID_SEPARATOR).pop() ?? id);
      return { ...cmd, argv: [cmd.argv[0], `--test-name-pattern=${anchoredAlternation(leaves)}`, ...cmd.argv.slice(1)] };
    }
    case "mocha":
      return append(["--grep", anchoredAlternation(ids.map(fullTitle))]);
    case "jest":
    case "vitest":
      return append(["-t", anchoredAlternation(ids.map(fullTitle))]);
    default:
      return undefined;
  }
}

/** mocha, jest and vitest match patterns against suite and test names joined by spaces. */
function fullTitle(id: string): string {
  return id.split(ID_SEPARATOR).join(" ");
}

function anchoredAlternation(names: string[]): string {
  return `^(?:${names.map(escapeRegExp).join("|")})$`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * A command that runs only the test files `files` (relative to `cmd.cwd`), or undefined when the runner
 * cannot be narrowed to files this way: it goes through a package script, or already names files or folders
 * (more files would add to those, not narrow them).
 */
export function filterFiles(cmd: TestCommand, files: string[]): TestCommand | undefined {
  if (files.length === 0 || cmd.filterable === false) return undefined;
  const [program, ...args] = cmd.argv;
  if (/^(npm|yarn|pnpm)(\.cmd)?$/.test(baseName(program ?? ""))) return undefined;
  switch (cmd.framework) {
    case "pytest": {
      const afterModule = args[0] === "-m" && args[1] === "pytest" ? args.slice(2) : undefined;
      if (!afterModule || !afterModule.every((a) => a.startsWith("-"))) return undefined;
      return { ...cmd, argv: [...cmd.argv, ...files] };
    }
    case "node":
      if (baseName(program) !== "node" || !args.includes("--test") || !args.every((a) => a.startsWith("-"))) return undefined;
      return { ...cmd, argv: [...cmd.argv, ...files] };
    case "jest":
      // jest takes path patterns (regular expressions): anchor each file's path at its end.
      if (!args.every((a) => a.startsWith("-"))) return undefined;
      return { ...cmd, argv: [...cmd.argv, ...files.map((f) => `${escapeRegExp(f)}$`)] };
    case "vitest":
      if (!args.every((a) => a.startsWith("-") || a === "run")) return undefined;
      return { ...cmd, argv: [...cmd.argv, ...files] };
    default:
      return undefined;
  }
}

/** `cmd` with its runner's per-test timeout set to `ms`, or undefined when it has none ({@link TestCommand.perTestTimeout}). */
export function withPerTestTimeout(cmd: TestCommand, ms: number): TestCommand | undefined {
  const option = cmd.perTestTimeout;
  if (!option) return undefined;
  const value = option.unit === "s" ? String(Math.max(1, Math.round(ms / 1000))) : String(Math.round(ms));
  const extra = [...(option.before ?? []), `${option.flag}${value}`];
  const [program, ...rest] = cmd.argv;
  // Node options go before the files; the other runners take options anywhere.
  if (cmd.framework === "node") return { ...cmd, argv: [program, ...extra, ...rest] };
  const viaNpm = /^(npm|yarn|pnpm)(\.cmd)?$/.test(baseName(program ?? ""));
  return { ...cmd, argv: viaNpm ? [...cmd.argv, ...(cmd.argv.includes("--") ? [] : ["--"]), ...extra] : [...cmd.argv, ...extra] };
}
