/** One call for hosts (CLI, extension): open the store and wrap it in a FailureMemory for the loop. */
import type { Logger } from "../ports";
import { type Embedder, HashingEmbedder } from "./embedder";
import { FailureMemory, type FailureMemoryOptions } from "./memory";
import { openMemoryStore, type OpenMemoryStoreOptions } from "./openStore";
import type { MemoryLog } from "./store";
import type { Redactor } from "../secrets/redact";

/** Options for openFailureMemory. */
export interface OpenFailureMemoryOptions {
  /** Folder of the memory (created if missing). */
  dir: string;
  log?: Logger;
  /** Defaults to the offline HashingEmbedder. */
  embedder?: Embedder;
  backend?: OpenMemoryStoreOptions["backend"];
  /** Other similarity floors (the evaluation that calibrates them). */
  floors?: FailureMemoryOptions["floors"];
  /** Takes secrets out of everything remembered (default: one built from `process.env`). */
  redactor?: Redactor;
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
  return new FailureMemory({
    floors: options.floors,
    store: opened.store,
    embedder,
    log,
    redactor: options.redactor,
    status: { backend: opened.backend, persistent: opened.persistent, warning: opened.warning },
  });
}
