/**
 * Records a store has accepted but not yet committed: the queue, and the batch being written. Reads merge
 * them with what the table returns, so a read never waits behind a write, an optimize or an index build
 * (a retrain at 100k rows holds the write queue for seconds).
 */
import { cosine } from "./embedder";
import type { FailureRecord, FailureRecordPatch } from "./records";
import type { SearchFilter, SearchHit } from "./store";

export class PendingWrites {
  private queued: FailureRecord[] = [];
  private writing: FailureRecord[] = [];

  get size(): number {
    return this.queued.length;
  }

  push(records: readonly FailureRecord[]): void {
    this.queued.push(...records);
  }

  /** Patch a queued record in place; false when it is not queued (then the table must be updated). */
  patch(id: string, patch: FailureRecordPatch): boolean {
    const at = this.queued.findIndex((r) => r.id === id);
    if (at < 0) return false;
    this.queued[at] = { ...this.queued[at], ...patch, id };
    return true;
  }

  drop(ids: ReadonlySet<string>): void {
    this.queued = this.queued.filter((r) => !ids.has(r.id));
  }

  /**
   * Write the queue with `commit`. The batch stays visible to reads while it is written; if the commit fails
   * it goes back to the front of the queue, so nothing is lost.
   */
  async write(commit: (batch: FailureRecord[]) => Promise<void>): Promise<number> {
    const batch = this.queued;
    if (batch.length === 0) return 0;
    this.queued = [];
    this.writing = batch;
    try {
      await commit(batch);
      return batch.length;
    } catch (err) {
      this.queued = [...batch, ...this.queued];
      throw err;
    } finally {
      this.writing = [];
    }
  }

  /** Uncommitted records that pass `keep`, newest version of each. */
  matching(keep: (record: FailureRecord) => boolean): FailureRecord[] {
    const byId = new Map<string, FailureRecord>();
    for (const record of [...this.writing, ...this.queued]) if (keep(record)) byId.set(record.id, record);
    return [...byId.values()];
  }

  /** Table rows with uncommitted versions replaced and uncommitted records added. */
  mergeRows(rows: FailureRecord[], keep: (record: FailureRecord) => boolean): FailureRecord[] {
    const pending = this.matching(keep);
    if (pending.length === 0) return rows;
    const ids = new Set(pending.map((r) => r.id));
    return [...rows.filter((r) => !ids.has(r.id)), ...pending];
  }

  /** The table's hits merged with uncommitted records scored exactly, best k. */
  mergeHits(hits: SearchHit[], vector: Float32Array, k: number, filter?: SearchFilter): SearchHit[] {
    const pending = this.matching((r) => (!filter?.embedder || r.embedder === filter.embedder) && (!filter?.provenOnly || r.fixSucceeded));
    if (pending.length === 0) return hits;
    const ids = new Set(pending.map((r) => r.id));
    const scored = pending.map(({ vector: stored, ...record }) => ({ record, similarity: cosine(vector, stored) }));
    return [...hits.filter((h) => !ids.has(h.record.id)), ...scored].sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }
}
