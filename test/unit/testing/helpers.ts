import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** Folder holding real runner outputs captured for the parser tests. */
export const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "test-output");

/** A captured runner output, by fixture name (without .txt). */
export function fixture(name: string): Promise<string> {
  return readFile(path.join(FIXTURES, `${name}.txt`), "utf8");
}

/** Temp projects that are removed after each test. */
export class TempProjects {
  private dirs: string[] = [];

  /** Writes `files` into a new temp folder and returns its path. */
  async make(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gl-testing-"));
    this.dirs.push(dir);
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), content);
    }
    return dir;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.dirs.map((d) => rm(d, { recursive: true, force: true })));
    this.dirs = [];
  }
}

/** True while `pid` is a live process (a zombie counts as gone: it no longer runs). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat !== "" && !/^\d+ \(.*\) [ZX] /.test(stat);
}
