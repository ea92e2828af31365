/**
 * Built-in fallback store: an append-only JSONL log plus brute-force cosine search in memory. Used when
 * LanceDB cannot load on this machine, and (without a path) as an in-memory store when the folder is
 * read-only. Fine for thousands of records; LanceDB is the scalable backend.
 */
import { promises as fs } from "node:fs";
import { cosine } from "./embedder";
import { type FailureRecord, type FailureRecordPatch, recordFromJson, recordToJson } from "./records";
import { assertRecordFits, type MemoryLog, type MemoryStore, type SearchFilter, type SearchHit } from "./store";

interface Tombstone {
  deleted: string;
}

/** Options for JsonStore.open. */
export interface JsonStoreOptions {
  /** JSONL file; undefined keeps everything in memory only. */
  path?: string;
  embedder: string;
  dim: number;
  log?: MemoryLog;
}

/** MemoryStore over a JSONL log (last line per id wins; `{"deleted": id}` removes). */
export class JsonStore implements MemoryStore {
  readonly embedder: string;
  readonly dim: number;
  private readonly path: string | undefined;
  private readonly log: MemoryLog;
  private readonly records = new Map<string, FailureRecord>();
  /** Bytes of the file already applied; other processes append after it. */
  private offset = 0;
  /** Inode of the file read so far; a compaction elsewhere replaces the file and changes it. */
  private inode = -1;
  private lines = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(options: JsonStoreOptions) {
    this.path = options.path;
    this.embedder = options.embedder;
    this.dim = options.dim;
    this.log = options.log ?? (() => undefined);
  }

  /** Open (creating if needed) a store; unreadable lines are backed up to `<file>.corrupt-<time>` and skipped. */
  static async open(options: JsonStoreOptions): Promise<JsonStore> {
    const store = new JsonStore(options);
    await store.sync();
    return store;
  }

  get inMemory(): boolean {
    return this.path === undefined;
  }

  add(records: FailureRecord[]): Promise<void> {
    for (const record of records) assertRecordFits(this, record);
    return this.serial(async () => {
      await this.sync();
      await this.append(records.map((r) => JSON.stringify(recordToJson(r))));
      for (const record of records) this.records.set(record.id, record);
    });
  }

  update(id: string, patch: FailureRecordPatch): Promise<void> {
    return this.serial(async () => {
      await this.sync();
      const current = this.records.get(id);
      if (!current) return;
      const next: FailureRecord = { ...current, ...patch, id, embedder: current.embedder, dim: current.dim };
      await this.append([JSON.stringify(recordToJson(next))]);
      this.records.set(id, next);
    });
  }

  delete(ids: string[]): Promise<void> {
    return this.serial(async () => {
      await this.sync();
      const present = ids.filter((id) => this.records.has(id));
      await this.append(present.map((id) => JSON.stringify({ deleted: id } satisfies Tombstone)));
      for (const id of present) this.records.delete(id);
    });
  }

  async search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    await this.read();
    const scored: Array<{ record: FailureRecord; similarity: number }> = [];
    for (const record of this.records.values()) {
      if (filter?.embedder && record.embedder !== filter.embedder) continue;
      if (filter?.provenOnly && !record.fixSucceeded) continue;
      scored.push({ record, similarity: cosine(vector, record.vector) });
    }
    const top = scored.sort((a, b) => b.similarity - a.similarity).slice(0, Math.max(0, k));
    // Same contract as LanceStore: hits carry no vector (and never alias the stored one).
    return top.map(({ record: { vector: _vector, ...fields }, similarity }) => ({ record: fields, similarity }));
  }

  async bySignature(signature: string): Promise<FailureRecord[]> {
    await this.read();
    return [...this.records.values()].filter((r) => r.signature === signature);
  }

  async get(id: string): Promise<FailureRecord | undefined> {
    await this.read();
    return this.records.get(id);
  }

  async all(): Promise<FailureRecord[]> {
    await this.read();
    return [...this.records.values()];
  }

  async count(): Promise<number> {
    await this.read();
    return this.records.size;
  }

  async flush(): Promise<void> {
    await this.queue;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.serial(() => this.compactIfWasteful());
    this.closed = true;
  }

  /** Reads wait for queued writes so this process always reads its own writes. */
  private async read(): Promise<void> {
    await this.serial(() => this.sync());
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("memory store is closed"));
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async append(lines: string[]): Promise<void> {
    if (lines.length === 0 || !this.path) return;
    const text = lines.map((l) => `${l}\n`).join("");
    await fs.appendFile(this.path, text, "utf8");
    // Our own append is applied already; skip it when syncing, unless another process interleaved.
    const stat = await fs.stat(this.path);
    if (stat.ino === this.inode && stat.size === this.offset + Buffer.byteLength(text)) this.offset = stat.size;
    this.lines += lines.length;
  }

  /** Apply what other processes appended since the last look (or everything, after a rewrite). */
  private async sync(): Promise<void> {
    if (!this.path) return;
    let size: number;
    try {
      const stat = await fs.stat(this.path);
      size = stat.size;
      if (stat.ino !== this.inode) {
        this.inode = stat.ino;
        this.offset = Number.MAX_SAFE_INTEGER;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        this.records.clear();
        this.offset = 0;
        return;
      }
      throw err;
    }
    if (size === this.offset) return;
    if (size < this.offset) {
      this.records.clear();
      this.offset = 0;
      this.lines = 0;
    }
    const handle = await fs.open(this.path, "r");
    let chunk: Buffer;
    try {
      chunk = Buffer.alloc(size - this.offset);
      await handle.read(chunk, 0, chunk.length, this.offset);
    } finally {
      await handle.close();
    }
    // Only complete lines: a concurrent writer may be mid-append.
    const end = chunk.lastIndexOf(0x0a);
    if (end < 0) return;
    const bad = this.applyLines(chunk.subarray(0, end + 1).toString("utf8"));
    this.offset += end + 1;
    if (bad > 0) {
      // Keep the damaged file aside, then rewrite without the bad lines so the warning is not repeated forever.
      await this.backupCorrupt(bad);
      await this.rewrite();
    }
  }

  private applyLines(text: string): number {
    let bad = 0;
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      this.lines++;
      try {
        const value: unknown = JSON.parse(line);
        if (value && typeof value === "object" && typeof (value as Tombstone).deleted === "string") {
          this.records.delete((value as Tombstone).deleted);
          continue;
        }
        const record = recordFromJson(value);
        if (record.embedder === this.embedder && record.dim === this.dim) this.records.set(record.id, record);
      } catch {
        bad++;
      }
    }
    return bad;
  }

  private async backupCorrupt(bad: number): Promise<void> {
    if (!this.path) return;
    const backup = `${this.path}.corrupt-${Date.now()}`;
    await fs.copyFile(this.path, backup);
    this.log("warn", `memory: skipped ${bad} unreadable line(s) in ${this.path}; a copy was kept at ${backup}`);
  }

  /** Rewrite the log without superseded lines once they outnumber live records 3:1. */
  private async compactIfWasteful(): Promise<void> {
    if (!this.path) return;
    await this.sync();
    if (this.lines < 64 || this.lines < this.records.size * 3) return;
    await this.rewrite();
  }

  private async rewrite(): Promise<void> {
    if (!this.path) return;
    const tmp = `${this.path}.tmp-${process.pid}`;
    const text = [...this.records.values()].map((r) => `${JSON.stringify(recordToJson(r))}\n`).join("");
    await fs.writeFile(tmp, text, "utf8");
    await fs.rename(tmp, this.path);
    this.inode = (await fs.stat(this.path)).ino;
    this.offset = Buffer.byteLength(text);
    this.lines = this.records.size;
  }
}
