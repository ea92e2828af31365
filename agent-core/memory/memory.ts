/**
 * FailureMemory: remembers test failures and the fixes that turned them green, recalls similar proven
 * fixes for the next attempt, and finds exact recurrences whose fix can be replayed without a model call.
 */
import { randomUUID } from "node:crypto";
import type { FailureQuery, MemoryPort, RecalledFix, RunOutcome } from "../ports";
import { codeMatchAdjustment, type CodeMatchWeights, type CodeVerdict, DEFAULT_CODE_MATCH, judgeFix } from "./codeMatch";
import type { Embedder } from "./embedder";
import { formatHits } from "./format";
import { cap, type FailureRecord, type FailureRecordPatch, LIMITS } from "./records";
import { fixAppliesCleanly } from "./replay";
import { codeContextHash, failureKey } from "./signature";
import type { MemoryLog, MemoryStore, SearchHit, SearchRecord } from "./store";
import { exportJsonl, importJsonl, type ImportResult } from "./transfer";
import { embeddingText, failureText } from "./text";
import { redactFailure } from "./redaction";
import { Redactor } from "../secrets/redact";
import { EDIT_DIM, VectorLayout } from "./vectorLayout";

export { embeddingText, failureText } from "./text";

/** Weights of the re-ranking score; similarity should dominate so noise never outranks a close match. */
export interface RankWeights {
  similarity: number;
  successRate: number;
  frequency: number;
}

/** Options for FailureMemory. */
export interface FailureMemoryOptions {
  /** Holds `vectorLayout.ts` vectors of this embedder (table named after `storedSpaceName`). */
  store: MemoryStore;
  embedder: Embedder;
  weights?: Partial<RankWeights>;
  /**
   * Re-ranking by the query's code: a fix already in place in the failing file is demoted (or dropped), one
   * whose SEARCH text occurs there is boosted, optionally a bonus for the same language and framework.
   */
  codeMatch?: Partial<CodeMatchWeights>;
  /** Hits below this cosine similarity are noise and never shown (default 0.55). */
  similarityFloor?: number;
  /** At most this many hits per recall (default 3). */
  maxHits?: number;
  /** Prompt budget for format() in tokens (default 600). */
  tokenBudget?: number;
  /** Candidates fetched before filtering and re-ranking (default 10). */
  searchK?: number;
  log?: MemoryLog;
  /** Clock, for tests. */
  now?: () => number;
  /** How the store was opened, for status displays (set by openFailureMemory). */
  status?: MemoryStatus;
  /** Takes secrets out of failures and fixes before they are embedded or stored (default: from `process.env`). */
  redactor?: Redactor;
}

/** Which backend holds the memory and whether it is degraded. */
export interface MemoryStatus {
  backend: "lancedb" | "builtin";
  /** False when memory lasts for this process only. */
  persistent: boolean;
  warning?: string;
}

/** A recalled fix with the record behind it (without its vector) and the parts of its score. */
export interface MemoryHit extends RecalledFix {
  record: SearchRecord;
  components: {
    similarity: number;
    successRate: number;
    frequency: number;
    /** What the fix would do to the query's code (absent for replays). */
    code?: CodeVerdict;
    /** Added to the weighted sum for the code verdict and toolchain match (0 when neutral). */
    codeAdjustment?: number;
    /** How much the fix looks like undoing the query's recent change (only when the query had one). */
    edit?: number;
  };
}

/** A fix attempt for known record ids (the id-based form of recordOutcome). */
export interface FixAttempt {
  failureIds: string[];
  fixPatch: string;
  succeeded: boolean;
  iterations: number;
  tokens: number;
}

/** Counts for status displays. */
export interface MemoryStats {
  embedder: string;
  dim: number;
  records: number;
  withProvenFix: number;
  timesUsed: number;
  timesSucceeded: number;
  /** timesSucceeded / timesUsed over all records, 0 when unused. */
  successRate: number;
}

const DEFAULT_WEIGHTS: RankWeights = { similarity: 0.7, successRate: 0.2, frequency: 0.1 };
/** timesSeen at which the frequency component saturates at 1. */
const FREQUENCY_SATURATION = 20;

/** The failure memory. Implements the loop's MemoryPort; see the module comment. */
export class FailureMemory implements MemoryPort {
  readonly store: MemoryStore;
  readonly embedder: Embedder;
  readonly layout: VectorLayout;
  readonly status: MemoryStatus | undefined;
  private readonly weights: RankWeights;
  private readonly codeMatch: CodeMatchWeights;
  private readonly floor: number;
  private readonly maxHits: number;
  private readonly tokenBudget: number;
  private readonly searchK: number;
  private readonly log: MemoryLog;
  private readonly now: () => number;
  private readonly redactor: Redactor;

  constructor(options: FailureMemoryOptions) {
    const layout = new VectorLayout(options.embedder, options.store.dim - EDIT_DIM);
    if (options.store.embedder !== layout.name || layout.failureDim <= 0 || (options.embedder.dim > 0 && options.embedder.dim !== layout.failureDim)) {
      throw new Error(`FailureMemory: store holds ${options.store.embedder}/${options.store.dim} vectors, not ${layout.name} vectors of ${options.embedder.name}`);
    }
    this.store = options.store;
    this.embedder = options.embedder;
    this.layout = layout;
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    this.codeMatch = { ...DEFAULT_CODE_MATCH, ...options.codeMatch };
    this.floor = options.similarityFloor ?? 0.55;
    this.maxHits = options.maxHits ?? 3;
    this.tokenBudget = options.tokenBudget ?? 600;
    this.searchK = options.searchK ?? 10;
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? Date.now;
    this.status = options.status;
    this.redactor = options.redactor ?? Redactor.fromEnvironment(process.env);
  }

  /**
   * Similar past failures with a proven fix, similarity ≥ floor, re-ranked, best first. The re-ranking also
   * judges each fix against the query's code: one already in place there is demoted (codeMatch.ts).
   */
  async recall(query: FailureQuery, signal?: AbortSignal): Promise<MemoryHit[]> {
    const failure = redactFailure(query, this.redactor);
    const { vector, edit } = await this.layout.queryVector(embeddingText(failure), failure.recentChange, signal);
    const candidates = await this.store.search(vector, this.searchK, { provenOnly: true });
    const hits = candidates
      .filter((c) => c.record.fixSucceeded && c.record.fixPatch.trim() !== "")
      .map((c) => ({ ...c, similarity: this.layout.similarity(c.similarity, edit !== undefined, true) }))
      .filter((c) => c.similarity >= this.floor)
      .map((c) => this.withCodeMatch(this.toHit(c), failure))
      .map((hit) => (edit ? withEditMatch(hit, this.layout.editSimilarity(edit, hit.fix)) : hit))
      .filter((hit) => !(this.codeMatch.dropApplied && hit.components.code === "applied"))
      .sort((a, b) => b.score - a.score);
    // Several records often carry the same fix; showing it twice wastes the budget.
    const seenFixes = new Set<string>();
    return hits.filter((hit) => !seenFixes.has(hit.fix) && seenFixes.add(hit.fix)).slice(0, this.maxHits);
  }

  /** Prompt section for hits within the configured token budget (MemoryPort). */
  format(hits: readonly RecalledFix[]): string {
    return formatHits(hits, this.tokenBudget);
  }

  /** Prompt section for hits within `tokenBudget` tokens. */
  formatHits(hits: readonly RecalledFix[], tokenBudget = this.tokenBudget): string {
    return formatHits(hits, tokenBudget);
  }

  /**
   * A proven fix for exactly this failure: same signature, same code context, fix succeeded, and every
   * SEARCH block of the fix occurs exactly once in `currentFileContent`. Best success rate wins.
   */
  async findReplay(query: FailureQuery, currentFileContent: string): Promise<MemoryHit | undefined> {
    const failure = redactFailure(query, this.redactor);
    if (!failure.codeContext.trim()) return undefined;
    const signature = failureKey(failure);
    const contextHash = codeContextHash(failure.codeContext);
    const candidates = (await this.store.bySignature(signature))
      .filter((r) => r.contextHash === contextHash && r.fixSucceeded && r.fixPatch.trim() !== "")
      .filter((r) => fixAppliesCleanly(r.fixPatch, failure.file, currentFileContent))
      .map((record) => this.toHit({ record, similarity: 1 }))
      .sort((a, b) => b.components.successRate - a.components.successRate || b.record.lastSeenAt - a.record.lastSeenAt);
    return candidates[0];
  }

  /**
   * Remember failures (one embedding call for all). A failure already known with the same signature and code
   * context is counted again (timesSeen++) instead of duplicated. Returns the record ids, in input order.
   * Secrets are taken out first, so signatures, vectors and stored text never see them.
   */
  async recordFailures(queries: FailureQuery[], signal?: AbortSignal): Promise<string[]> {
    const failures = queries.map((failure) => redactFailure(failure, this.redactor));
    const ids: string[] = [];
    const fresh: Array<{ index: number; failure: FailureQuery }> = [];
    const now = this.now();
    for (const [index, failure] of failures.entries()) {
      const signature = failureKey(failure);
      const contextHash = codeContextHash(failure.codeContext);
      const known = (await this.store.bySignature(signature)).find((r) => r.contextHash === contextHash);
      if (known) {
        await this.store.update(known.id, { timesSeen: known.timesSeen + 1, lastSeenAt: now });
        ids[index] = known.id;
      } else {
        fresh.push({ index, failure });
      }
    }
    if (fresh.length === 0) return ids;
    const vectors = await this.layout.failureVectors(fresh.map((f) => embeddingText(f.failure)), signal);
    const records = fresh.map(({ index, failure }, i): FailureRecord => {
      const id = randomUUID();
      ids[index] = id;
      return this.newRecord(id, failure, vectors[i], now);
    });
    await this.store.add(records);
    return ids;
  }

  /** Remember one failure; see recordFailures. */
  async recordFailure(failure: FailureQuery, signal?: AbortSignal): Promise<string> {
    return (await this.recordFailures([failure], signal))[0];
  }

  /**
   * Record how an attempt ended, failed ones included, so success rates stay honest: every failure's
   * timesUsed grows, timesSucceeded only on success, and a successful fix replaces the stored one.
   * Accepts the loop's RunOutcome (failures are recorded first; `usedIds` are marked used) or a FixAttempt.
   */
  async recordOutcome(outcome: RunOutcome | FixAttempt): Promise<void> {
    let failureIds: string[];
    let usedIds: string[] = [];
    if ("failureIds" in outcome) {
      failureIds = outcome.failureIds;
    } else {
      failureIds = await this.recordFailures(outcome.failures);
      usedIds = outcome.usedIds;
    }
    const fixPatch = this.redactor.redact("failureIds" in outcome ? outcome.fixPatch : outcome.fix);
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
        Object.assign(patch, { fixPatch: fix, fixSucceeded: true, vector: this.layout.withFix(record.vector, fix) });
        Object.assign(patch, { iterations: clampInt(outcome.iterations), tokens: clampInt(outcome.tokens) });
      } else if (!record.fixSucceeded && fixPatch.trim()) {
        // Keep the failed attempt for inspection; recall ignores records without a proven fix.
        patch.fixPatch = cap(fixPatch, LIMITS.fixPatch);
      }
      await this.store.update(id, patch);
    }
    // A recalled record that is also one of this run's failures was counted above already.
    await this.markUsed(
      usedIds.filter((id) => !unique.includes(id)),
      outcome.succeeded,
    );
    await this.store.flush();
  }

  /** Count a use of recalled/replayed records and whether the run then went green. */
  async markUsed(ids: string[], succeeded: boolean): Promise<void> {
    for (const id of new Set(ids)) {
      const record = await this.store.get(id);
      if (!record) continue;
      await this.store.update(id, {
        timesUsed: record.timesUsed + 1,
        timesSucceeded: record.timesSucceeded + (succeeded ? 1 : 0),
      });
    }
  }

  /** Totals over all records. */
  async stats(): Promise<MemoryStats> {
    const records = await this.store.all();
    const timesUsed = records.reduce((n, r) => n + r.timesUsed, 0);
    const timesSucceeded = records.reduce((n, r) => n + r.timesSucceeded, 0);
    return {
      embedder: this.layout.name,
      dim: this.store.dim,
      records: records.length,
      withProvenFix: records.filter((r) => r.fixSucceeded).length,
      timesUsed,
      timesSucceeded,
      successRate: timesUsed ? timesSucceeded / timesUsed : 0,
    };
  }

  /** Raw nearest records for free text (no floor, no re-ranking): for inspection and tools. */
  async search(text: string, k = 10): Promise<SearchHit[]> {
    const { vector } = await this.layout.queryVector(this.redactor.redact(text));
    const hits = await this.store.search(vector, k);
    return hits.map((hit) => ({ ...hit, similarity: this.layout.similarity(hit.similarity, false, hit.record.fixSucceeded) }));
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
    await this.store.flush();
    return doomed.length;
  }

  /** Flush and close the store. */
  async close(): Promise<void> {
    await this.store.close();
  }

  private toHit({ record, similarity }: SearchHit): MemoryHit {
    const successRate = record.timesSucceeded / Math.max(record.timesUsed, 1);
    const frequency = Math.min(1, Math.log1p(record.timesSeen) / Math.log1p(FREQUENCY_SATURATION));
    const w = this.weights;
    return {
      id: record.id,
      similarity,
      score: w.similarity * similarity + w.successRate * successRate + w.frequency * frequency,
      testId: record.testId,
      message: record.errorText.split("\n")[0] ?? "",
      fix: record.fixPatch,
      record,
      components: { similarity, successRate, frequency },
    };
  }

  /** Adjust a hit's score by what its fix would do to the failing file's code (see codeMatch.ts). */
  private withCodeMatch(hit: MemoryHit, failure: FailureQuery): MemoryHit {
    const code = judgeFix(hit.record.fixPatch, failure.file, failure.codeContext);
    const sameToolchain = hit.record.language === failure.language && hit.record.framework === failure.framework;
    const codeAdjustment = codeMatchAdjustment(code, sameToolchain, this.codeMatch);
    return { ...hit, score: hit.score + codeAdjustment, components: { ...hit.components, code, codeAdjustment } };
  }

  private newRecord(id: string, failure: FailureQuery, vector: Float32Array, now: number): FailureRecord {
    const field = (text: string) => cap(text, LIMITS.field);
    return {
      id,
      signature: failureKey(failure),
      contextHash: codeContextHash(failure.codeContext),
      errorText: cap(failureText(failure), LIMITS.errorText),
      testId: field(failure.testId),
      language: field(failure.language),
      framework: field(failure.framework),
      file: field(failure.file),
      codeContext: cap(failure.codeContext, LIMITS.codeContext),
      vector,
      embedder: this.layout.name,
      dim: vector.length,
      createdAt: now,
      lastSeenAt: now,
      timesSeen: 1,
      timesUsed: 0,
      timesSucceeded: 0,
      fixPatch: "",
      fixSucceeded: false,
      iterations: 0,
      tokens: 0,
    };
  }
}

function withEditMatch(hit: MemoryHit, edit: number): MemoryHit {
  return { ...hit, editMatch: Math.max(0, edit), components: { ...hit.components, edit } };
}

function clampInt(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.min(Math.round(value), 2 ** 31 - 1) : 0;
}
