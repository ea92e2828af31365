import assert from "node:assert/strict";
import path from "node:path";
import { FailureMemory, HashingEmbedder, openMemoryStore } from "../../../agent-core/memory";
import { codeMatchAdjustment, judgeFix } from "../../../agent-core/memory/storedFix";
import { makeFailure, RANKING_FLOORS, tempDir } from "./helpers";

const block = (file: string, search: string, replace: string) =>
  `${file}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;

/** The failing file now: `total` is fine, `average` has the bug. */
const CODE = [
  "export function total(items) {",
  "  return items.reduce((sum, x) => sum + x, 0);",
  "}",
  "",
  "export function average(items) {",
  "  if (items.length === 0) return 0;",
  "  return total(items) / (items.length - 1);",
  "}",
  "",
].join("\n");

/** A fix that was applied to `total` elsewhere: its result is already in this file. */
const ALREADY_IN_PLACE = block(
  "src/stats.js",
  "  return items.reduce((sum, x) => sum - x, 0);",
  "  return items.reduce((sum, x) => sum + x, 0);",
);
/** A fix for exactly the buggy line here. */
const NEEDED_HERE = block(
  "src/stats.js",
  "  return total(items) / (items.length - 1);",
  "  return total(items) / items.length;",
);
/** A fix for code this file does not show. */
const ELSEWHERE = block(
  "src/stats.js",
  "  const median = sorted[sorted.length / 2];",
  "  const median = sorted[Math.floor(sorted.length / 2)];",
);

describe("memory: code match of stored fixes", () => {
  describe("judgeFix", () => {
    it("calls a fix applied when its REPLACE text is here and its SEARCH text is not", () => {
      assert.equal(judgeFix(ALREADY_IN_PLACE, "src/stats.js", CODE), "applied");
    });

    it("calls a fix applicable when its SEARCH text occurs once", () => {
      assert.equal(judgeFix(NEEDED_HERE, "src/stats.js", CODE), "applicable");
    });

    it("ignores whitespace: re-indented and CRLF code still matches", () => {
      const reindented = CODE.replace(/^ {2}/gm, "\t")
        .replace(/\n/g, "\r\n")
        .replace("items.reduce(", "items.reduce(\n      ");
      assert.equal(judgeFix(ALREADY_IN_PLACE, "src/stats.js", reindented), "applied");
      assert.equal(judgeFix(NEEDED_HERE, "src/stats.js", reindented), "applicable");
    });

    it("stays neutral when the code cannot tell: text beyond the visible head, other files, no blocks, no code", () => {
      assert.equal(judgeFix(ELSEWHERE, "src/stats.js", CODE), "unknown");
      assert.equal(judgeFix(ALREADY_IN_PLACE, "src/other.js", CODE), "unknown");
      assert.equal(judgeFix("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", "src/stats.js", CODE), "unknown");
      assert.equal(judgeFix(ALREADY_IN_PLACE, "src/stats.js", "  "), "unknown");
      // Too short to mean anything: "}" occurs everywhere.
      assert.equal(judgeFix(block("src/stats.js", "}", "};"), "src/stats.js", CODE), "unknown");
    });

    it("needs every block in place to call a fix applied; one needed block makes it applicable", () => {
      assert.equal(judgeFix(ALREADY_IN_PLACE + ELSEWHERE, "src/stats.js", CODE), "unknown");
      assert.equal(judgeFix(ALREADY_IN_PLACE + NEEDED_HERE, "src/stats.js", CODE), "applicable");
    });

    it("reads an appending fix (SEARCH inside REPLACE) as applied once its addition is there", () => {
      const search = "export function average(items) {";
      const appending = block("src/stats.js", search, `${search}\n  if (items.length === 0) return 0;`);
      assert.equal(judgeFix(appending, "src/stats.js", CODE), "applied");
      assert.equal(
        judgeFix(appending, "src/stats.js", CODE.replace("  if (items.length === 0) return 0;\n", "")),
        "applicable",
      );
    });

    it("does not call an ambiguous SEARCH text applicable", () => {
      const twice = `${CODE}\nexport function mean(items) {\n  return total(items) / (items.length - 1);\n}\n`;
      assert.equal(judgeFix(NEEDED_HERE, "src/stats.js", twice), "unknown");
    });
  });

  it("turns verdicts into score adjustments", () => {
    assert.equal(codeMatchAdjustment("applied"), -1);
    assert.equal(codeMatchAdjustment("applicable"), 0.1);
    assert.equal(codeMatchAdjustment("unknown"), 0);
  });

  describe("FailureMemory.recall re-ranking", function () {
    this.timeout(30_000);
    const embedder = new HashingEmbedder();
    let cleanup: () => void;
    let dir: string;
    let memories: FailureMemory[];
    beforeEach(() => {
      ({ dir, cleanup } = tempDir());
      memories = [];
    });
    afterEach(async () => {
      await Promise.all(memories.map((m) => m.close().catch(() => undefined)));
      cleanup();
    });

    const ERROR = "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal: 3 !== 2";
    const failure = (testId: string, errorText = ERROR) =>
      makeFailure({
        testId,
        message: errorText,
        errorText,
        file: "src/stats.js",
        language: "javascript",
        framework: "node",
        codeContext: CODE,
      });

    /** A memory where the applied fix is the closest match, the needed fix slightly further away. */
    async function filledMemory(): Promise<FailureMemory> {
      const opened = await openMemoryStore(path.join(dir, `mem-${memories.length}`), { embedder, backend: "builtin" });
      const memory = new FailureMemory({ store: opened.store, embedder, floors: RANKING_FLOORS });
      memories.push(memory);
      const learn = async (testId: string, errorText: string, fixPatch: string) => {
        const failureIds = await memory.recordFailures([failure(testId, errorText)]);
        await memory.recordOutcome({ failureIds, fixPatch, succeeded: true, iterations: 1, tokens: 0 });
      };
      await learn("stats > average of two", ERROR, ALREADY_IN_PLACE);
      await learn("stats > average of three", ERROR.replace("3 !== 2", "4 !== 3"), NEEDED_HERE);
      return memory;
    }

    it("drops a fix that is already in place, and boosts one whose SEARCH text occurs in the failing code", async () => {
      const memory = await filledMemory();
      const query = failure("stats > average of two");
      const candidates = await memory.search(ERROR, 5);
      assert.equal(candidates.length, 2, "both fixes are close enough to be candidates");
      const hits = await memory.recall(query);
      assert.deepEqual(
        hits.map((h) => h.fix),
        [NEEDED_HERE],
        "the applied fix, though closer, is never shown",
      );
      assert.equal(hits[0].components.code, "applicable");
      const { similarity, successRate, frequency } = hits[0].components;
      assert.ok(Math.abs(hits[0].score - (0.7 * similarity + 0.2 * successRate + 0.1 * frequency + 0.1)) < 1e-9);
      const elsewhere = await memory.recall({ ...query, codeContext: "" });
      assert.deepEqual(
        elsewhere.map((h) => h.fix).sort(),
        [ALREADY_IN_PLACE, NEEDED_HERE].sort(),
        "with no code to judge, both are shown",
      );
    });
  });
});
