/**
 * FailureMemory: remembers test failures and the fixes that turned them green, recalls similar proven fixes
 * as hints (this project's by default; other projects' only above a stricter floor), and finds exact
 * recurrences whose fix can be replayed without a model call (the loop then checks that it worked).
 */
import { randomUUID } from "node:crypto";
import type { FailureQuery, MemoryPort, MemoryScope, RecalledFix, RunOutcome } from "../ports";
import { Redactor } from "../secrets/redact";
import { type CodeVerdict, codeMatchAdjustment, judgeFix } from "./codeMatch";
import type { Embedder } from "./embedder";
import type { OpenedMemoryStore } from "./openStore";
import { cap, type FailureRecord, type FailureRecordPatch, LIMITS } from "./records";
import { fixAppliesCleanly, fixContentKey } from "./replay";
import { contentHash, exactKey } from "./signature";
import type { MemoryLog, MemoryStore, SearchHit, SearchRecord } from "./store";
import { embeddingText, failureText, redactFailure } from "./text";
import { exportJsonl, type ImportResult, importJsonl } from "./transfer";
import { EDIT_DIM, VectorLayout } from "./vectorLayout";

/**
 * Similarity floors: a hit below its floor is not shown. `change`: the query carries the developer's change
 * (the combined similarity); `failure`: it does not (the failure similarity). Calibrated so that shown hints
 * are of the right kind of bug at least 80% of the time on the labeled set, its holdout and the public
 * Defects4J set (docs/MEMORY.md): this project's from 0.85, other projects' from 0.9. From the failure
 * alone no floor reached 80% on any of them, so without a change no hint is shown (a floor above 1).
 */
export interface Floors {
  project: { change: number; failure: number };
  other: { change: number; failure: number };
}

export const FLOORS: Floors = { project: { change: 0.85, failure: 1.01 }, other: { change: 0.9, failure: 1.01 } };

/**
 * Options for FailureMemory: a store of `vectorLayout.ts` vectors of `embedder`; `floors` other than FLOORS
 * for the evaluation that calibrates them; `now` for tests; `status` as openFailureMemory found the store;
 * `redactor` takes secrets out of failures and fixes before anything is embedded or stored (default: from
 * `process.env`).
 */
export interface FailureMemoryOptions {
  store: MemoryStore;
  embedder: Embedder;
  floors?: Floors;
  log?: MemoryLog;
  now?: () => number;
  status?: MemoryStatus;
  redactor?: Redactor;
}

/** Which backend holds the memory and whether it is degraded (`persistent` false: this process only). */
export type MemoryStatus = Pick<OpenedMemoryStore, "backend" | "persistent" | "warning">;

/**
 * A recalled fix with the record behind it and the parts of its score: `code` is what the fix would do to the
 * query's code (absent for replays), `edit` how much it looks like undoing the query's change (when it had one).
 */
export interface MemoryHit extends RecalledFix {
  record: SearchRecord;
  components: { similarity: number; successRate: number; frequency: number; code?: CodeVerdict; edit?: number };
}

/** A fix attempt for known record ids (the id-based form of recordOutcome). */
export type FixAttempt = Pick<RunOutcome, "succeeded" | "iterations" | "tokens"> & {
  failureIds: string[];
  fixPatch: string;
};

/** Counts for status displays; successRate is timesSucceeded / timesUsed over all records (0 when unused). */
export type MemoryStats = Record<
  "dim" | "records" | "withProvenFix" | "timesUsed" | "timesSucceeded" | "successRate",
  number
> & { embedder: string };

/** Candidates fetched before the floors, the code check and de-duplication; at most MAX_HITS are shown. */
const SEARCH_K = 10;
const MAX_HITS = 3;
/** timesSeen at which the frequency component saturates at 1. */
const FREQUENCY_SATURATION = 20;

/** The failure memory. Implements the loop's MemoryPort; see the module comment. */
export class FailureMemory implements MemoryPort {
  readonly store: MemoryStore;
  readonly layout: VectorLayout;
  readonly status: MemoryStatus | undefined;
  private readonly floors: Floors;
  private readonly log: MemoryLog;
  private readonly now: () => number;
  private readonly redactor: Redactor;

  constructor(options: FailureMemoryOptions) {
    const layout = new VectorLayout(options.embedder, options.store.dim - EDIT_DIM);
    if (
      options.store.embedder !== layout.name ||
      layout.failureDim <= 0 ||
      (options.embedder.dim > 0 && options.embedder.dim !== layout.failureDim)
    ) {
      throw new Error(
        `FailureMemory: store holds ${options.store.embedder}/${options.store.dim} vectors, not ${layout.name} vectors of ${options.embedder.name}`,
      );
    }
    this.store = options.store;
    this.layout = layout;
    this.floors = options.floors ?? FLOORS;
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.status = options.status;
    this.redactor = options.redactor ?? Redactor.fromEnvironment(process.env);
  }

  /**
   * Similar past failures with a proven fix, best first: this project's only (`scope` "project", the default),
   * or other projects' too above their stricter floor ("all"). A fix already in place in the query's code is
   * dropped, one whose SEARCH text occurs there gains a little; the same change is shown once.
   */
  async recall(query: FailureQuery, options: { scope?: MemoryScope; signal?: AbortSignal } = {}): Promise<MemoryHit[]> {
    const failure = redactFailure(query, this.redactor);
    const here = failure.project?.id;
    const onlyHere = (options.scope ?? "project") === "project";
    if (onlyHere && here === undefined) return [];
    const { vector, edit } = await this.layout.queryVector(
      embeddingText(failure),
      failure.recentChange,
      options.signal,
    );
    const floors = (same: boolean) => this.floors[same ? "project" : "other"][edit ? "change" : "failure"];
    // No similarity exceeds 1: with such floors (the failure alone, by default) there is nothing to search for.
    if (floors(true) > 1 && (onlyHere || floors(false) > 1)) return [];
    const candidates = await this.store.search(vector, SEARCH_K, {
      provenOnly: true,
      ...(onlyHere ? { project: here } : {}),
    });
    const hits = candidates
      .filter((c) => c.record.fixSucceeded && c.record.fixPatch.trim() !== "")
      .map((c) => ({ ...c, similarity: this.layout.similarity(c.similarity, edit !== undefined, true) }))
      .filter((c) => c.similarity >= floors(c.record.project === here))
      .map((c) => this.toHit(c, here))
      .map((hit) => {
        const code = judgeFix(hit.fix, failure.file, failure.codeContext);
        const editMatch = edit ? this.layout.editSimilarity(edit, hit.fix) : undefined;
        const components = { ...hit.components, code, ...(editMatch === undefined ? {} : { edit: editMatch }) };
        return {
          ...hit,
          score: hit.score + codeMatchAdjustment(code),
          components,
          ...(editMatch === undefined ? {} : { editMatch: Math.max(0, editMatch) }),
        };
      })
      .filter((hit) => hit.components.code !== "applied")
      .sort((a, b) => b.score - a.score);
    const seen = new Set<string>();
    return hits
      .filter((hit) => !seen.has(fixContentKey(hit.fix)) && seen.add(fixContentKey(hit.fix)))
      .slice(0, MAX_HITS);
  }

  /**
   * A proven fix for exactly this failure: same project, same whole target file (`currentFileContent`), same
   * test files, same test and failure text, every SEARCH block occurring once, and a fix that worked at least
   * as often as it failed. Best success rate wins.
   */
  async findReplay(query: FailureQuery, currentFileContent: string): Promise<MemoryHit | undefined> {
    const failure = redactFailure(query, this.redactor);
    if (!failure.project || !failure.testFilesHash || failure.fileHash !== contentHash(currentFileContent))
      return undefined;
    const candidates = (await this.store.bySignature(exactKey(failure)))
      // A fix that failed more often than it worked here (replays taken back) is left to the model.
      .filter(
        (r) =>
          r.project === failure.project?.id &&
          r.fixSucceeded &&
          r.fixPatch.trim() !== "" &&
          2 * r.timesSucceeded >= r.timesUsed,
      )
      .filter((r) => fixAppliesCleanly(r.fixPatch, failure.file, currentFileContent))
      .map((record) => this.toHit({ record, similarity: 1 }, failure.project?.id))
      .sort((a, b) => b.components.successRate - a.components.successRate || b.record.lastSeenAt - a.record.lastSeenAt);
    return candidates[0];
  }

  /**
   * Remember failures (one embedding call for all). A failure already known with the same exact key is
   * counted again (timesSeen++) instead of duplicated. Returns the record ids, in input order. Secrets are
   * taken out first, so keys, vectors and stored text never see them.
   */
  async recordFailures(queries: FailureQuery[], signal?: AbortSignal): Promise<string[]> {
    const failures = queries.map((failure) => redactFailure(failure, this.redactor));
    const ids: string[] = [];
    const fresh = new Map<string, { id: string; failure: FailureQuery }>();
    const now = this.now();
    for (const [index, failure] of failures.entries()) {
      const key = exactKey(failure);
      const known = (await this.store.bySignature(key))[0];
      if (known) await this.store.update(known.id, { timesSeen: known.timesSeen + 1, lastSeenAt: now });
      else if (!fresh.has(key)) fresh.set(key, { id: randomUUID(), failure });
      ids[index] = known?.id ?? fresh.get(key)!.id;
    }
    const entries = [...fresh.entries()];
    const vectors = entries.length
      ? await this.layout.failureVectors(
          entries.map(([, f]) => embeddingText(f.failure)),
          signal,
        )
      : [];
    const records = entries.map(([key, { id, failure }], i) => this.newRecord(id, key, failure, vectors[i], now));
    if (records.length) await this.store.add(records);
    return ids;
  }

  /**
   * Record how an attempt ended, failed ones included, so success rates stay honest: every failure's
   * timesUsed grows, timesSucceeded only on success, and a successful fix replaces the stored one.
   * Accepts the loop's RunOutcome (failures are recorded first; `usedIds` are marked used) or a FixAttempt.
   */
  async recordOutcome(outcome: RunOutcome | FixAttempt): Promise<void> {
    const fromLoop = !("failureIds" in outcome);
    const failureIds = fromLoop ? await this.recordFailures(outcome.failures) : outcome.failureIds;
    const fixPatch = this.redactor.redact(fromLoop ? outcome.fix : outcome.fixPatch);
    const unique = [...new Set(failureIds)];
    for (const id of unique) {
      const record = await this.store.get(id);
      if (!record) continue;
      const patch: FailureRecordPatch = {
        timesUsed: record.timesUsed + 1,
        timesSucceeded: record.timesSucceeded + (outcome.succeeded ? 1 : 0),
        lastSeenAt: this.now(),
      };
      if (outcome.succeeded && fixPatch.trim()) {
        const fix = cap(fixPatch, LIMITS.fixPatch);
        // The vector's fix part lets the next failure whose change this fix would undo find it.
        Object.assign(patch, {
          fixPatch: fix,
          fixSucceeded: true,
          vector: this.layout.withFix(record.vector, fix),
          iterations: clampInt(outcome.iterations),
          tokens: clampInt(outcome.tokens),
        });
      } else if (!record.fixSucceeded && fixPatch.trim()) {
        // Keep the failed attempt for inspection; recall ignores records without a proven fix.
        patch.fixPatch = cap(fixPatch, LIMITS.fixPatch);
      }
      await this.store.update(id, patch);
    }
    // A recalled record that is also one of this run's failures was counted above already.
    const used = fromLoop ? outcome.usedIds.filter((id) => !unique.includes(id)) : [];
    await this.markUsed(used, outcome.succeeded);
  }

  /** Count a use of recalled/replayed records and whether the run then went green. */
  async markUsed(ids: string[], succeeded: boolean): Promise<void> {
    for (const id of new Set(ids)) {
      const record = await this.store.get(id);
      if (record)
        await this.store.update(id, {
          timesUsed: record.timesUsed + 1,
          timesSucceeded: record.timesSucceeded + (succeeded ? 1 : 0),
        });
    }
  }

  /** Totals over all records. */
  async stats(): Promise<MemoryStats> {
    const records = await this.store.all();
    const sum = (pick: (r: FailureRecord) => number) => records.reduce((n, r) => n + pick(r), 0);
    const [timesUsed, timesSucceeded, withProvenFix] = [
      sum((r) => r.timesUsed),
      sum((r) => r.timesSucceeded),
      sum((r) => (r.fixSucceeded ? 1 : 0)),
    ];
    return {
      embedder: this.layout.name,
      dim: this.store.dim,
      records: records.length,
      withProvenFix,
      timesUsed,
      timesSucceeded,
      successRate: timesUsed ? timesSucceeded / timesUsed : 0,
    };
  }

  /** Raw nearest records for free text (no floor, no re-ranking, every project): for inspection and tools. */
  async search(text: string, k = 10): Promise<SearchHit[]> {
    const { vector } = await this.layout.queryVector(this.redactor.redact(text));
    const hits = await this.store.search(vector, k);
    return hits.map((hit) => ({
      ...hit,
      similarity: this.layout.similarity(hit.similarity, false, hit.record.fixSucceeded),
    }));
  }

  /** Write all records to a JSONL file; returns how many. */
  async exportJsonl(path: string): Promise<number> {
    return exportJsonl(this.store, path, this.redactor);
  }

  /** Read a JSONL export; records of another embedder are re-embedded, known ids skipped. */
  async importJsonl(path: string): Promise<ImportResult> {
    return importJsonl(this.store, this.layout, path, this.log, this.redactor);
  }

  /**
   * Delete records not seen for `olderThanDays` (all ages when omitted); records with a proven fix are kept
   * unless `keepSucceeded` is false. Returns how many were deleted.
   */
  async prune(options: { olderThanDays?: number; keepSucceeded?: boolean } = {}): Promise<number> {
    const keepSucceeded = options.keepSucceeded ?? true;
    const cutoff = options.olderThanDays === undefined ? Infinity : this.now() - options.olderThanDays * 86_400_000;
    const doomed = (await this.store.all())
      .filter((r) => r.lastSeenAt < cutoff && !(keepSucceeded && r.fixSucceeded))
      .map((r) => r.id);
    if (doomed.length) await this.store.delete(doomed);
    return doomed.length;
  }

  /** Close the store. */
  async close(): Promise<void> {
    await this.store.close();
  }

  private toHit({ record, similarity }: SearchHit, here: string | undefined): MemoryHit {
    const successRate = record.timesSucceeded / Math.max(record.timesUsed, 1);
    const frequency = Math.min(1, Math.log1p(record.timesSeen) / Math.log1p(FREQUENCY_SATURATION));
    // Similarity dominates, so a reliable but distant fix never outranks a close one by much.
    const score = 0.7 * similarity + 0.2 * successRate + 0.1 * frequency;
    const project = { name: record.projectName, same: here !== undefined && record.project === here };
    const message = record.errorText.split("\n")[0] ?? "";
    return {
      id: record.id,
      similarity,
      score,
      testId: record.testId,
      message,
      fix: record.fixPatch,
      project,
      record,
      components: { similarity, successRate, frequency },
    };
  }

  private newRecord(id: string, key: string, failure: FailureQuery, vector: Float32Array, now: number): FailureRecord {
    const field = (text: string) => cap(text, LIMITS.field);
    return {
      id,
      signature: key,
      project: failure.project?.id ?? "",
      projectName: field(failure.project?.name ?? ""),
      testId: field(failure.testId),
      language: field(failure.language),
      framework: field(failure.framework),
      file: field(failure.file),
      errorText: cap(failureText(failure), LIMITS.errorText),
      codeContext: cap(failure.codeContext, LIMITS.codeContext),
      vector,
      embedder: this.layout.name,
      dim: vector.length,
      createdAt: now,
      lastSeenAt: now,
      ...{ timesSeen: 1, timesUsed: 0, timesSucceeded: 0, iterations: 0, tokens: 0 },
      fixPatch: "",
      fixSucceeded: false,
    };
  }
}

function clampInt(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), 2 ** 31 - 1) : 0;
}
