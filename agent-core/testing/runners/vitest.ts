/** vitest. */
import { parseVitest } from "../parsers/vitest";
import { anchoredAlternation, appendArgs, fullTitle, projectMentions } from "./args";
import type { TestRunner } from "./types";

export const vitestRunner: TestRunner<"vitest"> = {
  id: "vitest",
  sniffCommand: (text) => /\bvitest\b/.test(text),
  sniffOutput: (text) => /^\s+Test Files\s{2}/m.test(text),
  parse: parseVitest,
  filterTests: (cmd, ids) => appendArgs(cmd, ["-t", anchoredAlternation(ids.map(fullTitle))]),
  filterFiles(cmd, _program, args, files) {
    if (!args.every((a) => a.startsWith("-") || a === "run")) return undefined;
    return { ...cmd, argv: [...cmd.argv, ...files] };
  },
  async perTestTimeout(cmd) {
    if (cmd.argv.some((a) => a.startsWith("--testTimeout")) || (await projectMentions(cmd.cwd, /testTimeout/)))
      return undefined;
    return { flag: "--testTimeout=", unit: "ms" };
  },
  timeoutMessage: { pattern: /Test timed out in (\d+)ms/, unit: "ms" },
  packageBinary: {
    // vitest watches by default outside CI: ask for a single run. The verbose reporter names every test
    // with its suites (vitest 4's default tree drops suite names).
    directArgs(args) {
      const rest = ["run", ...args.filter((a) => !["run", "watch", "dev", "--watch"].includes(a))];
      if (!rest.some((a) => a.startsWith("--reporter"))) rest.push("--reporter=verbose");
      return rest;
    },
  },
};
