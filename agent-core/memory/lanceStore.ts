/**
 * LanceDB-backed MemoryStore: one table per vector space, every write committed when it is made. A search is
 * LanceDB's exact (flat) scan until the table reaches INDEX_FROM rows; from there a cosine IVF index with
 * LanceDB's defaults is built once, in the background (docs/BENCHMARKS.md: the size where a flat search
 * starts to cost more than 1% of an iteration). Columns are snake_case: LanceDB's SQL folds identifiers.
 */
import type * as Lance from "@lancedb/lancedb";
import type * as Arrow from "apache-arrow";
import type { FailureRecord, FailureRecordPatch } from "./records";
import type { MemoryLog, MemoryStore, SearchFilter, SearchHit } from "./store";
import { assertRecordFits, tableNameFor } from "./store";

/** The loaded @lancedb/lancedb and apache-arrow modules (loaded lazily, see openStore.ts). */
export interface LanceModules {
  lance: typeof Lance;
  arrow: typeof Arrow;
}

/** Rows from which a vector index is built (see the module comment). */
export const INDEX_FROM = 1_000;
/** Small fragments (one per commit) tolerated before the table is compacted in the background. */
const COMPACT_FROM = 32;

const TEXT = [
  ...["id", "signature", "project", "projectName", "errorText", "testId", "language", "framework", "file"],
  ...["codeContext", "embedder", "fixPatch"],
] as const;
const INT = ["dim", "timesSeen", "timesUsed", "timesSucceeded", "iterations", "tokens"] as const;
const FIELDS = [...TEXT, ...INT, "createdAt", "lastSeenAt", "fixSucceeded"] as const;
const column = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Every column but the vector: what a search reads back. */
const SEARCH_COLUMNS = FIELDS.map(column);

/** Raised when the table exists but cannot be opened or read: the caller moves the folder aside. */
export class CorruptStoreError extends Error {}

/** MemoryStore backed by one LanceDB table. */
export class LanceStore implements MemoryStore {
  private writes: Promise<unknown> = Promise.resolve();
  private maintenance: Promise<void> | undefined;
  private commits = 0;
  private closed = false;

  private constructor(
    private readonly db: Lance.Connection,
    private readonly table: Lance.Table,
    private readonly lance: typeof Lance,
    readonly embedder: string,
    readonly dim: number,
    private readonly log: MemoryLog,
    private readonly indexFrom: number,
  ) {}

  /** Connect, create or open the table, and read it once; an unreadable table raises CorruptStoreError. */
  static async open(
    options: LanceModules & { dir: string; embedder: string; dim: number; log?: MemoryLog; indexFrom?: number },
  ): Promise<LanceStore> {
    const { dir, embedder, dim, lance } = options;
    // A reader must see other processes' commits at once, not after a cache interval.
    const db = await lance.connect(dir, { readConsistencyInterval: 0 });
    const name = tableNameFor(embedder, dim);
    let table: Lance.Table;
    try {
      // Opens the table when it exists; a second try covers another process creating it at the same moment.
      const create = () => db.createEmptyTable(name, schemaFor(options.arrow, dim), { mode: "create", existOk: true });
      table = await create().catch(create);
      if ((await table.countRows()) > 0) await table.vectorSearch(new Float32Array(dim).fill(1)).limit(1).toArray();
    } catch (err) {
      db.close();
      throw new CorruptStoreError(`memory table ${name} in ${dir} cannot be read: ${errorText(err)}`);
    }
    const log = options.log ?? (() => undefined);
    const store = new LanceStore(db, table, lance, embedder, dim, log, options.indexFrom ?? INDEX_FROM);
    store.maintain();
    return store;
  }

  async add(records: FailureRecord[]): Promise<void> {
    for (const record of records) assertRecordFits(this, record);
    if (records.length) await this.commit(() => this.table.add(records.map(toRow)));
  }

  async update(id: string, patch: FailureRecordPatch): Promise<void> {
    const valuesSql: Record<string, string> = {};
    for (const key of FIELDS) {
      const value = patch[key as keyof FailureRecordPatch];
      if (value !== undefined && key !== "id" && key !== "embedder" && key !== "dim")
        valuesSql[column(key)] = typeof value === "string" ? sqlString(value) : String(value);
    }
    if (patch.vector) {
      if (patch.vector.length !== this.dim)
        throw new Error(`memory: vector has ${patch.vector.length} dimensions, store holds ${this.dim}`);
      // Whole numbers must be written as floats, or LanceDB rejects the list for mixing Int64 and Float64.
      valuesSql.vector = `[${Array.from(patch.vector, (x) => (Number.isInteger(x) ? x.toFixed(1) : String(x)))}]`;
    }
    if (Object.keys(valuesSql).length) await this.commit(() => this.table.update({ where: idFilter([id]), valuesSql }));
  }

  async delete(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500)
      await this.commit(() => this.table.delete(idFilter(ids.slice(i, i + 500))));
  }

  async search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    if (vector.length !== this.dim)
      throw new Error(`memory: query vector has ${vector.length} dimensions, store holds ${this.dim}`);
    if (k <= 0) return [];
    let query = this.table.vectorSearch(vector).distanceType("cosine").limit(k).select(SEARCH_COLUMNS);
    const conditions = [
      filter?.provenOnly ? "fix_succeeded = true" : "",
      filter?.project !== undefined ? `project = ${sqlString(filter.project)}` : "",
    ].filter(Boolean);
    if (conditions.length) query = query.where(conditions.join(" AND "));
    // Cosine distance is 1 - similarity.
    return (await query.toArray()).map((row) => ({ record: fromRow(row), similarity: 1 - Number(row._distance) }));
  }

  bySignature = (signature: string): Promise<FailureRecord[]> => this.where(`signature = ${sqlString(signature)}`);
  get = async (id: string): Promise<FailureRecord | undefined> => (await this.where(idFilter([id])))[0];
  all = (): Promise<FailureRecord[]> => this.where(undefined);
  count = (): Promise<number> => this.table.countRows();

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.idle().finally(() => {
      this.table.close();
      this.db.close();
    });
  }

  /** Whether the vector index exists (tests and benchmarks). */
  indexed = async (): Promise<boolean> =>
    (await this.table.listIndices()).some((index) => index.columns.includes("vector"));

  /** Wait for background compaction or indexing (tests and benchmarks). */
  idle = (): Promise<unknown> => Promise.all([this.writes, this.maintenance]);

  private async where(filter: string | undefined): Promise<FailureRecord[]> {
    const query = this.table.query().select([...SEARCH_COLUMNS, "vector"]);
    return (await (filter ? query.where(filter) : query).toArray()).map((row) => fromRow(row) as FailureRecord);
  }

  /** Writes from this process go one at a time; a commit that lost a race with another process is retried. */
  private commit(write: () => Promise<unknown>): Promise<void> {
    if (this.closed) return Promise.reject(new Error("memory store is closed"));
    const run = this.writes.then(() => withRetry(write));
    this.writes = run.catch(() => undefined);
    return run.then(() => {
      if (++this.commits % COMPACT_FROM === 0) this.maintain();
    });
  }

  /** Background upkeep: compact many small fragments, build the index once the table is large. Never throws. */
  private maintain(): void {
    this.maintenance ??= (async () => {
      try {
        const stats = await this.table.stats();
        // Versions of the last 10 minutes are kept: another process may still be reading them.
        if (stats.fragmentStats.numSmallFragments >= COMPACT_FROM)
          await withRetry(() => this.table.optimize({ cleanupOlderThan: new Date(Date.now() - 600_000) }));
        if (stats.numRows >= this.indexFrom && !(await this.indexed())) {
          const config = this.lance.Index.ivfFlat({ distanceType: "cosine" });
          await withRetry(() => this.table.createIndex("vector", { config }));
          this.log("info", `memory: built a cosine IVF index on ${stats.numRows} rows`);
        }
      } catch (err) {
        this.log("warn", `memory: background maintenance failed: ${errorText(err)}`);
      } finally {
        this.maintenance = undefined;
      }
    })();
  }
}

function schemaFor(arrow: typeof Arrow, dim: number): Arrow.Schema {
  const { Field, Utf8, Int32, Float64, Bool, FixedSizeList, Float32, Schema } = arrow;
  return new Schema([
    ...TEXT.map((key) => new Field(column(key), new Utf8(), false)),
    ...INT.map((key) => new Field(column(key), new Int32(), false)),
    ...["created_at", "last_seen_at"].map((name) => new Field(name, new Float64(), false)),
    new Field("fix_succeeded", new Bool(), false),
    new Field("vector", new FixedSizeList(dim, new Field("item", new Float32(), true)), false),
  ]);
}

function toRow(record: FailureRecord): Record<string, unknown> {
  const row: Record<string, unknown> = { vector: Array.from(record.vector) };
  for (const key of FIELDS) row[column(key)] = record[key];
  return row;
}

/** A record from a row (the columns' types are the schema's); without a vector when the row has none. */
function fromRow(row: Record<string, unknown>): Omit<FailureRecord, "vector"> {
  const record: Record<string, unknown> = {};
  for (const key of FIELDS) record[key] = row[column(key)];
  const vector = row.vector as { toArray(): ArrayLike<number> } | undefined;
  if (vector) record.vector = Float32Array.from(vector.toArray());
  return record as FailureRecord;
}

/** LanceDB's optimistic commits can lose a race with another writer; those errors are safe to retry. */
async function withRetry<T>(task: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (err) {
      if (!/conflict|retryable|concurrent|commit/i.test(String(err)) || attempt >= 6) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt + Math.random() * 20));
    }
  }
}

/** SQL string literal with quotes escaped, for `where` filters. */
const sqlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const idFilter = (ids: string[]): string => `id IN (${ids.map(sqlString).join(", ")})`;
const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
