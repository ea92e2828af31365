import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { WorkspaceFiles } from "../ports";
import { resolveInsideWorkspace } from "../edits/paths";

/** WorkspaceFiles on the local file system. Writes go through a temp file + rename so a crash never leaves half a file. */
export class NodeWorkspaceFiles implements WorkspaceFiles {
  constructor(readonly root: string) {}

  async read(relPath: string): Promise<string | undefined> {
    const abs = await resolveInsideWorkspace(this.root, relPath);
    try {
      return await readFile(abs, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async write(relPath: string, content: string): Promise<void> {
    const abs = await resolveInsideWorkspace(this.root, relPath);
    await mkdir(path.dirname(abs), { recursive: true });
    const temp = `${abs}.greenloop-${process.pid}.tmp`;
    await writeFile(temp, content, "utf8");
    await rename(temp, abs);
  }

  async remove(relPath: string): Promise<void> {
    const abs = await resolveInsideWorkspace(this.root, relPath);
    await rm(abs, { force: true });
  }
}
