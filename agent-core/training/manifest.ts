/** The `greenloop.json` manifest of a practice project, and its validation. */
import * as path from "node:path";
import { z } from "zod";
import { LANGUAGE_IDS, type LanguageId, languageRow } from "../languages";

/** File name of a practice project's manifest, at the root of the project folder. */
export const MANIFEST_FILE_NAME = "greenloop.json";

/** Languages a practice project can be written in: every row of the language table. */
export const PRACTICE_LANGUAGES = LANGUAGE_IDS;

/** One of {@link PRACTICE_LANGUAGES}. */
export type PracticeLanguage = LanguageId;

/** True when `p` stays inside the project folder (relative, no `..` segment). */
function isInsideProject(p: string): boolean {
  if (path.posix.isAbsolute(p) || path.win32.isAbsolute(p)) return false;
  return !p.split(/[\\/]/).includes("..");
}

const projectFile = z
  .string()
  .min(1, "must not be empty")
  .refine(isInsideProject, "must be a relative path inside the project folder (no leading '/', no '..')");

/** zod schema of `greenloop.json`. Unknown keys are rejected so typos surface instead of being ignored. */
export const practiceManifestSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, "must be lowercase letters, digits, '_' or '-' (e.g. \"lru_cache\")"),
    language: z.enum(PRACTICE_LANGUAGES),
    difficulty: z.int().min(1).max(5),
    skills: z.array(z.string().min(1)),
    description: z.string().min(1, "must not be empty"),
    /** Files the agent edits. */
    target: z.array(projectFile).min(1, "must list at least one file the agent edits"),
    /** Test files; read-only to the agent. */
    tests: z.array(projectFile).min(1, "must list at least one test file"),
    /** argv run from the project folder; exit 0 means solved. */
    testCommand: z.array(z.string().min(1)).min(1, "must contain the program to run"),
  })
  .superRefine((manifest, ctx) => {
    const targets = new Set(manifest.target.map((p) => path.posix.normalize(p)));
    for (const test of manifest.tests) {
      if (targets.has(path.posix.normalize(test))) {
        ctx.addIssue({ code: "custom", path: ["tests"], message: `"${test}" is both a target and a test file` });
      }
    }
  });

/** Parsed content of `greenloop.json`. */
export type PracticeManifest = z.infer<typeof practiceManifestSchema>;

/**
 * Validates parsed JSON as a manifest.
 * @param raw parsed JSON value
 * @param source folder or file named in the error message
 * @throws Error listing every invalid field, e.g. `Invalid greenloop.json in /x: difficulty: Too big...`
 */
export function parsePracticeManifest(raw: unknown, source: string): PracticeManifest {
  const result = practiceManifestSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join(".") : "(root)";
    return `  - ${where}: ${issue.message}`;
  });
  throw new Error(`Invalid ${MANIFEST_FILE_NAME} in ${source}:\n${lines.join("\n")}`);
}

/** The test command used when a project does not bring its own (e.g. an imported Exercism exercise). */
export function defaultTestCommand(language: PracticeLanguage, testFiles: string[]): string[] {
  return languageRow(language).practiceTestCommand(testFiles);
}

export { languageOfFile } from "../languages";
