/**
 * The core, loaded on first use. Only type imports of agent-core appear elsewhere in the activation path,
 * so the bundle evaluates the core (zod, model clients, git, LanceDB glue) when a command first needs it.
 */
export type CoreModule = typeof import("../../agent-core");

/** Loads agent-core; cached by the module system after the first call. */
export function loadCore(): Promise<CoreModule> {
  return import("../../agent-core");
}
