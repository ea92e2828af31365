/** Finds how to run a project's tests: an explicit override, package.json, or pytest. */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { runnerFor, TEST_RUNNERS, type TestRunner, type TestRunnerId } from "./runners";
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
  /** Runner configuration kept in package.json (`"jest": {…}`). */
  [key: string]: unknown;
}

/** Runners installed as package binaries, which a package.json project can run directly. */
const PACKAGE_RUNNERS = TEST_RUNNERS.filter((r) => r.packageBinary !== undefined);

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
  for (const runner of TEST_RUNNERS) {
    const found = await runner.detectProject?.(cwd, opts);
    if (found) return found;
  }
  throw new Error(
    `No tests found to run in ${cwd}: no package.json "test" script or known test runner, no node:test ` +
      `files, and no pytest files (pytest.ini, pyproject.toml, setup.cfg, test_*.py). Give the command explicitly, ` +
      `e.g. --test "npm test".`,
  );
}

/** Guesses the runner from command text (a script, an override, a resolved npm script). */
export function guessFramework(text: string): TestFramework {
  return TEST_RUNNERS.find((r) => r.sniffCommand(text))?.id ?? "unknown";
}

function overrideCommand(cwd: string, line: string, pkg: PackageJson | undefined): TestCommand {
  const trimmed = line.trim();
  if (!trimmed) throw new Error("The test command is empty.");
  let framework = guessFramework(trimmed);
  // `npm test`, `yarn run x`: the runner is whatever the script calls.
  if (framework === "unknown" && pkg?.scripts) framework = guessFramework(expandScript(trimmed, pkg.scripts, 0));
  const reports = reportsOf(framework);
  if (needsShell(trimmed)) {
    const shell = process.platform === "win32" ? ["cmd.exe", "/d", "/s", "/c"] : ["sh", "-c"];
    return { argv: [...shell, trimmed], cwd, framework, filterable: false, ...reports };
  }
  return { argv: splitArgs(trimmed), cwd, framework, ...reports };
}

/** The runner's report folders, for a command named by text (its runs append the reports they write). */
export function reportsOf(framework: TestFramework): { reports?: string[] } {
  const dirs = runnerFor(framework)?.reports;
  return dirs ? { reports: [...dirs] } : {};
}

function packageCommand(cwd: string, pkg: PackageJson): TestCommand | undefined {
  const scripts = pkg.scripts ?? {};
  const script = scripts.test?.trim();
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  if (!script || /no test specified/.test(script)) {
    // No script: run an installed runner directly.
    const runner = PACKAGE_RUNNERS.find((r) => r.id in deps && existsSync(binPath(cwd, r.id)));
    return runner ? directCommand(cwd, runner, []) : undefined;
  }
  let framework = guessFramework(expandScript(script, scripts, 0));
  if (framework === "unknown") {
    const installed = PACKAGE_RUNNERS.filter((r) => r.id in deps);
    const configured = PACKAGE_RUNNERS.find(
      (r) => r.packageBinary?.packageKey !== undefined && pkg[r.packageBinary.packageKey] !== undefined,
    );
    if (installed.length === 1) framework = installed[0].id;
    else if (configured) framework = configured.id;
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
  // Package-manager wrappers (`corepack pnpm jest`, `pnpm exec jest`, `yarn jest`, `npx jest`): call the binary
  // itself, which is faster and cannot fail on a package manager's own checks (signatures, lockfiles, network).
  if (words[0] === "corepack") words = words.slice(1);
  if (["npx", "bunx", "pnpx"].includes(words[0] ?? "")) words = words.slice(1);
  else if (["pnpm", "yarn", "npm"].includes(words[0] ?? "") && PACKAGE_RUNNERS.some((r) => r.id === words[1]))
    words = words.slice(1);
  else if (["pnpm", "yarn", "npm"].includes(words[0] ?? "") && words[1] === "exec") words = words.slice(2);
  while (words[0]?.startsWith("-")) words = words.slice(1);
  const [bin, ...rest] = words;
  if (bin === "node" && rest.includes("--test")) return { argv: ["node", ...rest], cwd, framework: "node" };
  const runner = PACKAGE_RUNNERS.find((r) => r.id === bin);
  if (runner && existsSync(binPath(cwd, runner.id))) return directCommand(cwd, runner, rest);
  return undefined;
}

function directCommand(cwd: string, runner: TestRunner<TestRunnerId>, args: string[]): TestCommand {
  const rest = runner.packageBinary?.directArgs(args) ?? args;
  return { argv: [binPath(cwd, runner.id), ...rest], cwd, framework: runner.id };
}

function binPath(cwd: string, name: string): string {
  return join(cwd, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
}

/** Inlines `npm run x` / `yarn x` references (for guessing only; never executed this way). */
function expandScript(script: string, scripts: Record<string, string>, depth: number): string {
  if (depth > 4) return script;
  return script.replace(
    /\b(?:npm\s+(?:run(?:-script)?\s+)?|yarn\s+(?:run\s+)?|pnpm\s+(?:run\s+)?)([\w:.-]+)/g,
    (whole, name: string) => {
      const target = scripts[name];
      return target === undefined ? whole : expandScript(target, scripts, depth + 1);
    },
  );
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
