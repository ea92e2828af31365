/** Narrows a test command to a set of failing tests, where the runner can do that. */
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
