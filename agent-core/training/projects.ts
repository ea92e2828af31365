/** Finds and loads practice projects: bundled ones, user folders with `greenloop.json`, Exercism exercises. */
import { type Dirent, existsSync, statSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import * as path from "node:path";
import { z } from "zod";
import { LANGUAGES } from "../languages";
import {
  defaultTestCommand,
  languageOfFile,
  MANIFEST_FILE_NAME,
  type PracticeLanguage,
  type PracticeManifest,
  parsePracticeManifest,
} from "./manifest";

/** A loaded practice project: its manifest plus where it lives. */
export interface PracticeProject extends PracticeManifest {
  /** Absolute path of the project folder; `target`, `tests` and the test command are relative to it. */
  dir: string;
  /** `"<language>/<name>"`, unique within one load. */
  id: string;
  /**
   * Reference solution files shipped with the exercise (Exercism `files.example`), relative to `dir`.
   * The runner must keep them out of the agent's workspace.
   */
  exampleFiles?: string[];
}

/** A folder that looked like a project but could not be loaded. */
export interface PracticeProblem {
  /** Absolute path of the folder. */
  dir: string;
  message: string;
}

/** Everything found under a folder: the good projects and, separately, every folder that failed to load. */
export interface PracticeLoadResult {
  /** Sorted by id. */
  projects: PracticeProject[];
  problems: PracticeProblem[];
}

/** Folders never searched for projects. */
const SKIPPED_FOLDERS = new Set(["node_modules", "__pycache__", "dist", "out"]);

/** Exercism's `.meta/config.json`; only the fields used here, the rest is allowed and ignored. */
const exercismConfigSchema = z.looseObject({
  files: z.looseObject({
    solution: z.array(z.string().min(1)).min(1, "must list the solution file"),
    test: z.array(z.string().min(1)).min(1, "must list the test file"),
    example: z.array(z.string().min(1)).optional(),
  }),
  blurb: z.string().optional(),
});

/** Difficulty given to imported exercises: Exercism keeps difficulty in the track config, not the exercise. */
const DEFAULT_IMPORTED_DIFFICULTY = 3;

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`Cannot parse ${file}: ${(error as Error).message}`);
  }
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Throws when any listed file is missing, naming the folder and every missing file. */
async function assertFilesExist(dir: string, files: string[]): Promise<void> {
  const missing: string[] = [];
  for (const file of files) {
    if (!(await isFile(path.join(dir, file)))) missing.push(file);
  }
  if (missing.length > 0) {
    throw new Error(`Practice project ${dir} lists files that do not exist: ${missing.join(", ")}`);
  }
}

function toProject(dir: string, manifest: PracticeManifest, exampleFiles?: string[]): PracticeProject {
  const project: PracticeProject = { ...manifest, dir, id: `${manifest.language}/${manifest.name}` };
  if (exampleFiles && exampleFiles.length > 0) project.exampleFiles = exampleFiles;
  return project;
}

/**
 * Loads the project in `dir` from its `greenloop.json`.
 * @throws Error naming the folder when the manifest is missing, not JSON, invalid, or lists missing files
 */
export async function loadProject(dir: string): Promise<PracticeProject> {
  const absolute = path.resolve(dir);
  const manifestPath = path.join(absolute, MANIFEST_FILE_NAME);
  if (!(await isFile(manifestPath))) {
    throw new Error(`No ${MANIFEST_FILE_NAME} in ${absolute}`);
  }
  const manifest = parsePracticeManifest(await readJson(manifestPath), absolute);
  await assertFilesExist(absolute, [...manifest.target, ...manifest.tests]);
  return toProject(absolute, manifest);
}

function guessLanguage(dir: string, files: string[]): PracticeLanguage {
  // Files of no known language (a Rust exercise's Cargo.toml) say nothing either way.
  const languages = new Set(files.map(languageOfFile).filter((language) => language !== undefined));
  const [only] = languages;
  if (languages.size === 1 && only !== undefined) return only;
  throw new Error(
    `Cannot tell the language of the exercise in ${dir} from its files (${files.join(", ")}): ` +
      `expected the files of one language (${LANGUAGES.map((row) => row.extensions.join("/")).join(", ")})`,
  );
}

/** Name usable in a manifest: lowercase, only letters, digits, '_' and '-'. */
function manifestName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[-_]+/, "");
  return name.length > 0 ? name : "exercise";
}

async function firstParagraph(file: string): Promise<string | undefined> {
  if (!(await isFile(file))) return undefined;
  const paragraphs = (await readFile(file, "utf8")).split(/\n\s*\n/).map((p) => p.trim());
  return paragraphs.find((p) => p.length > 0 && !p.startsWith("#"));
}

/**
 * Exercism's JavaScript and TypeScript exercises are written for jest (their tests import `@jest/globals`), so
 * node's or tsx's test runner can never pass them: when the exercise's package.json names jest, use it.
 */
async function ownJestCommand(dir: string, language: string, tests: string[]): Promise<string[] | undefined> {
  if (language !== "javascript" && language !== "typescript") return undefined;
  const pkg = (await readJson(path.join(dir, "package.json")).catch(() => undefined)) as
    | {
        scripts?: Record<string, string>;
        devDependencies?: Record<string, string>;
        dependencies?: Record<string, string>;
      }
    | undefined;
  if (!pkg) return undefined;
  const named =
    /\bjest\b/.test(pkg.scripts?.test ?? "") ||
    "jest" in (pkg.devDependencies ?? {}) ||
    "jest" in (pkg.dependencies ?? {});
  return named ? ["npx", "--no-install", "jest", ...tests] : undefined;
}

/**
 * Turns an exercise folder into a practice project.
 * A folder with `greenloop.json` loads as-is; otherwise an Exercism layout is expected: `.meta/config.json`
 * with `files.solution` (targets), `files.test` (tests) and optional `files.example` (reference solution).
 * The language is guessed from the file extensions and the default test command of that language is used.
 * @throws Error naming the folder when it is neither layout, or the config is invalid
 */
export async function importExercism(dir: string): Promise<PracticeProject> {
  const absolute = path.resolve(dir);
  if (await isFile(path.join(absolute, MANIFEST_FILE_NAME))) return loadProject(absolute);

  const configPath = path.join(absolute, ".meta", "config.json");
  if (!(await isFile(configPath))) {
    throw new Error(
      `${absolute} is not a practice project: it has neither ${MANIFEST_FILE_NAME} nor .meta/config.json`,
    );
  }
  const parsed = exercismConfigSchema.safeParse(await readJson(configPath));
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`Invalid Exercism config ${configPath}:\n${details.join("\n")}`);
  }
  const { files, blurb } = parsed.data;
  const language = guessLanguage(absolute, [...files.solution, ...files.test]);
  const name = manifestName(path.basename(absolute));
  const description =
    blurb?.trim() ||
    (await firstParagraph(path.join(absolute, ".docs", "instructions.md"))) ||
    `Exercism exercise "${path.basename(absolute)}"`;

  const manifest = parsePracticeManifest(
    {
      name,
      language,
      difficulty: DEFAULT_IMPORTED_DIFFICULTY,
      skills: [],
      description,
      target: files.solution,
      tests: files.test,
      testCommand: (await ownJestCommand(absolute, language, files.test)) ?? defaultTestCommand(language, files.test),
    },
    absolute,
  );
  await assertFilesExist(absolute, [...manifest.target, ...manifest.tests, ...(files.example ?? [])]);
  return toProject(absolute, manifest, files.example);
}

/**
 * Loads every project under `dir`, at any depth: folders with `greenloop.json`, and Exercism exercises
 * (folders with `.meta/config.json`). A project folder is not searched further. Folders that fail to
 * load, and duplicate ids, are reported in `problems`, never dropped silently.
 * @throws Error when `dir` itself is not a readable folder
 */
export async function loadPracticeProjects(dir: string): Promise<PracticeLoadResult> {
  const root = path.resolve(dir);
  let rootStat: Awaited<ReturnType<typeof stat>>;
  try {
    rootStat = await stat(root);
  } catch {
    throw new Error(`Practice folder not found: ${root}`);
  }
  if (!rootStat.isDirectory()) throw new Error(`Practice folder is not a folder: ${root}`);

  const projects: PracticeProject[] = [];
  const problems: PracticeProblem[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch (error) {
      problems.push({ dir: current, message: `Cannot read folder: ${(error as Error).message}` });
      continue;
    }
    const hasManifest = entries.some((e) => e.isFile() && e.name === MANIFEST_FILE_NAME);
    const isExercism = !hasManifest && (await isFile(path.join(current, ".meta", "config.json")));
    if (hasManifest || isExercism) {
      try {
        projects.push(hasManifest ? await loadProject(current) : await importExercism(current));
      } catch (error) {
        problems.push({ dir: current, message: (error as Error).message });
      }
      continue;
    }
    for (const entry of entries) {
      // Symlinked folders are not followed (isDirectory() is false for them), so cycles cannot happen.
      if (entry.isDirectory() && !entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name)) {
        pending.push(path.join(current, entry.name));
      }
    }
  }

  projects.sort((a, b) => a.id.localeCompare(b.id) || a.dir.localeCompare(b.dir));
  const unique: PracticeProject[] = [];
  const seen = new Map<string, string>();
  for (const project of projects) {
    const first = seen.get(project.id);
    if (first !== undefined) {
      problems.push({ dir: project.dir, message: `Duplicate project id "${project.id}" (also in ${first})` });
      continue;
    }
    seen.set(project.id, project.dir);
    unique.push(project);
  }
  problems.sort((a, b) => a.dir.localeCompare(b.dir));
  return { projects: unique, problems };
}

/**
 * Absolute path of the practice projects bundled with greenloop. Searches upward from `startDir` for the
 * package root (a folder holding both `package.json` and `practice/`), so it works from the sources
 * (agent-core/training/) and from the bundle (dist/).
 * @throws Error when no such folder exists above `startDir`
 */
export function bundledPracticeDir(startDir: string = __dirname): string {
  let current = path.resolve(startDir);
  for (;;) {
    const practice = path.join(current, "practice");
    if (existsSync(path.join(current, "package.json")) && isDirectorySync(practice)) return practice;
    const parent = path.dirname(current);
    if (parent === current) {
      throw new Error(`Cannot find the bundled practice/ folder: no package root with practice/ above ${startDir}`);
    }
    current = parent;
  }
}

function isDirectorySync(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
