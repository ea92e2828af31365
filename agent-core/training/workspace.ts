import { existsSync } from "node:fs";
import { cp, mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { PracticeProject } from "./projects";

/** Never copied into an attempt: caches and reference material the agent must not see. */
const SKIP = new Set(["node_modules", "__pycache__", ".pytest_cache", ".meta", ".benchmarks"]);

/**
 * The isolated practice workspace: every attempt works on a fresh copy under `<root>/attempts`, so nothing
 * ever touches a user's folder; reports live in `<root>/reports`.
 */
export class PracticeWorkspace {
  constructor(readonly root: string) {}

  get attemptsDir(): string {
    return path.join(this.root, "attempts");
  }

  get reportsDir(): string {
    return path.join(this.root, "reports");
  }

  async create(): Promise<void> {
    await mkdir(this.attemptsDir, { recursive: true });
    await mkdir(this.reportsDir, { recursive: true });
  }

  /** A fresh copy of `project` for one attempt; example (solution) files are left out. */
  async freshCopy(project: PracticeProject, runId: string): Promise<string> {
    const dest = path.join(this.attemptsDir, runId, project.id.replace(/[^\w.-]+/g, "-"));
    await rm(dest, { recursive: true, force: true });
    await mkdir(path.dirname(dest), { recursive: true });
    const examples = new Set((project.exampleFiles ?? []).map((f) => path.resolve(project.dir, f)));
    await cp(project.dir, dest, {
      recursive: true,
      filter: (src) => !SKIP.has(path.basename(src)) && !examples.has(path.resolve(src)),
    });
    return dest;
  }

  async info(): Promise<{ root: string; exists: boolean; attempts: number; bytes: number; reports: string[] }> {
    if (!existsSync(this.root)) return { root: this.root, exists: false, attempts: 0, bytes: 0, reports: [] };
    const runs = await readdir(this.attemptsDir).catch(() => [] as string[]);
    let attempts = 0;
    for (const run of runs) attempts += (await readdir(path.join(this.attemptsDir, run)).catch(() => [])).length;
    const reports = (await readdir(this.reportsDir).catch(() => [] as string[])).map((f) =>
      path.join(this.reportsDir, f),
    );
    return { root: this.root, exists: true, attempts, bytes: await sizeOf(this.root), reports };
  }

  /** Removes attempt copies; reports are kept unless `all`. */
  async clean(all = false): Promise<void> {
    await rm(all ? this.root : this.attemptsDir, { recursive: true, force: true });
  }
}

async function sizeOf(target: string): Promise<number> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(target)) total += await sizeOf(path.join(target, entry));
  return total;
}
