/**
 * LanceDB-backed MemoryStore: one table per embedder, batched writes, background optimize and a cosine
 * IVF_RQ index (4-bit codes, exact re-ranking) once the table is large enough to need one, retrained as the
 * table grows.
 */
import type * as Lance from "@lancedb/lancedb";
import {
  type ArrowModule,
  failureSchema,
  idFilter,
  patchSearchBlob,
  patchToSql,
  RECORD_COLUMNS,
  recordsToArrow,
  rowToRecord,
  rowToSearchRecord,
  SEARCH_BLOB,
  SEARCH_COLUMNS,
  sqlString,
} from "./lanceRows";
import type { FailureRecord, FailureRecordPatch } from "./records";
import { assertRecordFits, type MemoryLog, type MemoryStore, type SearchFilter, type SearchHit, tableNameFor } from "./store";
import {
  DEFAULT_TUNING,
  MAX_PARTITIONS,
  RETRIES,
  INDEX_NAME_PREFIX,
  ivfPartitionsFor,
  type LanceStoreTuning,
  needsVectorIndex,
  NEW_TABLE_STORAGE,
  partitionsFromName,
  PROVEN_INDEX_NAME,
  RQ_BITS,
  SAMPLE_RATE,
  withRetry,
} from "./lanceTuning";
import { PendingWrites } from "./pendingWrites";

export { ivfPartitionsFor, type LanceStoreTuning, needsVectorIndex } from "./lanceTuning";

/** The loaded @lancedb/lancedb module. */
export type LanceModule = typeof Lance;

/** Everything LanceStore.open needs; the modules are passed in so nothing loads LanceDB eagerly. */
export interface LanceStoreOptions {
  dir: string;
  embedder: string;
  dim: number;
  lance: LanceModule;
  arrow: ArrowModule;
  log?: MemoryLog;
  tuning?: Partial<LanceStoreTuning>;
}

/** Raised when the table exists but cannot be opened or read: the caller moves the folder aside. */
export class CorruptStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CorruptStoreError";
  }
}

/** MemoryStore backed by one LanceDB table. */
export class LanceStore implements MemoryStore {
  readonly embedder: string;
  readonly dim: number;
  readonly tableName: string;
  /** The tuning in effect (defaults merged with the options). */
  readonly tuning: Readonly<LanceStoreTuning>;
  private readonly log: MemoryLog;
  private readonly lance: LanceModule;
  private readonly arrow: ArrowModule;
  private readonly schema: ReturnType<typeof failureSchema>;
  /** Whether the table has SEARCH_BLOB (created by this version); older tables are read column by column. */
  private readonly hasSearchBlob: boolean;
  /** Accepted but not yet committed; reads include them, so they never wait for the write queue. */
  private readonly pending = new PendingWrites();
  private timer: NodeJS.Timeout | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private maintenance: Promise<void> | undefined;
  private commitsSinceOptimize = 0;
  /** Partitions of the current vector index: 0 none, -1 unknown (built by an older version). */
  private indexPartitions = 0;
  private closed = false;

  private constructor(
    private readonly db: Lance.Connection,
    private readonly table: Lance.Table,
    options: LanceStoreOptions,
    hasSearchBlob: boolean,
  ) {
    this.embedder = options.embedder;
    this.dim = options.dim;
    this.tableName = tableNameFor(options.embedder, options.dim);
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.log = options.log ?? (() => undefined);
    this.lance = options.lance;
    this.arrow = options.arrow;
    this.hasSearchBlob = hasSearchBlob;
    this.schema = failureSchema(options.arrow, options.dim, hasSearchBlob);
  }

  /** Connect, create or open the embedder's table, and probe it; unreadable tables raise CorruptStoreError. */
  static async open(options: LanceStoreOptions): Promise<LanceStore> {
    // A reader must see other processes' commits at once, not after a cache interval.
    const db = await options.lance.connect(options.dir, { readConsistencyInterval: 0 });
    const name = tableNameFor(options.embedder, options.dim);
    let table: Lance.Table;
    let hasSearchBlob: boolean;
    try {
      table = await openOrCreate(db, name, failureSchema(options.arrow, options.dim));
      hasSearchBlob = (await table.schema()).fields.some((field) => field.name === SEARCH_BLOB);
      await probe(table, options.dim);
    } catch (err) {
      db.close();
      throw new CorruptStoreError(`memory table ${name} in ${options.dir} cannot be read: ${errorText(err)}`, { cause: err });
    }
    const store = new LanceStore(db, table, options, hasSearchBlob);
    const vectorIndex = (await table.listIndices()).find((index) => index.columns.includes("vector"));
    store.indexPartitions = vectorIndex ? partitionsFromName(vectorIndex.name) : 0;
    return store;
  }

  async add(records: FailureRecord[]): Promise<void> {
    this.assertOpen();
    for (const record of records) assertRecordFits(this, record);
    this.pending.push(records);
    if (this.pending.size >= this.tuning.batchSize) await this.flush();
    else this.scheduleFlush();
  }

  async update(id: string, patch: FailureRecordPatch): Promise<void> {
    this.assertOpen();
    if (this.pending.patch(id, patch)) return;
    if (patch.vector && patch.vector.length !== this.dim) throw new Error(`memory: vector has ${patch.vector.length} dimensions, store holds ${this.dim}`);
    // One commit per update: every commit is another fragment for reads to merge until the next optimize.
    const valuesSql = patchToSql(patch);
    if (Object.keys(valuesSql).length === 0) return;
    await this.serial(async () => {
      if (this.hasSearchBlob) await this.updateWithBlob(id, patch, valuesSql);
      else await withRetry(() => this.table.update({ where: idFilter([id]), valuesSql }));
    });
    this.afterCommit();
  }

  async delete(ids: string[]): Promise<void> {
    this.assertOpen();
    const doomed = new Set(ids);
    this.pending.drop(doomed);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await this.serial(() => withRetry(() => this.table.delete(idFilter(chunk))));
      this.afterCommit();
    }
  }

  async search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    if (vector.length !== this.dim) throw new Error(`memory: query vector has ${vector.length} dimensions, store holds ${this.dim}`);
    if (k <= 0) return [];
    const { nprobes, refineFactor } = this.tuning;
    let query = this.table.vectorSearch(vector).distanceType("cosine").nprobes(nprobes).refineFactor(refineFactor).limit(k);
    const conditions: string[] = [];
    if (filter?.embedder) conditions.push(`embedder = ${sqlString(filter.embedder)}`);
    if (filter?.provenOnly) conditions.push("fix_succeeded = true");
    if (conditions.length) query = query.where(conditions.join(" AND "));
    // Each selected column is one more random read per hit: one JSON column where the table has it, never the vector.
    const columns = this.hasSearchBlob ? [SEARCH_BLOB] : [...SEARCH_COLUMNS];
    const rows = (await query.select(columns).toArray()) as Array<Record<string, unknown>>;
    // Cosine distance is 1 - similarity.
    const hits = rows.map((row) => ({ record: rowToSearchRecord(row), similarity: 1 - Number(row._distance) }));
    return this.pending.mergeHits(hits, vector, k, filter);
  }

  async bySignature(signature: string): Promise<FailureRecord[]> {
    return this.where(`signature = ${sqlString(signature)}`, (r) => r.signature === signature);
  }

  async get(id: string): Promise<FailureRecord | undefined> {
    return (await this.where(idFilter([id]), (r) => r.id === id))[0];
  }

  async all(): Promise<FailureRecord[]> {
    return this.where(undefined, () => true);
  }

  async count(): Promise<number> {
    await this.flush();
    return this.table.countRows();
  }

  /** Write queued records as one commit. On failure they stay queued, so nothing is lost. */
  async flush(): Promise<void> {
    this.clearTimer();
    await this.serial(async () => {
      const written = await this.pending.write(async (batch) => {
        const data = recordsToArrow(this.arrow, this.schema, batch);
        await withRetry(() => this.table.add(data));
      });
      if (written > 0) this.afterCommit(written);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
      await this.maintenance;
    } finally {
      this.closed = true;
      this.clearTimer();
      this.table.close();
      this.db.close();
    }
  }

  /** Wait for background optimize/indexing (tests and benchmarks). */
  async idle(): Promise<void> {
    await this.writes;
    await this.maintenance;
  }

  /** Compact fragments and prune versions older than 10 minutes now (it also runs in the background). */
  async optimize(): Promise<void> {
    await this.flush();
    await this.serial(() => withRetry(() => this.table.optimize({ cleanupOlderThan: new Date(Date.now() - 10 * 60_000) })));
    this.commitsSinceOptimize = 0;
  }

  /** Whether a vector index exists (it is built in the background once the table is large). */
  get indexed(): boolean {
    return this.indexPartitions !== 0;
  }

  /** IVF partitions of the vector index: 0 when there is none, -1 when an older version built it. */
  get partitions(): number {
    return this.indexPartitions;
  }

  /** Build (or retrain) the cosine IVF_RQ index now, regardless of the threshold. */
  async createIndex(): Promise<void> {
    await this.flush();
    const rows = await this.table.countRows();
    const numPartitions = ivfPartitionsFor(rows);
    const name = `${INDEX_NAME_PREFIX}${numPartitions}`;
    const { Index } = this.lance;
    const config = Index.ivfRq({ distanceType: "cosine", numPartitions, numBits: RQ_BITS, sampleRate: SAMPLE_RATE });
    await this.serial(async () => {
      await withRetry(() => this.table.createIndex("vector", { config, name, replace: true }));
      // The new index is in place before the old one goes, so searches never fall back to a full scan.
      const indices = await this.table.listIndices();
      for (const old of indices) {
        if (old.columns.includes("vector") && old.name !== name) await withRetry(() => this.table.dropIndex(old.name));
      }
      // recall() prefilters on fix_succeeded; without this index that filter scans the column on every query.
      if (!indices.some((index) => index.columns.includes("fix_succeeded"))) {
        await withRetry(() => this.table.createIndex("fix_succeeded", { config: Index.bitmap(), name: PROVEN_INDEX_NAME }));
      }
    });
    this.indexPartitions = numPartitions;
    this.log("info", `memory: built cosine IVF_RQ index (${numPartitions} partitions) on ${rows} rows`);
  }

  /**
   * Update the columns and SEARCH_BLOB in one commit. The blob is rebuilt from its current value and written
   * only if nobody changed it meanwhile (compare-and-set), so a concurrent update from another process is
   * re-read and merged, never overwritten; LanceDB merges the column values the same way on its own.
   */
  private async updateWithBlob(id: string, patch: FailureRecordPatch, valuesSql: Record<string, string>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const rows = (await this.table.query().where(idFilter([id])).select([SEARCH_BLOB]).limit(1).toArray()) as Array<Record<string, unknown>>;
      const current = rows[0]?.[SEARCH_BLOB];
      if (typeof current !== "string") return;
      const blob = patchSearchBlob(current, patch);
      const where = `${idFilter([id])} AND ${SEARCH_BLOB} = ${sqlString(current)}`;
      const { rowsUpdated } = await withRetry(() => this.table.update({ where, valuesSql: { ...valuesSql, [SEARCH_BLOB]: sqlString(blob) } }));
      if (rowsUpdated > 0) return;
      if (attempt >= RETRIES) throw new Error(`memory: record ${id} kept changing during an update; gave up after ${RETRIES + 1} tries`);
    }
  }

  /** Rows matching the SQL `filter` plus uncommitted records matching `keep` (the same condition in JS). */
  private async where(filter: string | undefined, keep: (record: FailureRecord) => boolean): Promise<FailureRecord[]> {
    let query = this.table.query().select([...RECORD_COLUMNS]);
    if (filter) query = query.where(filter);
    const rows = (await query.toArray()) as Array<Record<string, unknown>>;
    return this.pending.mergeRows(rows.map(rowToRecord), keep);
  }

  /** Writes from this process go one at a time; LanceDB resolves races with other processes. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(task, task);
    this.writes = run.catch(() => undefined);
    return run;
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((err) => this.log("warn", `memory: background flush failed, will retry: ${errorText(err)}`));
    }, this.tuning.flushDelayMs);
    // A pending flush must not keep a CLI process alive; close() flushes anyway.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private afterCommit(addedRows = 0): void {
    this.commitsSinceOptimize++;
    const wantsOptimize = this.commitsSinceOptimize >= this.tuning.optimizeEvery;
    const mayNeedIndex = addedRows > 0 && this.indexPartitions < MAX_PARTITIONS;
    if ((wantsOptimize || mayNeedIndex) && !this.maintenance) {
      this.maintenance = this.maintain(wantsOptimize).finally(() => {
        this.maintenance = undefined;
      });
    }
  }

  /** Background upkeep; never runs twice at once (see afterCommit) and never throws. */
  private async maintain(optimize: boolean): Promise<void> {
    try {
      if (needsVectorIndex(await this.table.countRows(), this.indexPartitions, this.tuning.indexThreshold)) await this.createIndex();
      // Recent versions are kept: another process may still be reading them.
      if (optimize) await this.optimize();
    } catch (err) {
      this.log("warn", `memory: background maintenance failed: ${errorText(err)}`);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("memory store is closed");
  }
}

async function openOrCreate(db: Lance.Connection, name: string, schema: ReturnType<typeof failureSchema>): Promise<Lance.Table> {
  if ((await db.tableNames()).includes(name)) return db.openTable(name);
  try {
    return await db.createEmptyTable(name, schema, { mode: "create", existOk: true, storageOptions: NEW_TABLE_STORAGE });
  } catch (err) {
    // Another process may have created it between our check and our create.
    if ((await db.tableNames()).includes(name)) return db.openTable(name);
    throw err;
  }
}

/** Read the table once so damaged files surface now, not in the middle of a fix loop. */
async function probe(table: Lance.Table, dim: number): Promise<void> {
  const rows = await table.countRows();
  if (rows === 0) return;
  await table.query().limit(1).toArray();
  const unit = new Float32Array(dim);
  unit[0] = 1;
  await table.vectorSearch(unit).distanceType("cosine").limit(1).toArray();
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
