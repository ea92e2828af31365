/** mocha. */
import { parseMocha } from "../parsers/mocha";
import { anchoredAlternation, appendArgs, fullTitle, projectMentions } from "./args";
import type { TestRunner } from "./types";

export const mochaRunner: TestRunner<"mocha"> = {
  id: "mocha",
  sniffCommand: (text) => /\bmocha\b/.test(text),
  sniffOutput: (text) => /^\s+\d+ (passing|failing) \(/m.test(text) || /Exception during run:/.test(text),
  parse: parseMocha,
  filterTests: (cmd, ids) => appendArgs(cmd, ["--grep", anchoredAlternation(ids.map(fullTitle))]),
  filterFiles: () => undefined,
  async perTestTimeout(cmd) {
    if (
      cmd.argv.some((a) => a === "-t" || a.startsWith("--timeout")) ||
      (await projectMentions(cmd.cwd, /\btimeout\b/))
    )
      return undefined;
    return { flag: "--timeout=", unit: "ms" };
  },
  timeoutMessage: { pattern: /Timeout of (\d+)ms exceeded/, unit: "ms" },
  packageBinary: { directArgs: (args) => args },
};
