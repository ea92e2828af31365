/** The storage port of failure memory, implemented by LanceDB (lanceStore) and a built-in JSONL store. */
import { createHash } from "node:crypto";
import type { FailureRecord, FailureRecordPatch } from "./records";

/** A record as search returns it: without the embedding (nobody reads it from a hit). */
export type SearchRecord = Omit<FailureRecord, "vector">;

/** One search answer: the record without its vector, and cosine similarity in [-1, 1], higher is closer. */
export interface SearchHit {
  record: SearchRecord;
  similarity: number;
}

/** Optional narrowing of a search: only proven fixes (so unfixed neighbours cannot crowd them out), one project. */
export interface SearchFilter {
  provenOnly?: boolean;
  project?: string;
}

/** Where failures are kept. All methods may be called concurrently; implementations serialise as needed. */
export interface MemoryStore {
  /** Which vector space this store holds; records of another are rejected. */
  readonly embedder: string;
  readonly dim: number;
  /** Write records; reads from this store see them when the promise resolves. */
  add(records: FailureRecord[]): Promise<void>;
  /** Change fields of one record; a missing id is a no-op. */
  update(id: string, patch: FailureRecordPatch): Promise<void>;
  /** Nearest records by cosine similarity, best first, without their vectors. */
  search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]>;
  /** All records with exactly this exactKey() signature. */
  bySignature(signature: string): Promise<FailureRecord[]>;
  get(id: string): Promise<FailureRecord | undefined>;
  all(): Promise<FailureRecord[]>;
  count(): Promise<number>;
  delete(ids: string[]): Promise<void>;
  /** Finish background work and release resources; the store must not be used afterwards. */
  close(): Promise<void>;
}

/** Log sink shared by the memory layer; hosts route it to their output channel. */
export type MemoryLog = (level: "debug" | "info" | "warn" | "error", message: string) => void;

/** Throws a clear error when a record does not belong in a store. */
export function assertRecordFits(store: { embedder: string; dim: number }, record: FailureRecord): void {
  if (record.embedder !== store.embedder || record.dim !== store.dim || record.vector.length !== store.dim)
    throw new Error(
      `record ${record.id} was embedded with ${record.embedder}/${record.vector.length}, but this store holds ${store.embedder}/${store.dim} vectors`,
    );
}

/** Short stable hex digest. */
export const shortHash = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 32);

/**
 * Table/file base name for a vector space: only [a-z0-9_], so any model name is safe on disk and in LanceDB.
 * When sanitising changed the name, a short hash of the original keeps "a:b" and "a-b" apart. `r3` is the
 * record layout (project and exact replay key); tables of earlier layouts are left as they are.
 */
export function tableNameFor(embedder: string, dim: number): string {
  const safe = embedder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 80);
  const suffix = safe === embedder ? "" : `_${shortHash(embedder).slice(0, 6)}`;
  return `failures_${safe || "default"}${suffix}_${dim}_r3`;
}
