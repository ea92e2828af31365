import assert from "node:assert/strict";
import path from "node:path";
import { codeMatchAdjustment, DEFAULT_CODE_MATCH, judgeFix } from "../../../agent-core/memory/codeMatch";
import { FailureMemory, HashingEmbedder, openMemoryStore } from "../../../agent-core/memory";
import type { FailureMemoryOptions } from "../../../agent-core/memory/memory";
import { makeFailure, tempDir } from "./helpers";

const block = (file: string, search: string, replace: string) => `${file}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;

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
const ALREADY_IN_PLACE = block("src/stats.js", "  return items.reduce((sum, x) => sum - x, 0);", "  return items.reduce((sum, x) => sum + x, 0);");
/** A fix for exactly the buggy line here. */
const NEEDED_HERE = block("src/stats.js", "  return total(items) / (items.length - 1);", "  return total(items) / items.length;");
/** A fix for code this file does not show. */
const ELSEWHERE = block("src/stats.js", "  const median = sorted[sorted.length / 2];", "  const median = sorted[Math.floor(sorted.length / 2)];");

describe("memory: code match of stored fixes", () => {
  describe("judgeFix", () => {
    it("calls a fix applied when its REPLACE text is here and its SEARCH text is not", () => {
      assert.equal(judgeFix(ALREADY_IN_PLACE, "src/stats.js", CODE), "applied");
    });

    it("calls a fix applicable when its SEARCH text occurs once", () => {
      assert.equal(judgeFix(NEEDED_HERE, "src/stats.js", CODE), "applicable");
    });

    it("ignores whitespace: re-indented and CRLF code still matches", () => {
      const reindented = CODE.replace(/^ {2}/gm, "\t").replace(/\n/g, "\r\n").replace("items.reduce(", "items.reduce(\n      ");
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
      assert.equal(judgeFix(appending, "src/stats.js", CODE.replace("  if (items.length === 0) return 0;\n", "")), "applicable");
    });

    it("does not call an ambiguous SEARCH text applicable", () => {
      const twice = `${CODE}\nexport function mean(items) {\n  return total(items) / (items.length - 1);\n}\n`;
      assert.equal(judgeFix(NEEDED_HERE, "src/stats.js", twice), "unknown");
    });
  });

  it("turns verdicts into score adjustments from the weights", () => {
    const w = { ...DEFAULT_CODE_MATCH, appliedPenalty: 0.8, applicableBonus: 0.1, sameToolchainBonus: 0.05 };
    assert.equal(codeMatchAdjustment("applied", false, w), -0.8);
    assert.equal(codeMatchAdjustment("applicable", true, w), 0.1 + 0.05);
    assert.equal(codeMatchAdjustment("unknown", false, w), 0);
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
      makeFailure({ testId, message: errorText, errorText, file: "src/stats.js", language: "javascript", framework: "node", codeContext: CODE });

    /** A memory where the applied fix is the closest match, the needed fix slightly further away. */
    async function filledMemory(options: Partial<FailureMemoryOptions> = {}): Promise<FailureMemory> {
      const opened = await openMemoryStore(path.join(dir, `mem-${memories.length}`), { embedder, backend: "builtin" });
      const memory = new FailureMemory({ ...options, store: opened.store, embedder });
      memories.push(memory);
      const learn = async (testId: string, errorText: string, fixPatch: string) => {
        const failureIds = await memory.recordFailures([failure(testId, errorText)]);
        await memory.recordOutcome({ failureIds, fixPatch, succeeded: true, iterations: 1, tokens: 0 });
      };
      await learn("stats > average of two", ERROR, ALREADY_IN_PLACE);
      await learn("stats > average of three", ERROR.replace("3 !== 2", "4 !== 3"), NEEDED_HERE);
      return memory;
    }

    it("demotes a fix that is already in place below one the code still needs", async () => {
      const query = failure("stats > average of two");
      const plain = await (await filledMemory({ codeMatch: { appliedPenalty: 0, applicableBonus: 0 } })).recall(query);
      assert.deepEqual(plain.map((h) => h.fix), [ALREADY_IN_PLACE, NEEDED_HERE], "without code match the closer text wins");
      // The penalty alone reorders them.
      const hits = await (await filledMemory({ codeMatch: { applicableBonus: 0 } })).recall(query);
      assert.deepEqual(hits.map((h) => h.fix), [NEEDED_HERE, ALREADY_IN_PLACE]);
      assert.deepEqual(hits.map((h) => h.components.code), ["applicable", "applied"]);
      assert.ok(DEFAULT_CODE_MATCH.appliedPenalty >= 0.5, "the default demotion is heavy");
      assert.ok(Math.abs(hits[1].score - (plain[0].score - DEFAULT_CODE_MATCH.appliedPenalty)) < 1e-9);
    });

    it("boosts a fix whose SEARCH text occurs in the failing code", async () => {
      const query = failure("stats > average of two");
      const plain = await (await filledMemory({ codeMatch: { appliedPenalty: 0, applicableBonus: 0 } })).recall(query);
      const boosted = await (await filledMemory({ codeMatch: { appliedPenalty: 0, applicableBonus: 0.3 } })).recall(query);
      assert.deepEqual(boosted.map((h) => h.fix), [NEEDED_HERE, ALREADY_IN_PLACE]);
      assert.ok(Math.abs(boosted[0].score - plain[1].score - 0.3) < 1e-9);
      assert.equal(boosted[0].components.codeAdjustment, 0.3);
    });

    it("drops applied fixes when configured, and adds the toolchain bonus only for the same language and framework", async () => {
      const query = failure("stats > average of two");
      const dropped = await (await filledMemory({ codeMatch: { dropApplied: true } })).recall(query);
      assert.deepEqual(dropped.map((h) => h.fix), [NEEDED_HERE]);
      const noCode = { appliedPenalty: 0, applicableBonus: 0 };
      const base = await (await filledMemory({ codeMatch: noCode })).recall(query);
      const same = await (await filledMemory({ codeMatch: { ...noCode, sameToolchainBonus: 0.2 } })).recall(query);
      const other = await (await filledMemory({ codeMatch: { ...noCode, sameToolchainBonus: 0.2 } })).recall({ ...query, framework: "mocha" });
      assert.ok(Math.abs(same[0].score - base[0].score - 0.2) < 1e-9);
      assert.ok(Math.abs(other[0].score - base[0].score) < 1e-9);
    });
  });
});
