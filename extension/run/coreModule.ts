/**
 * The core, loaded on first use. Elsewhere in the activation path agent-core appears only as type imports and
 * two tiny file modules the editor's WorkspaceFiles shares (edits/fileErrors, edits/paths: no dependencies),
 * so the bundle evaluates the core (zod, model clients, git, LanceDB glue) when a command first needs it.
 */
import * as path from "node:path";

/** The core as the editor sees it: its public surface (agent-core/index.ts), nothing deeper. */
export type CoreModule = typeof import("../../agent-core");

/**
 * Loads agent-core from its own bundle (dist/core.js) on first use, so activation never compiles it.
 * Node's module cache makes later calls free.
 */
export async function loadCore(): Promise<CoreModule> {
  return require(path.join(__dirname, "core.js")) as CoreModule;
}
