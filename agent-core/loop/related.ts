import { readdir } from "node:fs/promises";
import path from "node:path";
import { isTestFile } from "../edits/safety";
import { languageRowOf } from "../languages";

const SKIP_DIRS = new Set([
  "node_modules",
  ".git",
  ".venv",
  "venv",
  "__pycache__",
  ".pytest_cache",
  "dist",
  "out",
  "build",
  "coverage",
]);
const MAX_FILES = 5_000;

/** Lists workspace files (relative, forward slashes), skipping dependency and build folders. */
export async function listWorkspaceFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  async function walk(dir: string): Promise<void> {
    if (files.length >= MAX_FILES) return;
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    const names = new Set(entries.map((e) => e.name));
    for (const entry of entries) {
      if (files.length >= MAX_FILES) return;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // Cargo's and Maven's build output (thousands of files) sits in target/ beside their manifest.
        const buildOutput = entry.name === "target" && (names.has("Cargo.toml") || names.has("pom.xml"));
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".") && !buildOutput) await walk(rel);
      } else if (entry.isFile()) {
        files.push(rel);
      }
    }
  }
  await walk("");
  return files;
}

/** Strips extension and test decorations: "tests/test_calc.py" → "calc", "calc.test.ts" → "calc". */
export function stemOf(relPath: string): string {
  let base = path.posix.basename(relPath).replace(/\.[^.]+$/, "");
  base = base
    .replace(/\.(test|spec)$/, "")
    .replace(/^test_/, "")
    .replace(/_test$/, "");
  return base.toLowerCase().replace(/[-_]/g, "");
}

/**
 * Test files that exercise `target`: same stem first, then files named in failure locations.
 * Returns at most `limit` paths.
 */
export function relatedTestFiles(target: string, allFiles: string[], failureFiles: string[] = [], limit = 2): string[] {
  const stem = stemOf(target);
  const tests = allFiles.filter((f) => isTestFile(f));
  const byStem = tests.filter((f) => stemOf(f) === stem || stemOf(f).includes(stem));
  const fromFailures = tests.filter((f) => failureFiles.some((loc) => loc.endsWith(f) || f.endsWith(loc)));
  const ranked = [...new Set([...fromFailures, ...byStem])];
  if (ranked.length === 0 && tests.length <= limit) return tests;
  return ranked.slice(0, limit);
}

/**
 * The target's own test files, by name alone: `foo_test.py`, `test_foo.py`, `foo.test.ts`, `tests/test_foo.py` for
 * `foo.py` / `foo.ts`, nearest to the target first. These run first, before the rest of its project.
 */
export function ownTestFiles(target: string, allFiles: string[], limit = 5): string[] {
  const stem = stemOf(target);
  const dir = path.posix.dirname(target);
  const distance = (f: string) => path.posix.relative(dir, path.posix.dirname(f)).split("/").filter(Boolean).length;
  const language = (f: string) => languageRowOf(f)?.family;
  const own = language(target);
  return allFiles
    .filter((f) => f !== target && own !== undefined && language(f) === own && isTestFile(f) && stemOf(f) === stem)
    .sort((a, b) => distance(a) - distance(b))
    .slice(0, limit);
}

/** Lines carrying TODO/FIXME markers, as "line N: text". */
export function todoMarkers(content: string, limit = 20): string[] {
  const out: string[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (out.length < limit && /\b(TODO|FIXME|XXX)\b/.test(line)) out.push(`line ${i + 1}: ${line.trim()}`);
  });
  return out;
}
