/**
 * pytest projects: detection, the one way Greenloop picks an interpreter (shared by `fix` and training),
 * and whether plugin auto-loading can be turned off.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path, { join } from "node:path";
import { runProcess } from "./processRunner";
import type { PerTestTimeout, TestCommand } from "./types";

const TEST_FILE = /^(test_.*|.*_test)\.py$/;

/** True when `root` looks like a pytest project (config files or test_*.py files). */
export async function looksLikePytestProject(root: string): Promise<boolean> {
  if (existsSync(join(root, "pytest.ini")) || existsSync(join(root, "conftest.py"))) return true;
  if (await fileMentions(join(root, "pyproject.toml"), /\[tool\.pytest|\bpytest\b/)) return true;
  if (await fileMentions(join(root, "setup.cfg"), /\[tool:pytest\]/)) return true;
  if (await fileMentions(join(root, "tox.ini"), /\[pytest\]/)) return true;
  for (const dir of [root, join(root, "tests"), join(root, "test")]) {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.some((n) => TEST_FILE.test(n))) return true;
  }
  return false;
}

/** The interpreter a pytest project runs with, and how it was found. */
export interface PythonChoice {
  /** The real executable (launcher shims such as pyenv's resolved), used for every test run. */
  executable: string;
  /** What was asked for or found first on the list (`python3`, `.venv/bin/python` …). */
  requested: string;
  /** True when the pytest-timeout plugin is importable with this interpreter. */
  hasPytestTimeout: boolean;
}

// One probe: can it import pytest, what is its real executable, is pytest-timeout there.
const PROBE =
  "import sys, importlib.util, pytest; print(sys.executable); print(importlib.util.find_spec('pytest_timeout') is not None)";

/**
 * The first interpreter that can import pytest: `python` alone when given, else a project virtualenv,
 * `python3`, `/usr/bin/python3`, `python`. The probe runs in `root`, so a version file there is honoured,
 * and its real executable is kept: launcher shims cost a few hundred milliseconds on every test run.
 * Throws a clear Error when none can.
 */
export async function choosePython(root: string, python?: string): Promise<PythonChoice> {
  const candidates = python ? [python] : defaultInterpreters(root);
  for (const candidate of candidates) {
    const probe = await runProcess(
      { argv: [candidate, "-c", PROBE], cwd: root, framework: "unknown" },
      { timeoutMs: 30_000, maxOutputBytes: 16 * 1024 },
    );
    if (probe.exitCode !== 0 || probe.signal !== null) continue;
    const lines = probe.output
      .trim()
      .split("\n")
      .map((l) => l.trim());
    const real = lines.at(-2);
    // A virtualenv's own path is kept as it is: resolving its link would lose the environment.
    const executable = real && path.isAbsolute(real) && !isVirtualenv(candidate) ? real : candidate;
    return { executable, requested: candidate, hasPytestTimeout: lines.at(-1) === "True" };
  }
  throw new Error(
    `This looks like a pytest project, but no Python interpreter here can import pytest ` +
      `(tried: ${candidates.join(", ")}). Install pytest (pip install pytest, or apt-get install python3-pytest) ` +
      `or point to an interpreter that has it.`,
  );
}

/** Whether plugin auto-loading stays on, and the note that says why. */
export interface PluginPolicy {
  env: Record<string, string>;
  note: string;
}

const PLUGIN_CONFIG = /(?:^|[\s"'=[,])-p["',\s]*(?!no:)[\w.]|\brequired_plugins\b|\bpytest_plugins\b/m;
const PLUGIN_DEPENDENCY = /\bpytest[-_][a-z][\w-]*/i;
const CONFIG_FILES = ["pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini"];
const DEPENDENCY_FILES = [
  "pyproject.toml",
  "setup.cfg",
  "setup.py",
  "tox.ini",
  "Pipfile",
  "requirements.txt",
  "requirements-dev.txt",
  "requirements_dev.txt",
  "requirements-test.txt",
  "dev-requirements.txt",
  "test-requirements.txt",
];

/**
 * Installed pytest plugins load on every run unless PYTEST_DISABLE_PLUGIN_AUTOLOAD is set, which costs
 * seconds on a machine with many. It is set only when the project (in `dirs`: its folder and the folders above
 * it up to the workspace) neither configures plugins (`-p`, `required_plugins`, `pytest_plugins` in a config
 * file or conftest.py) nor depends on a pytest-* package (pytest-asyncio's fixtures, pytest-mock's `mocker` …).
 */
export async function pytestPluginPolicy(dirs: string[]): Promise<PluginPolicy> {
  for (const dir of dirs) {
    for (const name of CONFIG_FILES) {
      if (await fileMentions(join(dir, name), PLUGIN_CONFIG)) return keep(`${name} configures pytest plugins`, dir);
    }
    for (const conftest of [
      join(dir, "conftest.py"),
      join(dir, "tests", "conftest.py"),
      join(dir, "test", "conftest.py"),
    ]) {
      if (await fileMentions(conftest, /\bpytest_plugins\b/))
        return keep(`${path.relative(dir, conftest)} sets pytest_plugins`, dir);
    }
    for (const name of DEPENDENCY_FILES) {
      const text = await readFile(join(dir, name), "utf8").catch(() => "");
      const plugin = PLUGIN_DEPENDENCY.exec(text)?.[0];
      if (plugin) return keep(`${name} depends on ${plugin}`, dir);
    }
  }
  return {
    env: { PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1" },
    note: "pytest plugin auto-loading off (the project configures no plugins), so installed plugins do not slow every run",
  };
}

function keep(why: string, dir: string): PluginPolicy {
  return { env: {}, note: `pytest plugins auto-load: ${why} (${dir})` };
}

/**
 * Builds `<python> -m pytest -q -rA` for `root` with {@link choosePython} and {@link pytestPluginPolicy};
 * `configDirs` are the folders above `root` whose pytest settings also apply (defaults to none).
 */
export async function pytestCommand(root: string, python?: string, configDirs: string[] = []): Promise<TestCommand> {
  const [choice, plugins] = await Promise.all([choosePython(root, python), pytestPluginPolicy([root, ...configDirs])]);
  const shown =
    choice.executable === choice.requested ? choice.executable : `${choice.executable} (found as ${choice.requested})`;
  const disabled = plugins.env.PYTEST_DISABLE_PLUGIN_AUTOLOAD === "1";
  const timeoutConfigured = await anyMentions([root, ...configDirs], CONFIG_FILES, /^\s*timeout\s*=/m);
  // pytest-timeout stops a looping test and names it: never required, used when installed. Without it,
  // pytest's own faulthandler names the test still running when the run's overall timeout stops it.
  const perTestTimeout: PerTestTimeout | undefined = timeoutConfigured
    ? undefined
    : choice.hasPytestTimeout
      ? { flag: "--timeout=", unit: "s", before: disabled ? ["-p", "pytest_timeout"] : [] }
      : { flag: "faulthandler_timeout=", unit: "s", before: ["-o"], reportsOnly: true };
  const timeoutNote = perTestTimeout?.reportsOnly
    ? "a test that runs too long is named (pytest's faulthandler) and stopped by the run's timeout; with pytest-timeout installed it would be stopped sooner"
    : perTestTimeout
      ? "per-test timeout: pytest-timeout"
      : "per-test timeout: the project's own";
  // -rA lists passing tests by id too, so regressions can be told apart from old failures.
  return {
    argv: [choice.executable, "-m", "pytest", "-q", "-rA"],
    cwd: root,
    framework: "pytest",
    ...(disabled ? { env: plugins.env } : {}),
    notes: [`python: ${shown}`, plugins.note, timeoutNote],
    ...(perTestTimeout ? { perTestTimeout } : {}),
  };
}

function defaultInterpreters(root: string): string[] {
  const venvs = [".venv", "venv"].map((d) => join(root, d, "bin", "python")).filter((p) => existsSync(p));
  return [...venvs, "python3", "/usr/bin/python3", "python"];
}

function isVirtualenv(interpreter: string): boolean {
  return path.isAbsolute(interpreter) && existsSync(join(path.dirname(path.dirname(interpreter)), "pyvenv.cfg"));
}

async function anyMentions(dirs: string[], names: string[], pattern: RegExp): Promise<boolean> {
  for (const dir of dirs) for (const name of names) if (await fileMentions(join(dir, name), pattern)) return true;
  return false;
}

async function fileMentions(path: string, pattern: RegExp): Promise<boolean> {
  try {
    return pattern.test(await readFile(path, "utf8"));
  } catch {
    return false;
  }
}
