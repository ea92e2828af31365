/** pytest project detection and the choice of an interpreter that can actually import pytest. */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { runProcess } from "./processRunner";
import type { TestCommand } from "./types";

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

/**
 * Builds `<python> -m pytest -q -rA` with the first interpreter that can `import pytest`:
 * `opts.python` alone when given, else a project virtualenv, `python3`, `/usr/bin/python3`, `python`.
 * Throws a clear Error when none can.
 */
export async function pytestCommand(root: string, python?: string): Promise<TestCommand> {
  const candidates = python ? [python] : defaultInterpreters(root);
  const chosen = await firstWithPytest(root, candidates);
  if (!chosen) {
    throw new Error(
      `This looks like a pytest project, but no Python interpreter here can import pytest ` +
        `(tried: ${candidates.join(", ")}). Install pytest (pip install pytest, or apt-get install python3-pytest) ` +
        `or point to an interpreter that has it.`,
    );
  }
  // -rA lists passing tests by id too, so regressions can be told apart from old failures.
  return { argv: [chosen, "-m", "pytest", "-q", "-rA"], cwd: root, framework: "pytest" };
}

function defaultInterpreters(root: string): string[] {
  const venvs = [".venv", "venv"].map((d) => join(root, d, "bin", "python")).filter((p) => existsSync(p));
  return [...venvs, "python3", "/usr/bin/python3", "python"];
}

async function firstWithPytest(root: string, candidates: string[]): Promise<string | undefined> {
  for (const python of candidates) {
    const probe = await runProcess(
      { argv: [python, "-c", "import pytest"], cwd: root, framework: "unknown" },
      { timeoutMs: 30_000, maxOutputBytes: 16 * 1024 },
    );
    if (probe.exitCode === 0) return python;
  }
  return undefined;
}

async function fileMentions(path: string, pattern: RegExp): Promise<boolean> {
  try {
    return pattern.test(await readFile(path, "utf8"));
  } catch {
    return false;
  }
}
