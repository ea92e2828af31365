/** One call for hosts (CLI, extension): open the store and wrap it in a FailureMemory for the loop. */
import type { Logger } from "../ports";
import { type Embedder, HashingEmbedder } from "./embedder";
import { FailureMemory, type FailureMemoryOptions } from "./memory";
import { type OpenMemoryStoreOptions, openMemoryStore } from "./openStore";
import type { MemoryLog } from "./store";

/**
 * Options for openFailureMemory: the folder (created if missing), the embedder (default: the offline
 * HashingEmbedder), other floors (the evaluation that calibrates them), the redactor (default: from `process.env`).
 */
export interface OpenFailureMemoryOptions extends Pick<FailureMemoryOptions, "floors" | "redactor"> {
  dir: string;
  log?: Logger;
  embedder?: Embedder;
  backend?: OpenMemoryStoreOptions["backend"];
}

/** Adapt a host Logger to the memory's log function. */
export function memoryLogFrom(log: Logger | undefined): MemoryLog {
  return (level, message) => log?.[level](message);
}

/**
 * Open the failure memory in `dir`. Environment trouble (LanceDB missing, damaged table, read-only folder)
 * does not throw: the memory falls back, logs one warning and reports it in `memory.status`.
 */
export async function openFailureMemory(options: OpenFailureMemoryOptions): Promise<FailureMemory> {
  const log = memoryLogFrom(options.log);
  const embedder = options.embedder ?? new HashingEmbedder();
  const opened = await openMemoryStore(options.dir, { embedder, log, backend: options.backend });
  log("debug", `memory: ${opened.backend} store in ${options.dir} (${embedder.name}, ${opened.store.dim} dims)`);
  const status = { backend: opened.backend, persistent: opened.persistent, warning: opened.warning };
  return new FailureMemory({
    floors: options.floors,
    store: opened.store,
    embedder,
    log,
    redactor: options.redactor,
    status,
  });
}
