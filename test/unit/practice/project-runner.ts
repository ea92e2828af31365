/** Runs a practice project's real test command in a temp copy, the way the training runner will. */
import { type ChildProcessByStdio, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import type { Readable } from "node:stream";
import { newReports } from "../../../agent-core/testing/junitReports";
import { parseTestOutput } from "../../../agent-core/testing/parsers";
import { isGoTestJson, parseGoTest } from "../../../agent-core/testing/parsers/goTest";
import { CARGO_PLACES, findCargo } from "../../../agent-core/testing/runners/cargoToolchain";
import type { PracticeProject } from "../../../agent-core/training/projects";
import "../../support/mavenOffline";

/** Root of the greenloop checkout. */
export const REPO_ROOT = path.resolve(__dirname, "../../..");
/** Reference solutions, mirrored as `<language>/<name>/<target>`. */
export const SOLUTIONS_DIR = path.join(REPO_ROOT, "test", "fixtures", "solutions");

/** Outcome of one run of a project's test command. */
export interface TestRun {
  exitCode: number | null;
  passed: number;
  failed: number;
  output: string;
}

const RUN_TIMEOUT_MS = 60_000;

/** The interpreter's real executable when it can import pytest (skips slow launcher shims such as pyenv's). */
function pytestExecutable(python: string): string | null {
  try {
    const script = "import sys, pytest; print(sys.executable)";
    const executable = execFileSync(python, ["-c", script], { encoding: "utf8", timeout: 15_000 }).trim();
    return executable || python;
  } catch {
    return null;
  }
}

let cachedPython: string | null | undefined;

/** First interpreter that can import pytest: `python3` on PATH, then Debian's `/usr/bin/python3`. */
export function findPytestPython(): string | null {
  if (cachedPython === undefined) {
    cachedPython = pytestExecutable("python3") ?? pytestExecutable("/usr/bin/python3");
  }
  return cachedPython;
}

let cargoTarget: string | undefined;

/** A build folder shared by the cargo runs of this process, removed when it exits. */
export function sharedCargoTarget(): string {
  if (cargoTarget === undefined) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "greenloop-cargo-target-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    cargoTarget = dir;
  }
  return cargoTarget;
}

/** Maps the manifest's program name to an executable on this machine. */
export function resolveProgram(program: string): string {
  if (program === "node") return process.execPath;
  if (program === "tsx") return path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
  if (program === "cargo") {
    const cargo = findCargo();
    if (cargo === undefined) throw new Error(`No cargo found (tried ${CARGO_PLACES})`);
    return cargo;
  }
  if (program === "python3") {
    const python = findPytestPython();
    if (python === null) throw new Error("No python interpreter with pytest found (tried python3, /usr/bin/python3)");
    return python;
  }
  return program;
}

/** Counts passed/failed tests from node:test (TAP or spec reporter), cargo test, `go test -json` or pytest summary output. */
export function countResults(output: string): { passed: number; failed: number } {
  const cargo = [...output.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed;/gm)];
  if (cargo.length > 0) {
    const sum = (group: number) => cargo.reduce((total, m) => total + Number(m[group]), 0);
    return { passed: sum(1), failed: sum(2) };
  }
  if (isGoTestJson(output)) {
    const { passed, failed } = parseGoTest(output);
    return { passed, failed };
  }
  const nodePass = /^(?:#|ℹ) pass (\d+)/m.exec(output);
  const nodeFail = /^(?:#|ℹ) fail (\d+)/m.exec(output);
  if (nodePass && nodeFail) return { passed: Number(nodePass[1]), failed: Number(nodeFail[1]) };
  const summary =
    output
      .split("\n")
      .reverse()
      .find((line) => /\d+ (passed|failed|errors?)\b/.test(line)) ?? "";
  const count = (word: string): number => Number(new RegExp(`(\\d+) ${word}`).exec(summary)?.[1] ?? 0);
  return { passed: count("passed"), failed: count("failed") + count("errors?") };
}

/** Runs the project's test command in `dir`; never rejects (spawn errors become output). */
export function runTestCommand(project: PracticeProject, dir: string): Promise<TestRun> {
  return new Promise((resolve) => {
    const [program, ...args] = project.testCommand;
    let output = "";
    // Third-party pytest plugins installed on the machine are not needed and slow each run down by seconds.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PYTHONDONTWRITEBYTECODE: "1",
      PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1",
      NO_COLOR: "1",
      // One build folder for every cargo run of this process: nothing is compiled twice or left in the copies.
      CARGO_TARGET_DIR: sharedCargoTarget(),
    };
    // A parent node:test run would switch the child's reporter protocol.
    delete env.NODE_TEST_CONTEXT;
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(resolveProgram(program), args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      resolve({ exitCode: null, passed: 0, failed: 0, output: String(error) });
      return;
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => (output += `\nspawn error: ${error.message}`));
    child.on("close", (code) => {
      clearTimeout(timer);
      if (program !== "mvn") resolve({ exitCode: code, ...countResults(output), output });
      // `mvn -q` prints nothing for passing tests: count from the reports Surefire wrote, as Greenloop does.
      else void mavenCounts(dir, output, code).then((counts) => resolve({ exitCode: code, ...counts, output }));
    });
  });
}

async function mavenCounts(
  dir: string,
  output: string,
  code: number | null,
): Promise<{ passed: number; failed: number }> {
  const reports = await newReports(dir, ["target/surefire-reports"], new Map());
  const report = parseTestOutput("maven", `${output}\n${reports}`, code);
  return { passed: report.passed, failed: report.failed };
}

/** Runs of one bundled project: as shipped (stub) and with the reference solution copied over its targets. */
export interface ProjectOutcome {
  stub: TestRun;
  solved: TestRun;
  /** Set when the runs could not even be attempted. */
  error?: string;
}

/** Copies the project to a temp dir, runs the stub, copies the reference solution in, runs again. */
export async function runStubAndSolution(project: PracticeProject): Promise<ProjectOutcome> {
  const empty: TestRun = { exitCode: null, passed: 0, failed: 0, output: "" };
  const workDir = await mkdtemp(path.join(os.tmpdir(), "greenloop-practice-"));
  try {
    await cp(project.dir, workDir, { recursive: true });
    const stub = await runTestCommand(project, workDir);
    for (const target of project.target) {
      const solution = path.join(SOLUTIONS_DIR, project.language, project.name, target);
      if (!existsSync(solution)) return { stub, solved: empty, error: `missing reference solution ${solution}` };
      await cp(solution, path.join(workDir, target));
    }
    const solved = await runTestCommand(project, workDir);
    return { stub, solved };
  } catch (error) {
    return { stub: empty, solved: empty, error: (error as Error).message };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Starts `work` for every item with at most `size` running at once; returns one promise per item. */
export function runInPool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R>[] {
  const starts: Array<() => void> = [];
  let running = 0;
  const next = (): void => {
    if (running >= size) return;
    const start = starts.shift();
    if (start === undefined) return;
    running++;
    start();
  };
  const promises = items.map(
    (item) =>
      new Promise<R>((resolve, reject) => {
        starts.push(() => {
          void work(item)
            .then(resolve, reject)
            .finally(() => {
              running--;
              next();
            });
        });
      }),
  );
  for (let i = 0; i < size; i++) next();
  return promises;
}
