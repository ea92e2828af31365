/** jest. */
import { parseJest } from "../parsers/jest";
import { anchoredAlternation, appendArgs, escapeRegExp, fullTitle, projectMentions } from "./args";
import type { TestRunner } from "./types";

export const jestRunner: TestRunner<"jest"> = {
  id: "jest",
  sniffCommand: (text) => /\bjest\b/.test(text),
  sniffOutput: (text) => /^Test Suites: /m.test(text),
  parse: parseJest,
  filterTests: (cmd, ids) => appendArgs(cmd, ["-t", anchoredAlternation(ids.map(fullTitle))]),
  filterFiles(cmd, _program, args, files) {
    // jest takes path patterns (regular expressions): anchor each file's path at its end.
    if (!args.every((a) => a.startsWith("-"))) return undefined;
    return { ...cmd, argv: [...cmd.argv, ...files.map((f) => `${escapeRegExp(f)}$`)] };
  },
  async perTestTimeout(cmd) {
    if (cmd.argv.some((a) => a.startsWith("--testTimeout")) || (await projectMentions(cmd.cwd, /testTimeout/)))
      return undefined;
    return { flag: "--testTimeout=", unit: "ms" };
  },
  timeoutMessage: { pattern: /Exceeded timeout of (\d+) ?ms for a (?:test|hook)/, unit: "ms" },
  packageBinary: {
    // jest lists passing tests only in verbose mode (its default when exactly one file runs).
    directArgs: (args) =>
      args.some((a) => a === "--verbose" || a.startsWith("--verbose=") || a.startsWith("--reporters"))
        ? args
        : [...args, "--verbose"],
    packageKey: "jest",
  },
};
