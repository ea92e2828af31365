/** JSONL export and import of failure memory (backups, sharing, moving to another embedder). */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Redactor } from "../secrets/redact";
import { type FailureRecordJson, parseRecordJson, recordToJson, writeJsonl } from "./records";
import type { MemoryLog, MemoryStore } from "./store";
import { embeddingText, redactRecordText } from "./text";
import type { VectorLayout } from "./vectorLayout";

/**
 * What an import did: records `imported`, how many of them were embedded again (`reembedded`: they came from
 * another embedder), ids already present (`skipped`) and lines that were not records (`invalid`, not fatal).
 */
export type ImportResult = Record<"imported" | "reembedded" | "skipped" | "invalid", number>;

/**
 * Write every record of `store` to `path` as JSONL. Text is redacted on the way out: a store written before
 * redaction existed may still hold secrets.
 */
export async function exportJsonl(store: MemoryStore, path: string, redactor: Redactor): Promise<number> {
  const records = await store.all();
  const redacted = records.map((r) => redactRecordText(recordToJson(r), redactor));
  await writeJsonl(path, redacted);
  return records.length;
}

const BATCH = 256;

/**
 * Import records from a JSONL export. Records of this vector space keep their vectors; others (another
 * embedder, an older layout, no vector) are embedded again. Records from before projects were kept come in
 * without one: they never replay, and are shown as hints only where other projects' are. Text is redacted
 * before anything is embedded or stored.
 */
export async function importJsonl(
  store: MemoryStore,
  layout: VectorLayout,
  path: string,
  log: MemoryLog,
  redactor: Redactor,
): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, reembedded: 0, skipped: 0, invalid: 0 };
  const known = new Set((await store.all()).map((r) => r.id));
  let pending: FailureRecordJson[] = [];
  const commit = async () => {
    const stale = pending.filter((r) => r.embedder !== store.embedder || r.vector?.length !== store.dim);
    const texts = stale.map((r) => embeddingText({ testId: r.testId, message: "", errorText: r.errorText }));
    const vectors = await layout.failureVectors(texts);
    const fresh = new Map(stale.map((r, i) => [r, vectors[i]] as const));
    const records = pending.map((json) => {
      // A record embedded again gets this layout's fix part too when its fix is proven.
      const failure = fresh.get(json);
      const proven = json.fixSucceeded && json.fixPatch.trim();
      const vector = !failure
        ? Float32Array.from(json.vector ?? [])
        : proven
          ? layout.withFix(failure, json.fixPatch)
          : failure;
      return { ...json, vector, embedder: store.embedder, dim: vector.length };
    });
    await store.add(records);
    result.imported += records.length;
    result.reembedded += stale.length;
    pending = [];
  };
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let json: FailureRecordJson;
    try {
      json = redactRecordText(parseRecordJson(JSON.parse(line)), redactor);
    } catch (err) {
      result.invalid++;
      log("warn", `memory import: ${path}:${lineNo} skipped: ${(err as Error).message.split("\n")[0]}`);
      continue;
    }
    if (known.has(json.id)) result.skipped++;
    else {
      known.add(json.id);
      pending.push(json);
      if (pending.length >= BATCH) await commit();
    }
  }
  if (pending.length) await commit();
  return result;
}
