/**
 * FailureMemory: remembers test failures and the fixes that turned them green, recalls similar proven fixes
 * as hints (this project's by default; other projects' only above a stricter floor), and finds exact
 * recurrences whose fix can be replayed without a model call (the loop then checks that it worked).
 */
import { randomUUID } from "node:crypto";
import type { FailureQuery, MemoryPort, MemoryScope, RecalledFix, RunOutcome } from "../ports";
import { Redactor } from "../secrets/redact";
import type { Embedder } from "./embedder";
import type { OpenedMemoryStore } from "./openStore";
import { cap, type FailureRecord, type FailureRecordPatch, LIMITS } from "./records";
import type { MemoryLog, MemoryStore, SearchHit, SearchRecord } from "./store";
import { type CodeVerdict, codeMatchAdjustment, fixAppliesCleanly, fixContentKey, judgeFix } from "./storedFix";
import { contentHash, embeddingText, exactKey, failureText, redactFailure } from "./text";
import { exportJsonl, type ImportResult, importJsonl } from "./transfer";
import { EDIT_DIM, VectorLayout } from "./vectorLayout";

/**
 * Similarity floors: a hit below its floor is not shown. `change`: the query carries the developer's change
 * (the combined similarity); `failure`: it does not. Calibrated so that shown hints are of the right kind of
 * bug at least 80% of the time on every evaluation set (docs/MEMORY.md). A floor above 1 shows nothing: from
 * the failure alone no floor reached 80%, nor did any for this project's hints on BugsJS, where a project's
 * own close fixes share its idioms more than its kinds of bug.
 */
export type Floors = Record<"project" | "other", { change: number; failure: number }>;

const NEVER = 1.01;
export const FLOORS: Floors = { project: { change: NEVER, failure: NEVER }, other: { change: 0.9, failure: NEVER } };

/**
 * A store of `vectorLayout.ts` vectors of `embedder`; `floors` for the evaluation that calibrates them; `status`
 * as openFailureMemory found the store; `redactor` takes secrets out before anything is embedded or stored.
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
  project: { name: string; same: boolean };
  record: SearchRecord;
  components: { similarity: number; successRate: number; frequency: number; code?: CodeVerdict; edit?: number };
}

/** A fix attempt for known record ids (the id-based form of recordOutcome). */
export type FixAttempt = Pick<RunOutcome, "succeeded" | "iterations" | "tokens"> & {
  failureIds: string[];
  fixPatch: string;
};

/** Candidates fetched before the floors, the code check and de-duplication; at most MAX_HITS are shown. */
const SEARCH_K = 10;
const MAX_HITS = 3;
/** timesSeen at which the frequency component saturates at 1. */
const FREQUENCY_SATURATION = 20;

export class FailureMemory implements MemoryPort {
  readonly store: MemoryStore;
  readonly layout: VectorLayout;
  readonly status: MemoryStatus | undefined;
  private readonly floors: Floors;
  private readonly log: MemoryLog;
  private readonly now: () => number;
  private readonly redactor: Redactor;

  constructor(options: FailureMemoryOptions) {
    const { store, embedder } = options;
    this.layout = new VectorLayout(embedder, store.dim - EDIT_DIM);
    const { name, failureDim } = this.layout;
    if (store.embedder !== name || failureDim <= 0 || (embedder.dim > 0 && embedder.dim !== failureDim))
      throw new Error(
        `FailureMemory: store holds ${store.embedder}/${store.dim} vectors, not ${name} vectors of ${embedder.name}`,
      );
    this.store = store;
    this.floors = options.floors ?? FLOORS;
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.status = options.status;
    this.redactor = options.redactor ?? Redactor.fromEnvironment(process.env);
  }

  /**
   * Similar past failures with a proven fix, best first: this project's only (`scope` "project", the default),
   * or other projects' too ("all"), each above its floor (FLOORS shows no hint of this project's). The same
   * change is shown once.
   */
  async recall(query: FailureQuery, options: { scope?: MemoryScope; signal?: AbortSignal } = {}): Promise<MemoryHit[]> {
    const failure = redactFailure(query, this.redactor);
    const here = failure.project?.id;
    const onlyHere = (options.scope ?? "project") === "project";
    if (onlyHere && here === undefined) return [];
    const never = (floors: Floors["project"]) => floors.change > 1 && floors.failure > 1;
    // Nothing can clear such floors: not even the embedder is asked.
    if (never(this.floors.project) && (onlyHere || never(this.floors.other))) return [];
    const text = embeddingText(failure);
    const { vector, edit } = await this.layout.queryVector(text, failure.recentChange, options.signal);
    const floor = (same: boolean) => this.floors[same ? "project" : "other"][edit ? "change" : "failure"];
    // No similarity exceeds 1: with such floors (the failure alone, by default) there is nothing to search for.
    if (floor(true) > 1 && (onlyHere || floor(false) > 1)) return [];
    const project = onlyHere ? here : undefined;
    const candidates = await this.store.search(vector, SEARCH_K, { provenOnly: true, project });
    const seen = new Set<string>();
    return candidates
      .filter(({ record }) => record.fixSucceeded && record.fixPatch.trim() !== "")
      .map(({ record, similarity }) => {
        const code = judgeFix(record.fixPatch, failure.file, failure.codeContext);
        const edited = edit && this.layout.editSimilarity(edit, record.fixPatch);
        return this.toHit(record, this.layout.similarity(similarity, !!edit, true), here, code, edited);
      })
      .filter((hit) => hit.similarity >= floor(hit.project.same) && hit.components.code !== "applied")
      .sort((a, b) => b.score - a.score)
      .filter((hit) => !seen.has(fixContentKey(hit.fix)) && seen.add(fixContentKey(hit.fix)))
      .slice(0, MAX_HITS);
  }

  /**
   * A proven fix for exactly this failure: same project, same whole target file (`currentFileContent`), same
   * test files, same test and failure text, every SEARCH block occurring once, and a fix that worked at least
   * as often as it failed (replays taken back count against it). Best success rate wins.
   */
  async findReplay(query: FailureQuery, currentFileContent: string): Promise<MemoryHit | undefined> {
    const failure = redactFailure(query, this.redactor);
    const here = failure.project?.id;
    if (!failure.project || !failure.testFilesHash || failure.fileHash !== contentHash(currentFileContent)) return;
    return (await this.store.bySignature(exactKey(failure)))
      .filter((r) => r.project === here && r.fixSucceeded && r.fixPatch.trim() && 2 * r.timesSucceeded >= r.timesUsed)
      .filter((r) => fixAppliesCleanly(r.fixPatch, failure.file, currentFileContent))
      .map((record) => this.toHit(record, 1, here))
      .sort(
        (a, b) => b.components.successRate - a.components.successRate || b.record.lastSeenAt - a.record.lastSeenAt,
      )[0];
  }

  /**
   * Remember failures, secrets taken out first (one embedding call for all); one already known by its exact
   * key is counted again instead. Returns the record ids, in input order.
   */
  async recordFailures(queries: FailureQuery[], signal?: AbortSignal): Promise<string[]> {
    const fresh = new Map<string, { id: string; failure: FailureQuery }>();
    const now = this.now();
    const ids: string[] = [];
    for (const failure of queries.map((query) => redactFailure(query, this.redactor))) {
      const key = exactKey(failure);
      const [known] = await this.store.bySignature(key);
      if (known) await this.store.update(known.id, { timesSeen: known.timesSeen + 1, lastSeenAt: now });
      else if (!fresh.has(key)) fresh.set(key, { id: randomUUID(), failure });
      ids.push(known?.id ?? fresh.get(key)!.id);
    }
    if (!fresh.size) return ids;
    const entries = [...fresh.entries()];
    const texts = entries.map(([, { failure }]) => embeddingText(failure));
    const vectors = await this.layout.failureVectors(texts, signal);
    await this.store.add(entries.map(([key, { id, failure }], i) => this.newRecord(id, key, failure, vectors[i], now)));
    return ids;
  }

  /**
   * Record how an attempt ended, failed ones included, so success rates stay honest; a successful fix replaces
   * the stored one. A RunOutcome's failures are recorded first and its `usedIds` marked used.
   */
  async recordOutcome(outcome: RunOutcome | FixAttempt): Promise<void> {
    const fromLoop = !("failureIds" in outcome);
    const failureIds = new Set(fromLoop ? await this.recordFailures(outcome.failures) : outcome.failureIds);
    const fixPatch = this.redactor.redact(fromLoop ? outcome.fix : outcome.fixPatch);
    const fix = cap(fixPatch, LIMITS.fixPatch);
    for (const id of failureIds) {
      const record = await this.store.get(id);
      if (!record) continue;
      const patch: FailureRecordPatch = { ...counted(record, outcome.succeeded), lastSeenAt: this.now() };
      if (outcome.succeeded && fixPatch.trim()) {
        // The vector's fix part lets the next failure whose change this fix would undo find it.
        const vector = this.layout.withFix(record.vector, fix);
        const [iterations, tokens] = [clampInt(outcome.iterations), clampInt(outcome.tokens)];
        Object.assign(patch, { fixPatch: fix, fixSucceeded: true, vector, iterations, tokens });
      } else if (!record.fixSucceeded && fixPatch.trim()) patch.fixPatch = fix; // kept for inspection; never recalled
      await this.store.update(id, patch);
    }
    // A recalled record that is also one of this run's failures was counted above already.
    const used = fromLoop ? outcome.usedIds.filter((id) => !failureIds.has(id)) : [];
    await this.markUsed(used, outcome.succeeded);
  }

  /** Count a use of recalled/replayed records and whether the run then went green. */
  async markUsed(ids: string[], succeeded: boolean): Promise<void> {
    for (const id of new Set(ids)) {
      const record = await this.store.get(id);
      if (record) await this.store.update(id, counted(record, succeeded));
    }
  }

  /** Totals over all records; successRate is timesSucceeded / timesUsed (0 when unused). */
  async stats() {
    const records = await this.store.all();
    const sum = (pick: (r: FailureRecord) => number) => records.reduce((n, r) => n + pick(r), 0);
    const [timesUsed, timesSucceeded] = [sum((r) => r.timesUsed), sum((r) => r.timesSucceeded)];
    const counts = { records: records.length, withProvenFix: sum((r) => (r.fixSucceeded ? 1 : 0)) };
    const successRate = timesUsed ? timesSucceeded / timesUsed : 0;
    return { embedder: this.layout.name, dim: this.store.dim, ...counts, timesUsed, timesSucceeded, successRate };
  }

  /** Raw nearest records for free text (no floor, no re-ranking, every project): for inspection and tools. */
  async search(text: string, k = 10): Promise<SearchHit[]> {
    const { vector } = await this.layout.queryVector(this.redactor.redact(text));
    return (await this.store.search(vector, k)).map(({ record, similarity }) => ({
      record,
      similarity: this.layout.similarity(similarity, false, record.fixSucceeded),
    }));
  }

  /** Write all records to a JSONL file; returns how many. */
  exportJsonl = (path: string): Promise<number> => exportJsonl(this.store, path, this.redactor);

  /** Read a JSONL export; records of another embedder are re-embedded, known ids skipped. */
  importJsonl = (path: string): Promise<ImportResult> =>
    importJsonl(this.store, this.layout, path, this.log, this.redactor);

  /** Delete records not seen for `olderThanDays` (all when omitted), proven ones only without `keepSucceeded`. */
  async prune(options: { olderThanDays?: number; keepSucceeded?: boolean } = {}): Promise<number> {
    const { olderThanDays, keepSucceeded = true } = options;
    const cutoff = olderThanDays === undefined ? Infinity : this.now() - olderThanDays * 86_400_000;
    const doomed = (await this.store.all())
      .filter((r) => r.lastSeenAt < cutoff && !(keepSucceeded && r.fixSucceeded))
      .map((r) => r.id);
    if (doomed.length) await this.store.delete(doomed);
    return doomed.length;
  }

  close = (): Promise<void> => this.store.close();

  private toHit(record: SearchRecord, similarity: number, here?: string, code?: CodeVerdict, edit?: number): MemoryHit {
    const successRate = record.timesSucceeded / Math.max(record.timesUsed, 1);
    const frequency = Math.min(1, Math.log1p(record.timesSeen) / Math.log1p(FREQUENCY_SATURATION));
    // Similarity dominates, so a reliable but distant fix never outranks a close one by much.
    const score = 0.7 * similarity + 0.2 * successRate + 0.1 * frequency + codeMatchAdjustment(code);
    return {
      id: record.id,
      similarity,
      score,
      testId: record.testId,
      message: record.errorText.split("\n")[0],
      fix: record.fixPatch,
      project: { name: record.projectName, same: here !== undefined && record.project === here },
      record,
      components: { similarity, successRate, frequency, ...(code && { code }), ...(edit !== undefined && { edit }) },
      ...(edit !== undefined && { editMatch: Math.max(0, edit) }),
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

const counted = (record: FailureRecord, succeeded: boolean) => ({
  timesUsed: record.timesUsed + 1,
  timesSucceeded: record.timesSucceeded + (succeeded ? 1 : 0),
});

const clampInt = (value: number): number =>
  Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), 2 ** 31 - 1) : 0;
