/**
 * Built-in fallback store: an append-only JSONL log (last line per id wins, `{"deleted": id}` removes) and a
 * flat cosine search in memory. Used when LanceDB cannot load on this machine, and (without a path) as an
 * in-memory store when the folder is read-only. The file is read again whenever another process changed it.
 */
import { promises as fs } from "node:fs";
import { cosine } from "./embedder";
import { type FailureRecord, type FailureRecordPatch, recordFromJson, recordToJson } from "./records";
import { assertRecordFits, type MemoryLog, type MemoryStore, type SearchFilter, type SearchHit } from "./store";

/** Options for JsonStore.open; without `path` everything stays in memory. */
export interface JsonStoreOptions {
  path?: string;
  embedder: string;
  dim: number;
  log?: MemoryLog;
}

type Entry = [id: string, record: FailureRecord | undefined];

/** MemoryStore over a JSONL log. */
export class JsonStore implements MemoryStore {
  readonly embedder: string;
  readonly dim: number;
  private records = new Map<string, FailureRecord>();
  /** `size:inode` of the file as last read; anything else means someone else wrote. */
  private seen = "";
  private lines = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: JsonStoreOptions) {
    this.embedder = options.embedder;
    this.dim = options.dim;
  }

  /** Open (creating if needed) a store; unreadable lines are backed up to `<file>.corrupt-<time>` and dropped. */
  static async open(options: JsonStoreOptions): Promise<JsonStore> {
    const store = new JsonStore(options);
    await store.sync();
    return store;
  }

  add(records: FailureRecord[]): Promise<void> {
    for (const record of records) assertRecordFits(this, record);
    return this.write(() => records.map((r) => [r.id, r]));
  }

  update(id: string, patch: FailureRecordPatch): Promise<void> {
    return this.write(() => {
      const current = this.records.get(id);
      return current ? [[id, { ...current, ...patch, id, embedder: current.embedder, dim: current.dim }]] : [];
    });
  }

  delete(ids: string[]): Promise<void> {
    return this.write(() => ids.filter((id) => this.records.has(id)).map((id) => [id, undefined]));
  }

  async search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    const scored: SearchHit[] = [];
    for (const { vector: stored, ...record } of await this.all()) {
      if (
        (filter?.provenOnly && !record.fixSucceeded) ||
        (filter?.project !== undefined && record.project !== filter.project)
      )
        continue;
      scored.push({ record, similarity: cosine(vector, stored) });
    }
    return scored.sort((a, b) => b.similarity - a.similarity).slice(0, Math.max(0, k));
  }

  bySignature = async (signature: string): Promise<FailureRecord[]> =>
    (await this.all()).filter((r) => r.signature === signature);
  get = async (id: string): Promise<FailureRecord | undefined> => (await this.all()).find((r) => r.id === id);
  count = async (): Promise<number> => (await this.all()).length;

  async all(): Promise<FailureRecord[]> {
    await this.serial(() => this.sync());
    return [...this.records.values()];
  }

  async close(): Promise<void> {
    // Rewrite the log without superseded lines once they outnumber live records 3:1.
    await this.serial(async () => {
      await this.sync();
      if (this.lines >= 64 && this.lines >= this.records.size * 3) await this.rewrite();
    });
    this.closed = true;
  }

  /** Appends what `entries` gives (computed after reading the file again), then applies it. */
  private write(entries: () => Entry[]): Promise<void> {
    return this.serial(async () => {
      await this.sync();
      const todo = entries();
      const { path } = this.options;
      if (path && todo.length) {
        const text = todo
          .map(([id, record]) => `${JSON.stringify(record ? recordToJson(record) : { deleted: id })}\n`)
          .join("");
        const [size, ino] = this.seen.split(":").map(Number);
        await fs.appendFile(path, text, "utf8");
        // Our own lines are applied below; read the file again only if someone else wrote meanwhile.
        const stat = await fs.stat(path);
        this.seen = ino === stat.ino && size + Buffer.byteLength(text) === stat.size ? `${stat.size}:${stat.ino}` : "";
        this.lines += todo.length;
      }
      for (const [id, record] of todo) record ? this.records.set(id, record) : this.records.delete(id);
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("memory store is closed"));
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Read the whole file again when it is not the one last read (only complete lines: a writer may be mid-append). */
  private async sync(): Promise<void> {
    const { path } = this.options;
    if (!path) return;
    const stat = await fs
      .stat(path)
      .catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? undefined : Promise.reject(err)));
    const now = stat ? `${stat.size}:${stat.ino}` : "0:0";
    if (now === this.seen) return;
    const text = stat ? await fs.readFile(path, "utf8") : "";
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    this.records = new Map();
    this.lines = 0;
    let bad = 0;
    for (const line of complete.split("\n").filter((l) => l.trim())) {
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
      const backup = `${path}.corrupt-${Date.now()}`;
      await fs.copyFile(path, backup);
      this.options.log?.("warn", `memory: skipped ${bad} unreadable line(s) in ${path}; a copy was kept at ${backup}`);
      await this.rewrite();
    }
  }

  private async rewrite(): Promise<void> {
    const { path } = this.options;
    if (!path) return;
    const tmp = `${path}.tmp-${process.pid}`;
    const text = [...this.records.values()].map((r) => `${JSON.stringify(recordToJson(r))}\n`).join("");
    await fs.writeFile(tmp, text, "utf8");
    await fs.rename(tmp, path);
    const stat = await fs.stat(path);
    this.seen = `${stat.size}:${stat.ino}`;
    this.lines = this.records.size;
  }
}
