import assert from "node:assert/strict";
import { blocksOnlyApplier, currentApplier } from "../../support/editAnswers/appliers";
import { buildCorpus, type CorpusScore, correctShare, scoreCorpus } from "../../support/editAnswers/corpus";
import { SCENARIOS } from "../../support/editAnswers/scenarios";

function describeMisses(score: CorpusScore, which: (o: CorpusScore["outcomes"][number]) => boolean): string {
  return score.outcomes
    .filter(which)
    .map((o) => `  ${o.id} (${o.verdict}): ${o.feedback.join(" | ").slice(0, 300)}`)
    .join("\n");
}

describe("edit-answer corpus", () => {
  const corpus = buildCorpus();

  it("holds at least 150 answers with unique ids, covering every answer format", () => {
    assert.ok(corpus.length >= 150, `only ${corpus.length} answers`);
    assert.equal(new Set(corpus.map((c) => c.id)).size, corpus.length);
    for (const format of ["search-replace", "whole", "udiff", "none"] as const) {
      assert.ok(
        corpus.some((c) => c.answerFormat === format),
        `no ${format} answers`,
      );
    }
    assert.ok(corpus.filter((c) => c.expect === "reject").length >= 30, "too few answers that must be rejected");
  });

  it("scenario fixes are consistent: each region occurs once and together they give the intended file", () => {
    for (const s of SCENARIOS) {
      let text = s.before.replace(/\r\n/g, "\n");
      for (const r of s.regions) {
        assert.equal(text.split(r.search).length, 2, `${s.name}: region not unique: ${r.search}`);
        text = text.replace(r.search, r.replace);
      }
      assert.equal(text, s.after.replace(/\r\n/g, "\n"), s.name);
    }
  });

  it("applies ≥ 95% of unambiguous answers correctly, per answer format, and never applies one wrongly", async () => {
    const score = await scoreCorpus(corpus, currentApplier);
    const wrong = describeMisses(score, (o) => o.verdict === "wrong");
    assert.equal(score.all.wrong, 0, `applied wrongly:\n${wrong}`);
    for (const format of ["search-replace", "whole", "udiff"] as const) {
      const s = score.byFormat[format];
      const misses = describeMisses(
        score,
        (o) => o.answerFormat === format && !o.expectedReject && o.verdict !== "correct",
      );
      assert.ok(correctShare(s) >= 0.95, `${format}: ${s.correct} of ${s.unambiguous} applied correctly\n${misses}`);
    }
    assert.ok(correctShare(score.all) >= 0.95);
  });

  it("is beyond the blocks-only reading the loop had before edit formats (the corpus can fail)", async () => {
    const before = await scoreCorpus(corpus, blocksOnlyApplier);
    assert.equal(before.byFormat.whole.correct, 0);
    assert.equal(before.byFormat.udiff.correct, 0);
    assert.ok(before.all.wrong > 0, "lazy REPLACE sections were written");
  });
});
