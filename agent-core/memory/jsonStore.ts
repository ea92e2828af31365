/**
 * Built-in fallback store: an append-only JSONL log (last line per id wins, `{"deleted": id}` removes) and a
 * flat cosine search in memory. Used when LanceDB cannot load on this machine, and (without a path) as an
 * in-memory store when the folder is read-only. The file is read again whenever another process changed it.
 */
import { promises as fs } from "node:fs";
import { cosine } from "./embedder";
import { type FailureRecord, type FailureRecordPatch, recordFromJson, recordToJson, writeJsonl } from "./records";
import { assertRecordFits, type MemoryLog, type MemoryStore, type SearchFilter, type SearchHit } from "./store";

type Entry = [id: string, record: FailureRecord | undefined];

/** MemoryStore over a JSONL log; without `path` everything stays in memory. */
export class JsonStore implements MemoryStore {
  private records = new Map<string, FailureRecord>();
  /** `size:inode` of the file as last read; anything else means someone else wrote. */
  private seen = "";
  private lines = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly embedder: string,
    readonly dim: number,
    readonly path?: string,
    private readonly log?: MemoryLog,
  ) {}

  /** Open (creating if needed) a store; unreadable lines are backed up to `<file>.corrupt-<time>` and dropped. */
  static async open(options: { path?: string; embedder: string; dim: number; log?: MemoryLog }): Promise<JsonStore> {
    const store = new JsonStore(options.embedder, options.dim, options.path, options.log);
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
      return current ? [[id, { ...current, ...patch }]] : [];
    });
  }

  delete(ids: string[]): Promise<void> {
    return this.write(() => ids.filter((id) => this.records.has(id)).map((id) => [id, undefined]));
  }

  async search(vector: Float32Array, k: number, filter?: SearchFilter): Promise<SearchHit[]> {
    const wanted = (r: FailureRecord) =>
      (!filter?.provenOnly || r.fixSucceeded) && (filter?.project === undefined || r.project === filter.project);
    return (await this.all())
      .filter(wanted)
      .map(({ vector: stored, ...record }) => ({ record, similarity: cosine(vector, stored) }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, Math.max(0, k));
  }

  bySignature = async (signature: string) => (await this.all()).filter((r) => r.signature === signature);
  get = async (id: string) => (await this.all()).find((r) => r.id === id);
  count = async () => (await this.all()).length;

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
      if (this.path && todo.length) {
        const text = todo.map(([id, r]) => `${JSON.stringify(r ? recordToJson(r) : { deleted: id })}\n`).join("");
        const [size, ino] = this.seen.split(":").map(Number);
        await fs.appendFile(this.path, text, "utf8");
        // Our own lines are applied below; read the file again only if someone else wrote meanwhile.
        const stat = await fs.stat(this.path);
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
    if (!this.path) return;
    const stat = await fs.stat(this.path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    const now = stat ? `${stat.size}:${stat.ino}` : "0:0";
    if (now === this.seen) return;
    const text = stat ? await fs.readFile(this.path, "utf8") : "";
    const lines = text.split("\n").slice(0, -1);
    this.records = new Map();
    this.lines = 0;
    let bad = 0;
    for (const line of lines.filter((l) => l.trim())) {
      this.lines++;
      try {
        const value = JSON.parse(line);
        if (typeof value?.deleted === "string") this.records.delete(value.deleted);
        else {
          const record = recordFromJson(value);
          if (record.embedder === this.embedder && record.dim === this.dim) this.records.set(record.id, record);
        }
      } catch {
        bad++;
      }
    }
    this.seen = text.endsWith("\n") || !text ? now : "";
    if (bad > 0) {
      // Keep the damaged file aside, then rewrite without the bad lines so the warning is not repeated forever.
      const backup = `${this.path}.corrupt-${Date.now()}`;
      await fs.copyFile(this.path, backup);
      this.log?.("warn", `memory: skipped ${bad} unreadable line(s) in ${this.path}; a copy was kept at ${backup}`);
      await this.rewrite();
    }
  }

  private async rewrite(): Promise<void> {
    if (!this.path) return;
    await writeJsonl(this.path, [...this.records.values()].map(recordToJson));
    const stat = await fs.stat(this.path);
    this.seen = `${stat.size}:${stat.ino}`;
    this.lines = this.records.size;
  }
}
