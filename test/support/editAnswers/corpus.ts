/**
 * The edit-answer corpus: every scenario answered in every way of `VARIANTS`, plus the hand-written cases.
 * Each case says which files must change to what, or that nothing may change.
 */

import { laterCases } from "./later";
import { SCENARIOS } from "./scenarios";
import { specialCases } from "./special";
import type { AnswerApplier, AnswerFormat, CaseVerdict, CorpusCase } from "./types";
import { VARIANTS } from "./variants";

export type { AnswerApplier, AnswerFormat, AppliedAnswer, CaseVerdict, CorpusCase } from "./types";

/** Builds the whole corpus (deterministic). */
export function buildCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const s of SCENARIOS) {
    for (const v of VARIANTS) {
      const answer = v.answer(s);
      if (answer === undefined) continue;
      cases.push({
        id: `${s.name}/${v.name}`,
        category: v.category,
        asked: v.asked,
        answerFormat: v.answerFormat,
        target: s.target,
        files: { [s.target]: s.before, ...s.tests },
        shown: [s.target, ...Object.keys(s.tests)],
        answer,
        expect: v.expect ? v.expect(s) : { [s.target]: s.after },
      });
    }
  }
  cases.push(...specialCases(), ...laterCases());
  return cases;
}

/** Compares what an applier produced with what the case expects. */
export function judge(c: CorpusCase, after: Record<string, string>): CaseVerdict {
  const changed = new Set(Object.keys(after).filter((p) => after[p] !== c.files[p]));
  for (const p of Object.keys(c.files)) if (!(p in after)) changed.add(p);
  if (changed.size === 0) return "rejected";
  if (c.expect === "reject") return "wrong";
  const expected = c.expect;
  const same =
    changed.size === Object.keys(expected).length &&
    [...changed].every((p) => p in expected && after[p] === expected[p]);
  return same ? "correct" : "wrong";
}

export interface FormatScore {
  /** Answers whose intended result is a change. */
  unambiguous: number;
  correct: number;
  /** Answers that changed nothing (whether or not they should have). */
  rejected: number;
  /** Of the rejected, the ones that had to be. */
  rejectedAsExpected: number;
  wrong: number;
  total: number;
}

export interface CaseOutcome {
  id: string;
  answerFormat: AnswerFormat;
  verdict: CaseVerdict;
  expectedReject: boolean;
  feedback: string[];
}

export interface CorpusScore {
  byFormat: Record<AnswerFormat, FormatScore>;
  all: FormatScore;
  outcomes: CaseOutcome[];
}

const emptyScore = (): FormatScore => ({
  unambiguous: 0,
  correct: 0,
  rejected: 0,
  rejectedAsExpected: 0,
  wrong: 0,
  total: 0,
});

/** Runs every case through `apply` and counts, per answer format and in all. */
export async function scoreCorpus(cases: readonly CorpusCase[], apply: AnswerApplier): Promise<CorpusScore> {
  const byFormat: Record<AnswerFormat, FormatScore> = {
    "search-replace": emptyScore(),
    whole: emptyScore(),
    udiff: emptyScore(),
    none: emptyScore(),
  };
  const all = emptyScore();
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    let result: { files: Record<string, string>; feedback: string[] };
    try {
      result = await apply(c);
    } catch (error) {
      // A crash on an answer counts as changing nothing, with the error as its feedback.
      result = { files: { ...c.files }, feedback: [`applier threw: ${(error as Error).message}`] };
    }
    const verdict = judge(c, result.files);
    const expectedReject = c.expect === "reject";
    outcomes.push({ id: c.id, answerFormat: c.answerFormat, verdict, expectedReject, feedback: result.feedback });
    for (const s of [byFormat[c.answerFormat], all]) {
      s.total++;
      if (!expectedReject) s.unambiguous++;
      if (verdict === "correct") s.correct++;
      if (verdict === "wrong") s.wrong++;
      if (verdict === "rejected") {
        s.rejected++;
        if (expectedReject) s.rejectedAsExpected++;
      }
    }
  }
  return { byFormat, all, outcomes };
}

/** Share of unambiguous answers applied correctly (1 when there are none). */
export function correctShare(s: FormatScore): number {
  return s.unambiguous === 0 ? 1 : s.correct / s.unambiguous;
}
