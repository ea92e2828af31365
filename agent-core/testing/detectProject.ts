/**
 * Which tests a fix run uses: the test project nearest the target (not the whole clone it sits in), its
 * command, and the target's own test files there, for when the whole suite cannot run.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { type DetectOptions, detectTestCommand } from "./detect";
import { perTestTimeoutFor } from "./detectTimeout";
import { filterFiles } from "./filter";
import type { TestCommand } from "./types";

/** Files that make a folder a project of its own (its tests run from there). */
export const PROJECT_MARKERS = [
  "package.json",
  "pyproject.toml",
  "pytest.ini",
  "setup.cfg",
  "setup.py",
  "tox.ini",
  "Cargo.toml",
  "go.mod",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
];

/** The tests a run uses. */
export interface TestSetup {
  /** The test project's whole suite. */
  command: TestCommand;
  /**
   * Only the target's own test files in that project, for when the whole suite cannot run; absent when they
   * are the whole suite or the runner cannot be narrowed to files.
   */
  related?: TestCommand;
  /** The chosen project folder, relative to the workspace with forward slashes ("" for the workspace itself). */
  project: string;
  /** How the choice was made, for the run's header. */
  notes: string[];
}

export interface SetupOptions extends DetectOptions {
  /** The target's own test files (workspace-relative, forward slashes), e.g. `foo_test.py` beside `foo.py`. */
  ownTests?: string[];
  /** Every test file of the workspace (same form): the own tests run first only when the project has others. */
  allTests?: string[];
}

/**
 * Chooses the test project for `target` (workspace-relative) and its commands. The project is the closest
 * folder from the target's up to the workspace that holds a project file ({@link PROJECT_MARKERS}); when there
 * is none, the target's own folder if it holds the target's tests (an exercise's `foo.py` + `foo_test.py`);
 * else the workspace. A folder whose tests cannot be detected gives way to the next one up. A typed override
 * runs as given, from the workspace.
 */
export async function detectTestSetup(workspace: string, target: string, opts: SetupOptions = {}): Promise<TestSetup> {
  const root = path.resolve(workspace);
  if (opts.override !== undefined) {
    const command = await detectTestCommand(root, { override: opts.override });
    return { command, project: "", notes: command.notes ?? [] };
  }
  const ownTests = opts.ownTests ?? [];
  const candidates = projectCandidates(root, target, ownTests);
  let firstError: Error | undefined;
  for (const dir of candidates) {
    const above = ancestorsUpTo(dir, root, false);
    let command: TestCommand;
    try {
      command = await detectTestCommand(dir, { python: opts.python, configDirs: above });
    } catch (error) {
      firstError ??= error as Error;
      continue;
    }
    const timeout = command.perTestTimeout ?? (await perTestTimeoutFor(command));
    if (timeout) command = { ...command, perTestTimeout: timeout };
    const project = toPosix(path.relative(root, dir));
    const inProject = ownTests
      .map((t) => toPosix(path.relative(dir, path.join(root, t))))
      .filter((t) => !t.startsWith("../"));
    const others = (opts.allTests ?? []).some((t) => isInside(path.join(root, t), dir) && !ownTests.includes(t));
    const related = inProject.length && others ? filterFiles(command, inProject) : undefined;
    const notes = [
      `test project: ${project || "the workspace folder"}${why(dir, root, candidates)}`,
      ...(command.notes ?? []),
    ];
    if (related) notes.push(`if the whole suite cannot run: the target's own tests (${inProject.join(", ")})`);
    return { command, related, project, notes };
  }
  throw firstError ?? new Error(`No tests found to run for ${target}.`);
}

/** Folders to try, nearest first, ending with the workspace. */
function projectCandidates(root: string, target: string, ownTests: string[]): string[] {
  const targetDir = path.dirname(path.resolve(root, target));
  const chain = ancestorsUpTo(targetDir, root, true);
  const marked = chain.filter((dir) => PROJECT_MARKERS.some((m) => existsSync(path.join(dir, m))));
  const out = [...marked];
  const besideTarget = ownTests.some((t) => isInside(path.resolve(root, t), targetDir));
  if (marked.length === 0 && besideTarget) out.push(targetDir);
  if (!out.includes(root)) out.push(root);
  return out;
}

function why(dir: string, root: string, candidates: string[]): string {
  if (PROJECT_MARKERS.some((m) => existsSync(path.join(dir, m))))
    return ` (nearest folder with ${PROJECT_MARKERS.find((m) => existsSync(path.join(dir, m)))})`;
  if (dir !== root) return " (the target's folder, which holds its tests)";
  return candidates.length > 1 ? " (no nearer project could run tests)" : "";
}

/** `from`, its parents, … up to and including `root` (empty when `from` is outside `root`). */
function ancestorsUpTo(from: string, root: string, includeFrom: boolean): string[] {
  if (!isInside(from, root)) return [];
  const out: string[] = [];
  let dir = from;
  for (;;) {
    if (includeFrom || dir !== from) out.push(dir);
    if (dir === root) return out;
    const parent = path.dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
