/** Where the correct programs behind the labeled set live, and running their real tests. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseTestOutput } from "../../agent-core/testing/parsers";
import { runProcess } from "../../agent-core/testing/processRunner";
import type { TestCommand, TestReport } from "../../agent-core/testing/types";
import { loadProject, type PracticeProject } from "../../agent-core/training/projects";
import { practiceTestCommand } from "../../agent-core/training/testCommand";

/** Root of the checkout. */
export const REPO_ROOT = path.resolve(__dirname, "../..");
/** Cached labeled sets and reports (gitignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, "test-artifacts", "memory-proof");

const PRACTICE_DIR = path.join(REPO_ROOT, "practice");
const SOLUTIONS_DIR = path.join(REPO_ROOT, "test", "fixtures", "solutions");
const CORPUS_DIR = path.join(REPO_ROOT, "test", "fixtures", "bug-corpus");

/** A project with the correct content of its (single) target file. */
export interface CorrectProgram {
  project: PracticeProject;
  target: string;
  /** The reference-quality content of `target`. */
  correct: string;
}

/**
 * Loads "<language>/<name>": a bundled practice project whose correct program is its reference solution,
 * or a bug-corpus project whose shipped target is already correct.
 */
export async function loadCorrectProgram(id: string): Promise<CorrectProgram> {
  const practice = path.join(PRACTICE_DIR, id);
  const corpus = path.join(CORPUS_DIR, id);
  const dir = existsSync(practice) ? practice : corpus;
  if (!existsSync(dir))
    throw new Error(`No practice or bug-corpus project "${id}" (looked in ${practice} and ${corpus})`);
  const project = await loadProject(dir);
  if (project.target.length !== 1)
    throw new Error(`${id}: the labeled set supports projects with one target file, found ${project.target.length}`);
  const target = project.target[0];
  const source = dir === practice ? path.join(SOLUTIONS_DIR, id, target) : path.join(dir, target);
  return { project, target, correct: await readFile(source, "utf8") };
}

/** Every file whose content decides the labeled set (for the cache key). */
export function inputFiles(program: CorrectProgram): string[] {
  const { project, target } = program;
  const solution = project.dir.startsWith(PRACTICE_DIR)
    ? path.join(SOLUTIONS_DIR, project.id, target)
    : path.join(project.dir, target);
  return [solution, ...project.tests.map((t) => path.join(project.dir, t))];
}

/** Outcome of one real test run. */
export interface RealRun {
  command: TestCommand;
  report: TestReport;
  exitCode: number | null;
  output: string;
}

/** Runs the project's real test command in `dir` (tsx / node --test / a pytest-capable python) and parses it. */
export async function runRealTests(project: PracticeProject, dir: string): Promise<RealRun> {
  const command = await practiceTestCommand(project, dir);
  const result = await runProcess(command, { timeoutMs: 60_000 });
  const report = parseTestOutput(command.framework, result.output, result.exitCode, { cwd: dir });
  return { command, report, exitCode: result.exitCode, output: result.output };
}
