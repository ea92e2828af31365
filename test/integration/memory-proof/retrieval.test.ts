import assert from "node:assert/strict";
import type { Embedder } from "../../../agent-core/memory/embedder";
import { withoutChanges } from "../../memory-proof/evaluate";
import { JS_MUTATIONS } from "../../memory-proof/jsCatalog";
import { buildLabeledSet, type LabeledSet } from "../../memory-proof/labeledSet";
import { scoreBy, scoreQueries } from "../../memory-proof/metrics";
import { PY_MUTATIONS } from "../../memory-proof/pyCatalog";
import { leaveOneMutantOut } from "../../memory-proof/retrieval";

/** Every text gets the same vector: retrieval then knows nothing, the control the floor must reject. */
class ConstantEmbedder implements Embedder {
  readonly name = "constant-control";
  readonly dim = 16;
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map(() => Float32Array.from({ length: this.dim }, () => 0.25));
  }
}

// Three classes whose symptoms differ (a guard that no longer raises, the wrong exception type, swapped
// arguments) in two languages. The full set with all nine classes is measured by evaluate.ts, see docs/MEMORY.md.
const SMALL = [
  "js-emitter-listener-guard",
  "js-strings-truncate-guard",
  "py-math-factorial-guard",
  "py-bank-self-guard",
  "py-calc-divide-guard",
  "js-collections-chunk-error",
  "js-jsonpath-syntax-error",
  "py-calc-divide-error",
  "py-bank-withdraw-error",
  "py-math-factorial-error",
  "py-orders-unknown-error",
  "py-dates-business-args",
  "py-orders-line-args",
  "js-collections-predicate-args",
];

// Three classes whose failures look alike (a wrong value comes back): only the code change tells them apart.
const LOOKALIKE = [
  "js-collections-chunk-slice",
  "py-math-fib-range",
  "ts-matrix-transpose-length",
  "py-math-factorial-range",
  "js-strings-truncate-cmp",
  "py-math-prime-cmp",
  "ts-roman-while-cmp",
  "js-limiter-acquire-cmp",
  "js-strings-palindrome-case",
  "ts-roman-upper-case",
  "py-calc-message-case",
  "py-dates-week-case",
];

/**
 * These check the ranking (embedder, edit shape, code judge) across programs, so they ask every program's
 * memory (scope "all") with one floor for all, not the calibrated floors (docs/MEMORY.md).
 */
const RANKING = {
  scope: "all" as const,
  floors: { project: { change: 0.55, failure: 0.55 }, other: { change: 0.55, failure: 0.55 } },
};

describe("memory proof: retrieval quality on real test failures", function () {
  this.timeout(120_000);
  let set: LabeledSet;
  let lookalike: LabeledSet;

  before(async () => {
    const catalog = [...JS_MUTATIONS, ...PY_MUTATIONS];
    const mutations = catalog.filter((m) => SMALL.includes(m.id));
    assert.equal(mutations.length, SMALL.length, "every chosen mutation is in the catalog");
    set = await buildLabeledSet(mutations, { concurrency: 3 });
    lookalike = await buildLabeledSet(
      catalog.filter((m) => LOOKALIKE.includes(m.id)),
      { concurrency: 3 },
    );
    assert.equal(lookalike.mutants.length, LOOKALIKE.length);
  });

  it("computes precision@3, recall@3 and the zero-hit share as defined", () => {
    const scores = scoreQueries([
      { bugClass: "a", hitClasses: ["a", "b", undefined] },
      { bugClass: "b", hitClasses: ["b"] },
      { bugClass: "a", hitClasses: [] },
      { bugClass: "c", hitClasses: ["a", "a", "a", "c"] },
    ]);
    assert.equal(scores.queries, 4);
    assert.ok(
      Math.abs(scores.precisionAtK - (1 / 3 + 1 + 0) / 3) < 1e-12,
      "mean over queries with hits; unlabeled hit is a miss; only the top 3 count",
    );
    assert.equal(scores.recallAtK, 2 / 4);
    assert.equal(scores.zeroHitShare, 1 / 4);
    assert.deepEqual(
      scoreBy(
        [
          { bugClass: "x", hitClasses: ["x"] },
          { bugClass: "y", hitClasses: ["x"] },
        ],
        (q) => q.bugClass,
      ).map(([g, s]) => [g, s.precisionAtK]),
      [
        ["x", 1],
        ["y", 0],
      ],
    );
  });

  it("labels every failure of a real test run with its class and reverting fix", () => {
    assert.ok(set.items.length >= 12, `at least 12 failures, got ${set.items.length}`);
    assert.deepEqual([...new Set(set.items.map((i) => i.language))].sort(), ["javascript", "python"]);
    assert.equal(new Set(set.items.map((i) => i.bugClass)).size, 3);
    assert.deepEqual(
      set.mutants.filter((m) => m.problem),
      [],
      "every mutant made a test fail",
    );
    for (const item of set.items) {
      assert.match(item.fix, /<<<<<<< SEARCH\n[\s\S]*\n=======\n[\s\S]*\n>>>>>>> REPLACE/);
      assert.ok(item.query.testId && item.query.errorText, `${item.mutant} has a test id and error text`);
      assert.equal(item.query.framework, item.language === "python" ? "pytest" : "node");
    }
  });

  it("carries the injected bug as the developer's uncommitted change, read with git", () => {
    for (const item of set.items) {
      assert.match(item.query.recentChange ?? "", /^@@ .* @@/, `${item.mutant} has a diff`);
      assert.match(item.query.recentChange ?? "", /^[-+]/m, `${item.mutant}: the diff changes lines`);
    }
  });

  it("recalls fixes of the same bug class with precision@3 >= 0.6 from the failure alone, and a knowledge-free embedder does not", async () => {
    const items = withoutChanges(set.items);
    const real = scoreQueries(await leaveOneMutantOut(items, { mode: "fast", ...RANKING }));
    const control = scoreQueries(
      await leaveOneMutantOut(items, { mode: "fast", ...RANKING, embedder: new ConstantEmbedder() }),
    );
    assert.ok(
      real.precisionAtK >= 0.6,
      `precision@3 ${real.precisionAtK.toFixed(2)} (recall@3 ${real.recallAtK.toFixed(2)})`,
    );
    assert.ok(
      control.precisionAtK < 0.6,
      `the control must fall below the floor, got ${control.precisionAtK.toFixed(2)}`,
    );
  });

  it("tells look-alike failures apart by the shape of the recent change, which the failure alone cannot", async () => {
    const withChange = scoreQueries(await leaveOneMutantOut(lookalike.items, { mode: "fast", ...RANKING }));
    const failureOnly = scoreQueries(
      await leaveOneMutantOut(withoutChanges(lookalike.items), { mode: "fast", ...RANKING }),
    );
    assert.ok(
      withChange.precisionAtK >= 0.8,
      `with the change: precision@3 ${withChange.precisionAtK.toFixed(2)} (recall@3 ${withChange.recallAtK.toFixed(2)})`,
    );
    assert.ok(
      failureOnly.precisionAtK < 0.6,
      `failure alone: precision@3 ${failureOnly.precisionAtK.toFixed(2)}; if this passes, the set no longer needs the change`,
    );
  });
});
