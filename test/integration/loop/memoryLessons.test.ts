import assert from "node:assert/strict";
import { formatLessons, HINT_TOKENS } from "../../../agent-core/loop/memoryLessons";
import { estimateTokens } from "../../../agent-core/loop/prompts";
import type { RecalledFix } from "../../../agent-core/ports";
import { block } from "../../support/cliHarness";

const BOUND_FIX = block(
  "src/window.ts",
  "function sum(values, n) {\n  let total = 0;\n  for (let i = 0; i < n; i++) total += values[i];",
  "function sum(values, n) {\n  let total = 0;\n  for (let i = 0; i <= n; i++) total += values[i];",
);
const hit = (over: Partial<RecalledFix> = {}): RecalledFix => ({
  id: "a",
  similarity: 0.9,
  score: 0.9,
  testId: "window > sums all values",
  message: "AssertionError: expected 6 to equal 10",
  fix: BOUND_FIX,
  project: { name: "shop", same: true },
  ...over,
});

describe("memory hints as lessons for a small model", () => {
  it("shows the failure and what the fix changed as a short diff, never as an edit block to paste", () => {
    const { text, shown } = formatLessons([hit()]);
    assert.equal(shown.length, 1);
    assert.match(text, /^## Lessons from earlier fixes\nExamples only/);
    assert.match(
      text,
      /1\. from this project: `window > sums all values` failed with "AssertionError: expected 6 to equal 10"\./,
    );
    assert.match(
      text,
      /changed src\/window\.ts:\n```diff\n {3}let total = 0;\n- {2}for \(let i = 0; i < n; i\+\+\) total \+= values\[i\];\n\+ {2}for \(let i = 0; i <= n; i\+\+\) total \+= values\[i\];\n```/,
    );
    assert.doesNotMatch(text, /<<<<<<<|=======|>>>>>>>/, "no SEARCH/REPLACE markers a model could copy");
    assert.doesNotMatch(text, /function sum/, "context is one line, not the whole block");
  });

  it("says truthfully where each lesson comes from", () => {
    const { text } = formatLessons([
      hit(),
      hit({
        id: "b",
        fix: BOUND_FIX.replace("src/window.ts", "lib/range.py"),
        project: { name: "billing-api", same: false },
      }),
      hit({ id: "c", project: undefined }),
    ]);
    assert.match(text, /1\. from this project:/);
    assert.match(text, /2\. from another project \(billing-api\):/);
    assert.match(text, /3\. from another project \(unknown\):/);
  });

  it("notes an undone change like the developer's only for a high edit match", () => {
    const { text } = formatLessons([hit({ editMatch: 0.9 }), hit({ id: "b", editMatch: 0.2 })]);
    assert.equal(text.match(/It undid a change like yours/g)?.length, 1, text);
  });

  it("keeps all lessons within the token cap, leaving out whole lessons rather than cutting one", () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      hit({ id: `h${i}`, testId: `window > case ${i} ${"x".repeat(80)}` }),
    );
    const { text, shown } = formatLessons(many);
    assert.ok(estimateTokens(text) <= HINT_TOKENS, `${estimateTokens(text)} tokens`);
    assert.ok(shown.length >= 1 && shown.length < many.length);
    assert.equal(text.match(/```diff/g)?.length, shown.length, "every shown lesson is whole");
    assert.deepEqual(formatLessons(many, 20), { text: "", shown: [] }, "no room: no lesson");
  });

  it("leaves out a fix too long to show as a short diff, and shows nothing for no hits", () => {
    const long = block(
      "a.js",
      Array.from({ length: 20 }, (_, i) => `x${i}();`).join("\n"),
      Array.from({ length: 20 }, (_, i) => `y${i}();`).join("\n"),
    );
    assert.deepEqual(formatLessons([hit({ fix: long })]), { text: "", shown: [] });
    assert.deepEqual(formatLessons([hit({ fix: "not an edit" })]), { text: "", shown: [] });
    assert.deepEqual(formatLessons([]), { text: "", shown: [] });
  });
});
