/** Finds how to run a project's tests: an explicit override, package.json, or pytest. */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { looksLikePytestProject, pytestCommand } from "./detectPython";
import { needsShell, splitArgs } from "./splitArgs";
import type { TestCommand, TestFramework } from "./types";

export { filterCommand } from "./filter";

/** Options for {@link detectTestCommand}. */
export interface DetectOptions {
  /** A command line typed by the user (e.g. `--test "pytest -x"`); wins over detection. */
  override?: string;
  /** Python interpreter to use for pytest projects. */
  python?: string;
  /** Folders above `root` whose pytest settings also apply (they can ask for plugins). */
  configDirs?: string[];
}

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  jest?: unknown;
}

const JS_RUNNERS = ["vitest", "jest", "mocha"] as const;

/**
 * Works out the test command for the project at `root`. Throws a clear Error when the
 * project has no detectable tests, or when pytest is needed but no interpreter has it.
 */
export async function detectTestCommand(root: string, opts: DetectOptions = {}): Promise<TestCommand> {
  const cwd = resolve(root);
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`Project folder does not exist: ${cwd}`);

  const pkg = await readPackageJson(cwd);
  if (opts.override !== undefined) return overrideCommand(cwd, opts.override, pkg);
  if (pkg) {
    const fromPackage = packageCommand(cwd, pkg);
    if (fromPackage) return fromPackage;
  }
  if (await looksLikePytestProject(cwd)) return pytestCommand(cwd, opts.python, opts.configDirs);
  throw new Error(
    `No tests found to run in ${cwd}: no package.json "test" script or known test runner, ` +
      `and no pytest files (pytest.ini, pyproject.toml, setup.cfg, test_*.py). Give the command explicitly, ` +
      `e.g. --test "npm test".`,
  );
}

/** Guesses the runner from command text (a script, an override, a resolved npm script). */
export function guessFramework(text: string): TestFramework {
  if (/\bvitest\b/.test(text)) return "vitest";
  if (/\bjest\b/.test(text)) return "jest";
  if (/\bmocha\b/.test(text)) return "mocha";
  if (/\bpytest\b/.test(text)) return "pytest";
  if (/(^|\s)--test(\s|$)/.test(text)) return "node";
  return "unknown";
}

function overrideCommand(cwd: string, line: string, pkg: PackageJson | undefined): TestCommand {
  const trimmed = line.trim();
  if (!trimmed) throw new Error("The test command is empty.");
  let framework = guessFramework(trimmed);
  // `npm test`, `yarn run x`: the runner is whatever the script calls.
  if (framework === "unknown" && pkg?.scripts) framework = guessFramework(expandScript(trimmed, pkg.scripts, 0));
  if (needsShell(trimmed)) {
    const shell = process.platform === "win32" ? ["cmd.exe", "/d", "/s", "/c"] : ["sh", "-c"];
    return { argv: [...shell, trimmed], cwd, framework, filterable: false };
  }
  return { argv: splitArgs(trimmed), cwd, framework };
}

function packageCommand(cwd: string, pkg: PackageJson): TestCommand | undefined {
  const scripts = pkg.scripts ?? {};
  const script = scripts.test?.trim();
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  if (!script || /no test specified/.test(script)) {
    // No script: run an installed runner directly.
    const runner = JS_RUNNERS.find((r) => r in deps && existsSync(binPath(cwd, r)));
    return runner ? directCommand(cwd, runner, []) : undefined;
  }
  let framework = guessFramework(expandScript(script, scripts, 0));
  if (framework === "unknown") {
    const installed = JS_RUNNERS.filter((r) => r in deps);
    if (installed.length === 1) framework = installed[0];
    else if (pkg.jest !== undefined) framework = "jest";
  }
  if (!needsShell(script)) {
    const direct = directFromScript(cwd, splitArgs(script));
    if (direct) return direct;
  }
  return { argv: ["npm", "test", "--silent"], cwd, framework, filterable: !needsShell(script) };
}

/** Runs the script's binary without npm, so filter arguments land on the runner itself. */
function directFromScript(cwd: string, tokens: string[]): TestCommand | undefined {
  let words = tokens;
  if (words[0] === "npx") {
    words = words.slice(1);
    while (words[0]?.startsWith("-")) words = words.slice(1);
  }
  const [bin, ...rest] = words;
  if (bin === "node" && rest.includes("--test")) return { argv: ["node", ...rest], cwd, framework: "node" };
  const runner = JS_RUNNERS.find((r) => r === bin);
  if (runner && existsSync(binPath(cwd, runner))) return directCommand(cwd, runner, rest);
  return undefined;
}

function directCommand(cwd: string, runner: (typeof JS_RUNNERS)[number], args: string[]): TestCommand {
  let rest = args;
  // vitest watches by default outside CI: ask for a single run. The verbose reporter names every test
  // with its suites (vitest 4's default tree drops suite names).
  if (runner === "vitest") {
    rest = ["run", ...args.filter((a) => !["run", "watch", "dev", "--watch"].includes(a))];
    if (!rest.some((a) => a.startsWith("--reporter"))) rest.push("--reporter=verbose");
  }
  // jest lists passing tests only in verbose mode (its default when exactly one file runs).
  if (runner === "jest" && !rest.some((a) => a === "--verbose" || a.startsWith("--verbose=") || a.startsWith("--reporters"))) {
    rest = [...rest, "--verbose"];
  }
  return { argv: [binPath(cwd, runner), ...rest], cwd, framework: runner };
}

function binPath(cwd: string, name: string): string {
  return join(cwd, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
}

/** Inlines `npm run x` / `yarn x` references (for guessing only; never executed this way). */
function expandScript(script: string, scripts: Record<string, string>, depth: number): string {
  if (depth > 4) return script;
  return script.replace(/\b(?:npm\s+(?:run(?:-script)?\s+)?|yarn\s+(?:run\s+)?|pnpm\s+(?:run\s+)?)([\w:.-]+)/g, (whole, name: string) => {
    const target = scripts[name];
    return target === undefined ? whole : expandScript(target, scripts, depth + 1);
  });
}

async function readPackageJson(cwd: string): Promise<PackageJson | undefined> {
  const path = join(cwd, "package.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" ? (parsed as PackageJson) : undefined;
  } catch (err) {
    throw new Error(`package.json in ${cwd} is not valid JSON: ${(err as Error).message}`);
  }
}
