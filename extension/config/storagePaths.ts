/** Where the extension keeps its data, outside the user's workspace. */
import * as path from "node:path";

/** Folder of the failure memory (shared by all workspaces: fixes learned in one help in another). */
export function memoryDir(globalStorage: string): string {
  return path.join(globalStorage, "memory");
}

/**
 * Parent folder of the shadow checkpoint repositories. ShadowCheckpoints keeps one repository per workspace
 * below it, named after the workspace and a hash of its real path.
 */
export function checkpointsDir(globalStorage: string): string {
  return path.join(globalStorage, "checkpoints");
}
