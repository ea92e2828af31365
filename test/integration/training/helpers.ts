/** Shared set-up of the training tests: the chosen practice projects, their behaviours, and folder checks. */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { bundledPracticeDir, loadPracticeProjects, type PracticeProject } from "../../../agent-core/training/projects";
import type { PracticeBehaviour } from "../../support/practiceResponder";

/** Root of the checkout. */
export const REPO_ROOT = path.resolve(__dirname, "../../..");
export const PRACTICE_DIR = bundledPracticeDir();
export const SOLUTIONS_DIR = path.join(REPO_ROOT, "test", "fixtures", "solutions");

/** Small projects in all three languages, each with a different way of going wrong. */
export const BEHAVIOURS: Record<string, PracticeBehaviour> = {
  "javascript/string_utils": "tamper",
  "typescript/calculator": "wrong-first",
  "python/calculator": "solve",
  "python/math_operations": "never",
  "typescript/roman_numerals": "malformed-first",
};
export const PROJECT_IDS = Object.keys(BEHAVIOURS);

/** The projects of {@link PROJECT_IDS}, loaded from the bundled practice folder. */
export async function chosenProjects(): Promise<PracticeProject[]> {
  const { projects } = await loadPracticeProjects(PRACTICE_DIR);
  const chosen = projects.filter((p) => PROJECT_IDS.includes(p.id));
  if (chosen.length !== PROJECT_IDS.length)
    throw new Error(
      `missing practice projects: ${PROJECT_IDS.filter((id) => !chosen.some((p) => p.id === id)).join(", ")}`,
    );
  return chosen;
}

/** A digest of every file path and content under `dir`: equal digests mean nothing was written there. */
export async function folderDigest(dir: string): Promise<string> {
  const hash = createHash("sha256");
  const walk = async (current: string): Promise<void> => {
    const entries = (await readdir(current, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      hash.update(`${path.relative(dir, full)}\0`);
      if (entry.isDirectory()) await walk(full);
      else hash.update(await readFile(full)).update("\0");
    }
  };
  await walk(dir);
  return hash.digest("hex");
}

/** The folder name the workspace gives a project's attempt copy. */
export function attemptFolder(projectId: string): string {
  return projectId.replace(/[^\w.-]+/g, "-");
}
