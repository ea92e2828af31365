/**
 * Built-in fallback store: an append-only JSONL log (last line per id wins, `{"deleted": id}` removes) and a
 * flat cosine search in memory. Used when LanceDB cannot load on this machine, and (without a path) as an
 * in-memory store when the folder is read-only. The file is read again whenever another process changed it.
 */
import { promises as fs } from "node:fs";
import { cosine } from "./embedder";
import { type FailureRecord, type FailureRecordPatch, recordFromJson, recordToJson } from "./records";
import { assertRecordFits, type MemoryLog, type MemoryStore, type SearchFilter, type SearchHit } from "./store";

/** Options for JsonStore.open. */
export interface JsonStoreOptions {
  /** JSONL file; undefined keeps everything in memory only. */
  path?: string;
  embedder: string;
  dim: number;
  log?: MemoryLog;
}

/** MemoryStore over a JSONL log. */
export class JsonStore implements MemoryStore {
  readonly embedder: string;
  readonly dim: number;
  private readonly path: string | undefined;
  private readonly log: MemoryLog;
  private records = new Map<string, FailureRecord>();
  /** Size and inode of the file as last read; another value means someone else wrote. */
  private seen = "";
  private lines = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(options: JsonStoreOptions) {
    this.path = options.path;
    this.embedder = options.embedder;
    this.dim = options.dim;
    this.log = options.log ?? (() => undefined);
  }

  /** Open (creating if needed) a store; unreadable lines are backed up to `<file>.corrupt-<time>` and dropped. */
  static async open(options: JsonStoreOptions): Promise<JsonStore> {
    const store = new JsonStore(options);
    await store.sync();
    return store;
  }

  add(records: FailureRecord[]): Promise<void> {
    for (const record of records) assertRecordFits(this, record);
    return this.write(records.map((r) => [r.id, r]));
  }

  update(id: string, patch: FailureRecordPatch): Promise<void> {
    return this.serial(async () => {
      await this.sync();
      const current = this.records.get(id);
      if (current) await this.append([[id, { ...current, ...patch, id, embedder: current.embedder, dim: current.dim }]]);
    });
  }

  delete(ids: string[]): Promise<void> {
    return this.write(ids.map((id) => [id, undefined]));
  }

  async search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    const scored: SearchHit[] = [];
    for (const { vector: stored, ...record } of await this.all()) {
      if ((filter?.provenOnly && !record.fixSucceeded) || (filter?.project !== undefined && record.project !== filter.project)) continue;
      scored.push({ record, similarity: cosine(vector, stored) });
    }
    return scored.sort((a, b) => b.similarity - a.similarity).slice(0, Math.max(0, k));
  }

  async bySignature(signature: string): Promise<FailureRecord[]> {
    return (await this.all()).filter((r) => r.signature === signature);
  }

  async get(id: string): Promise<FailureRecord | undefined> {
    await this.serial(() => this.sync());
    return this.records.get(id);
  }

  async all(): Promise<FailureRecord[]> {
    await this.serial(() => this.sync());
    return [...this.records.values()];
  }

  async count(): Promise<number> {
    return (await this.all()).length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Rewrite the log without superseded lines once they outnumber live records 3:1.
    await this.serial(async () => {
      await this.sync();
      if (this.lines >= 64 && this.lines >= this.records.size * 3) await this.rewrite();
    });
    this.closed = true;
  }

  private write(entries: Array<[string, FailureRecord | undefined]>): Promise<void> {
    return this.serial(async () => {
      await this.sync();
      await this.append(entries);
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("memory store is closed"));
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async append(entries: Array<[string, FailureRecord | undefined]>): Promise<void> {
    const present = entries.filter(([id, record]) => record || this.records.has(id));
    if (this.path && present.length) {
      const text = present.map(([id, record]) => `${JSON.stringify(record ? recordToJson(record) : { deleted: id })}\n`).join("");
      const before = this.seen;
      await fs.appendFile(this.path, text, "utf8");
      // Our own lines are applied below; read the file again only if someone else wrote meanwhile.
      const stat = await fs.stat(this.path);
      const [size, ino] = before.split(":").map(Number);
      this.seen = ino === stat.ino && size + Buffer.byteLength(text) === stat.size ? `${stat.size}:${stat.ino}` : "";
      this.lines += present.length;
    }
    for (const [id, record] of present) record ? this.records.set(id, record) : this.records.delete(id);
  }

  /** Read the whole file again when it is not the one last read. */
  private async sync(): Promise<void> {
    if (!this.path) return;
    const stat = await fs.stat(this.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return undefined;
      throw err;
    });
    const now = stat ? `${stat.size}:${stat.ino}` : "0:0";
    if (now === this.seen) return;
    const text = stat ? await fs.readFile(this.path, "utf8") : "";
    // Only complete lines: a concurrent writer may be mid-append.
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    this.records = new Map();
    this.lines = 0;
    let bad = 0;
    for (const line of complete.split("\n")) {
      if (!line.trim()) continue;
      this.lines++;
      try {
        const value = JSON.parse(line) as { deleted?: unknown };
        if (typeof value?.deleted === "string") this.records.delete(value.deleted);
        else {
          const record = recordFromJson(value);
          if (record.embedder === this.embedder && record.dim === this.dim) this.records.set(record.id, record);
        }
      } catch {
        bad++;
      }
    }
    this.seen = complete.length === text.length ? now : "";
    if (bad > 0) {
      // Keep the damaged file aside, then rewrite without the bad lines so the warning is not repeated forever.
      const backup = `${this.path}.corrupt-${Date.now()}`;
      await fs.copyFile(this.path, backup);
      this.log("warn", `memory: skipped ${bad} unreadable line(s) in ${this.path}; a copy was kept at ${backup}`);
      await this.rewrite();
    }
  }

  private async rewrite(): Promise<void> {
    if (!this.path) return;
    const tmp = `${this.path}.tmp-${process.pid}`;
    const text = [...this.records.values()].map((r) => `${JSON.stringify(recordToJson(r))}\n`).join("");
    await fs.writeFile(tmp, text, "utf8");
    await fs.rename(tmp, this.path);
    const stat = await fs.stat(this.path);
    this.seen = `${stat.size}:${stat.ino}`;
    this.lines = this.records.size;
  }
}
