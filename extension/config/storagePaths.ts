/** Where the extension keeps its data, outside the user's workspace. */
import * as os from "node:os";
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

/**
 * Folder of the one-run-per-workspace locks. Shared with the `greenloop` CLI (same GREENLOOP_HOME rule), so a
 * terminal run and an editor run on one folder exclude each other.
 */
export function locksDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.GREENLOOP_HOME || path.join(os.homedir(), ".greenloop"), "locks");
}
