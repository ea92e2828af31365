// Command-line options shared by the in-host test runners (code-server and Electron).
import * as path from "node:path";
import { parseArgs } from "node:util";

/** Parsed options of a runner CLI. */
export interface RunnerOptions {
  /** TypeScript entry of the suite (exports `run(): Promise<void>`). */
  suiteEntry: string;
  /** Folder holding the extension's package.json. */
  extensionPath: string;
  /** Run `node esbuild.mjs` first (only when the extension is this repository). */
  build: boolean;
  timeoutMs: number;
  verbose: boolean;
}

const USAGE = `Options:
  --suite <file.ts>      suite entry exporting run() (default test/vscode/suite/index.ts)
  --extension <dir>      extension folder (default: the repository)
  --no-build             skip node esbuild.mjs
  --timeout <seconds>    hard limit for the run (default 600)
  --verbose              also print code-server's log and browser errors`;

/** Parses argv; throws a clear Error (with usage) on bad input. */
export function parseRunnerOptions(argv: string[], repoRoot: string): RunnerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: "string" },
      extension: { type: "string" },
      "no-build": { type: "boolean", default: false },
      timeout: { type: "string", default: "600" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new Error(`--timeout must be a positive number of seconds, got "${values.timeout}"\n${USAGE}`);
  }
  const extensionPath = path.resolve(values.extension ?? repoRoot);
  return {
    suiteEntry: path.resolve(values.suite ?? path.join(repoRoot, "test", "vscode", "suite", "index.ts")),
    extensionPath,
    build: !values["no-build"] && extensionPath === repoRoot,
    timeoutMs: timeoutSeconds * 1000,
    verbose: values.verbose ?? false,
  };
}
