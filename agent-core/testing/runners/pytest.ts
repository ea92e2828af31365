/** pytest. */
import { looksLikePytestProject, pytestCommand } from "../detectPython";
import { LIBRARY_PATH, parsePytest } from "../parsers/pytest";
import { appendArgs } from "./args";
import { stillRunning } from "./pytestDump";
import type { TestRunner } from "./types";

export const pytestRunner: TestRunner<"pytest"> = {
  id: "pytest",
  sniffCommand: (text) => /\bpytest\b/.test(text),
  sniffOutput: (text) =>
    /^=+ (short test summary info|FAILURES|ERRORS|test session starts) =+$/m.test(text) ||
    /^=*\s*(\d+ \w+, )*\d+ \w+ in [\d.]+s/m.test(text),
  parse: parsePytest,
  filterTests: (cmd, ids) => (ids.every((id) => id.includes("::")) ? appendArgs(cmd, ids) : undefined),
  filterFiles(cmd, _program, args, files) {
    const afterModule = args[0] === "-m" && args[1] === "pytest" ? args.slice(2) : undefined;
    if (!afterModule?.every((a) => a.startsWith("-"))) return undefined;
    return { ...cmd, argv: [...cmd.argv, ...files] };
  },
  // Its per-test timeout comes with its command (pytest-timeout, when installed).
  perTestTimeout: async () => undefined,
  timeoutMessage: { pattern: /Failed: Timeout >([\d.]+)s/, unit: "s" },
  libraryFrame: LIBRARY_PATH,
  stillRunning: (output, cwd) => stillRunning(output, cwd, /site-packages|dist-packages|[\\/]lib[\\/]python\d/),
  async detectProject(cwd, opts) {
    return (await looksLikePytestProject(cwd)) ? pytestCommand(cwd, opts.python, opts.configDirs) : undefined;
  },
};
