import assert from "node:assert/strict";
import { storedBlocks } from "../../../agent-core/memory/storedFix";
import { newFailures, parseMochaJson, patternLabel, smallChange } from "../../memory-proof/public/bugsjs";
import { BUGSJS_SET_FILE, fixOf, loadPublicSet, queryOf, sameKind } from "../../memory-proof/public/dataset";

const diffOf = (hunks: string[], files = 1) =>
  Array.from({ length: files }, (_, i) =>
    [
      `diff --git a/lib/f${i}.js b/lib/f${i}.js`,
      "index 1..2 100644",
      `--- a/lib/f${i}.js`,
      `+++ b/lib/f${i}.js`,
      ...hunks,
    ].join("\n"),
  ).join("\n");
const hunk = (at: number, changed = 1) =>
  [`@@ -${at},3 +${at},3 @@`, " a", ...Array.from({ length: changed }, (_, i) => `-x${i}\n+y${i}`), " b"].join("\n");

describe("BugsJS set", () => {
  it("finds mocha's JSON report after lines the code under test printed (json and json-cov reporters)", () => {
    const report = { stats: { failures: 1 }, failures: [{ fullTitle: "a b", err: { message: "boom" } }] };
    const cov = { instrumentation: "node-jscoverage", files: [], ...report };
    for (const body of [report, cov]) {
      const text = `v0.0.1\nGET /{ not json\n${JSON.stringify(body, null, 2)}\n`;
      assert.deepEqual(parseMochaJson(text)?.failures, report.failures);
    }
    assert.equal(parseMochaJson("Completed in 22ms\n{ nope\n"), undefined);
  });

  it("keeps the failures the fix's tests bring, with their message and mocha's values, run folder removed", () => {
    const before = { failures: [{ fullTitle: "auth fails here anyway", err: { message: "ECONNREFUSED" } }] };
    const withTests = {
      failures: [
        { fullTitle: "auth fails here anyway", err: { message: "ECONNREFUSED" } },
        { fullTitle: "no message (json-cov)" },
        {
          fullTitle: "OPTIONS lists each method once",
          err: {
            message: "\u001b[31mexpected 'GET,PUT'\u001b[39m at /data/Express_1_only_test_changes/express/lib/x.js:3",
            expected: "GET,PUT",
            actual: {},
          },
        },
        { fullTitle: "is() tells", err: { message: "expected false to be true", expected: true, actual: false } },
      ],
    };
    assert.deepEqual(newFailures(withTests, before), [
      {
        testId: "OPTIONS lists each method once",
        message: "expected 'GET,PUT' at lib/x.js:3",
        errorText: "expected 'GET,PUT' at lib/x.js:3\nexpected GET,PUT",
      },
      {
        testId: "is() tells",
        message: "expected false to be true",
        errorText: "expected false to be true\nexpected true\nactual false",
      },
    ]);
  });

  it("labels a bug by BugsJS's fix patterns, each once and sorted", () => {
    assert.equal(patternLabel("IF-CC,MD-ADD, MD-ADD,AS-CE"), "AS-CE,IF-CC,MD-ADD");
    assert.equal(patternLabel(""), "");
  });

  it("keeps one-file changes of at most 3 hunks and 12 changed lines", () => {
    assert.equal(smallChange(diffOf([hunk(1), hunk(20), hunk(40)]))?.file, "lib/f0.js");
    assert.equal(smallChange(diffOf([hunk(1), hunk(20), hunk(40), hunk(60)])), undefined);
    assert.equal(smallChange(diffOf([hunk(1, 7)])), undefined, "12 lines is the most");
    assert.ok(smallChange(diffOf([hunk(1, 6)])));
    assert.equal(smallChange(diffOf([hunk(1)], 2)), undefined);
  });

  it("a hint is of the query's kind when they share a pattern; Defects4J's 'other' never is", () => {
    assert.equal(sameKind("AS-CE,MC-DAP", "IF-CC,MC-DAP"), true);
    assert.equal(sameKind("AS-CE", "IF-CC"), false);
    assert.equal(sameKind("missing-guard", "missing-guard"), true);
    assert.equal(sameKind("other", "other"), false);
  });

  it("the frozen set: BugsJS's labels, sources pinned, fixes readable, mocha failures of JavaScript", () => {
    const set = loadPublicSet(BUGSJS_SET_FILE);
    assert.ok(set.bugs.length > 0);
    for (const bug of set.bugs) {
      assert.equal(bug.collection, "bugsjs");
      assert.equal(bug.label, patternLabel(bug.label ?? ""), bug.id);
      for (const sha of [bug.source.commit, bug.source.buggy, bug.source.fixed]) assert.match(sha, /^[0-9a-f]{40}$/);
      assert.ok(bug.failures.length >= 1 && bug.failures.length <= 3, bug.id);
      assert.ok(
        bug.failures.every((f) => f.message.trim()),
        bug.id,
      );
      assert.ok(storedBlocks(fixOf(bug)), `${bug.id}: fix is not readable as SEARCH/REPLACE`);
      const query = queryOf(bug, bug.failures[0], true);
      assert.deepEqual(
        [query.language, query.framework, query.project?.id],
        ["javascript", "mocha", `bugsjs:${bug.project}`],
      );
    }
  });
});
