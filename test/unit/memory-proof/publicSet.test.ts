import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { storedBlocks } from "../../../agent-core/memory/storedFix";
import {
  fixOf,
  hunkSides,
  isSmallPatch,
  LABELS_FILE,
  loadPublicSet,
  PUBLIC_CLASSES,
  type PublicClass,
  parseTriggerTests,
  queryOf,
} from "../../memory-proof/public/dataset";

const CHANGE = [
  "--- a/src/Calc.java",
  "+++ b/src/Calc.java",
  "@@ -1,4 +1,4 @@",
  " int half(int n) {",
  "-  if (n <= 0) return 0;",
  "+  if (n < 0) return 0;",
  "   return n / 2;",
  " }",
  "",
].join("\n");

describe("public real-bug set", () => {
  it("reads a trigger-tests file: message, JUnit values as expected/actual lines, the project's own frames", () => {
    const text = [
      "--- org.example.CalcTest::testHalf",
      "junit.framework.AssertionFailedError: expected:<0> but was:<-1>",
      "\tat junit.framework.Assert.fail(Assert.java:47)",
      "\tat org.example.Calc.half(Calc.java:2)",
      "\tat org.example.CalcTest.testHalf(CalcTest.java:9)",
      "\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
      "--- org.example.CalcTest::testNull",
      "java.lang.NullPointerException",
      "\tat org.example.Calc.parse(Calc.java:7)",
    ].join("\n");
    const [first, second, ...rest] = parseTriggerTests(text);
    assert.equal(rest.length, 0);
    assert.equal(first.testId, "org.example.CalcTest::testHalf");
    assert.equal(first.message, "junit.framework.AssertionFailedError: expected:<0> but was:<-1>");
    assert.deepEqual(first.errorText.split("\n").slice(1), [
      "expected 0",
      "actual -1",
      "    at org.example.Calc.half (Calc.java:2)",
      "    at org.example.CalcTest.testHalf (CalcTest.java:9)",
    ]);
    assert.equal(second.message, "java.lang.NullPointerException");
  });

  it("keeps one-hunk patches of few lines only", () => {
    assert.equal(isSmallPatch(`diff --git a/x b/x\n${CHANGE}`), true);
    const twoHunks = `diff --git a/x b/x\n${CHANGE}@@ -9,1 +9,1 @@\n-a\n+b\n`;
    assert.equal(isSmallPatch(twoHunks), false);
  });

  it("turns the change (fixed → buggy) into the fix memory stores: SEARCH holds the bug, REPLACE the fix", () => {
    const { before, after } = hunkSides(CHANGE);
    assert.match(before, /n <= 0/);
    assert.match(after, /n < 0/);
    const [block] = storedBlocks(fixOf({ file: "src/Calc.java", change: CHANGE })) ?? [];
    assert.equal(block.path, "src/Calc.java");
    assert.match(block.search, /if \(n < 0\)/);
    assert.match(block.replace, /if \(n <= 0\)/);
  });

  it("the frozen set: every bug labelled as labels.json says, with its source and its failing tests", () => {
    const set = loadPublicSet();
    const labels = JSON.parse(readFileSync(LABELS_FILE, "utf8")) as Record<string, { class: string }>;
    assert.equal(set.bugs.length, Object.keys(labels).length);
    for (const bug of set.bugs) {
      assert.equal(bug.label, labels[bug.id]?.class, bug.id);
      assert.ok(PUBLIC_CLASSES.includes(bug.label as PublicClass), bug.id);
      assert.match(bug.source.commit, /^[0-9a-f]{40}$/);
      assert.ok(bug.failures.length >= 1 && bug.failures.length <= 3, bug.id);
      assert.ok(storedBlocks(fixOf(bug)), `${bug.id}: fix is not readable as SEARCH/REPLACE`);
      const query = queryOf(bug, bug.failures[0], true);
      assert.equal(query.recentChange, bug.change);
      assert.equal(query.project?.id, `defects4j:${bug.project}`);
    }
  });
});
