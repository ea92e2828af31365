/** JSONL export and import of failure memory (backups, sharing, moving to another embedder). */
import { createReadStream, promises as fs } from "node:fs";
import { createInterface } from "node:readline";
import type { Redactor } from "../secrets/redact";
import { type FailureRecord, type FailureRecordJson, parseRecordJson, recordToJson } from "./records";
import type { MemoryLog, MemoryStore } from "./store";
import { embeddingText, redactRecordText } from "./text";
import type { VectorLayout } from "./vectorLayout";

/** What an import did. */
export interface ImportResult {
  imported: number;
  /** Of the imported, how many were embedded again because they came from another embedder. */
  reembedded: number;
  /** Ids already present. */
  skipped: number;
  /** Lines that were not records (reported, not fatal). */
  invalid: number;
}

/**
 * Write every record of `store` to `path` as JSONL (via a temp file, so a crash leaves no half file).
 * Text is redacted on the way out: a store written before redaction existed may still hold secrets.
 */
export async function exportJsonl(store: MemoryStore, path: string, redactor: Redactor): Promise<number> {
  const records = await store.all();
  const tmp = `${path}.tmp-${process.pid}`;
  await fs.writeFile(
    tmp,
    records.map((r) => `${JSON.stringify(redactRecordText(recordToJson(r), redactor))}\n`).join(""),
    "utf8",
  );
  await fs.rename(tmp, path);
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
    const stale = pending.filter((r) => !fits(r, store));
    const vectors = await layout.embedder.embed(
      stale.map((r) => embeddingText({ testId: r.testId, message: "", errorText: r.errorText })),
    );
    const fresh = new Map(stale.map((r, i) => [r, vectors[i]] as const));
    const records: FailureRecord[] = pending.map((json) => {
      const failure = fresh.get(json);
      const vector = failure ? withLayout(layout, failure, json) : Float32Array.from(json.vector ?? []);
      return { ...json, vector, embedder: store.embedder, dim: vector.length };
    });
    await store.add(records);
    result.imported += records.length;
    result.reembedded += stale.length;
    pending = [];
  };

  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
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
    if (known.has(json.id)) {
      result.skipped++;
      continue;
    }
    known.add(json.id);
    pending.push(json);
    if (pending.length >= BATCH) await commit();
  }
  if (pending.length) await commit();
  return result;
}

/** A record's vector in `layout`, from its failure vector and (when proven) its fix. */
function withLayout(
  layout: VectorLayout,
  failure: Float32Array,
  record: Pick<FailureRecord, "fixSucceeded" | "fixPatch">,
): Float32Array {
  const vector = layout.compose(failure);
  return record.fixSucceeded && record.fixPatch.trim() ? layout.withFix(vector, record.fixPatch) : vector;
}

function fits(json: FailureRecordJson, store: MemoryStore): boolean {
  return json.embedder === store.embedder && json.vector !== undefined && json.vector.length === store.dim;
}
