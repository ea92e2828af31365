import assert from "node:assert/strict";
import path from "node:path";
import { EDIT_DIM, FailureMemory, HashingEmbedder, type MemoryStore, openMemoryStore } from "../../../agent-core/memory";
import { ADD_FIX, makeFailure, tempDir } from "../../unit/memory/helpers";

const TYPE_ERROR = "TypeError: Cannot read properties of undefined (reading 'length')\n    at parseItems (/ws/src/parse.ts:33:20)";
const NEAR_TYPE_ERROR = "TypeError: Cannot read properties of undefined (reading 'size')\n    at parseItems (/ws/src/parse.ts:71:9)";
const NOISE = "ModuleNotFoundError: No module named 'requests'";

for (const backend of ["lancedb", "builtin"] as const) {
  describe(`memory: FailureMemory on ${backend}`, function () {
    this.timeout(30_000);
    const embedder = new HashingEmbedder();
    let dir: string;
    let cleanup: () => void;
    let memories: FailureMemory[];
    let clock: number;

    async function openMemory(sub = "mem", emb = embedder, options: { now?: () => number } = {}): Promise<FailureMemory> {
      const opened = await openMemoryStore(path.join(dir, sub), { embedder: emb, backend: backend === "builtin" ? "builtin" : "auto" });
      assert.equal(opened.backend, backend, opened.warning);
      const memory = new FailureMemory({ store: opened.store, embedder: emb, now: options.now ?? (() => clock) });
      memories.push(memory);
      return memory;
    }

    /** Record a failure with a fix attempt and return its id. */
    async function remember(memory: FailureMemory, errorText: string, fix: string, succeeded: boolean, testId = "parse > items"): Promise<string> {
      const failure = makeFailure({ testId, message: errorText.split("\n")[0], errorText, file: "src/parse.ts", codeContext: `// ${testId}\n${errorText}` });
      const [id] = await memory.recordFailures([failure]);
      await memory.recordOutcome({ failureIds: [id], fixPatch: fix, succeeded, iterations: 2, tokens: 900 });
      return id;
    }

    beforeEach(() => {
      ({ dir, cleanup } = tempDir());
      memories = [];
      clock = Date.UTC(2025, 0, 1);
    });
    afterEach(async () => {
      await Promise.all(memories.map((m) => m.close().catch(() => undefined)));
      cleanup();
    });

    it("recalls proven fixes above the floor, re-ranked by success rate and frequency, noise excluded", async () => {
      const memory = await openMemory();
      const exact = await remember(memory, TYPE_ERROR, "fix-exact", true, "parse > exact");
      // The exact match's fix then failed 9 times out of 10 when reused.
      for (let i = 0; i < 9; i++) await memory.markUsed([exact], false);
      const near = await remember(memory, NEAR_TYPE_ERROR, "fix-near", true, "parse > near");
      for (let i = 0; i < 9; i++) await memory.recordFailures([makeFailure({ testId: "parse > near", message: NEAR_TYPE_ERROR.split("\n")[0], errorText: NEAR_TYPE_ERROR, file: "src/parse.ts", codeContext: `// parse > near\n${NEAR_TYPE_ERROR}` })]);
      await remember(memory, NOISE, "fix-noise", true, "deps > import");
      await remember(memory, TYPE_ERROR, "fix-that-failed", false, "parse > unfixed");

      // The same test failing the same way at another line: the exact record scores ~1.
      const hits = await memory.recall(makeFailure({ testId: "parse > exact", message: "", errorText: TYPE_ERROR.replace("33:20", "40:2") }));
      assert.deepEqual(hits.map((h) => h.fix), ["fix-near", "fix-exact"], JSON.stringify(hits.map((h) => [h.fix, h.components, h.score])));
      assert.ok(hits[0].similarity < hits[1].similarity, "re-ranking, not similarity alone, put the reliable fix first");
      assert.ok(hits[1].similarity > 0.99);
      assert.equal(hits[0].components.successRate, 1);
      assert.equal(hits[0].record.timesSeen, 10);
      assert.ok(Math.abs(hits[1].components.successRate - 0.1) < 1e-9);
      for (const hit of hits) {
        const { similarity, successRate, frequency } = hit.components;
        assert.ok(Math.abs(hit.score - (0.7 * similarity + 0.2 * successRate + 0.1 * frequency)) < 1e-9);
      }
      assert.deepEqual(await memory.recall(makeFailure({ message: "", errorText: "SyntaxError: Unexpected token '}' in JSON at position 12" })), []);
    });

    it("does not let many unfixed look-alikes crowd a proven fix out of the candidates", async () => {
      const memory = await openMemory();
      for (let i = 0; i < 15; i++) await remember(memory, TYPE_ERROR, `failed-${i}`, false, `parse > unfixed ${i}`);
      await remember(memory, NEAR_TYPE_ERROR, "fix-proven", true, "parse > proven");
      const hits = await memory.recall(makeFailure({ message: "", errorText: TYPE_ERROR }));
      assert.deepEqual(hits.map((h) => h.fix), ["fix-proven"]);
    });

    it("formats hits as a compact prompt section within the token budget", async () => {
      const memory = await openMemory();
      await remember(memory, TYPE_ERROR, `parse.ts\n<<<<<<< SEARCH\n${"  items.length;\n".repeat(30)}=======\n  items?.length ?? 0;\n>>>>>>> REPLACE`, true);
      const hits = await memory.recall(makeFailure({ message: "", errorText: TYPE_ERROR }));
      const text = memory.format(hits);
      assert.match(text, /^Similar past failures and the fixes that worked/);
      assert.match(text, /parse > items: TypeError: Cannot read properties of undefined/);
      assert.ok(text.length <= 600 * 4);
      const small = memory.formatHits(hits, 100);
      assert.ok(small.length <= 400 && small.endsWith("…"), small);
      assert.equal(memory.formatHits(hits, 10), "");
      assert.equal(memory.formatHits([], 600), "");
    });

    it("finds a replay only for the same signature and code, with a proven fix that applies cleanly", async () => {
      const memory = await openMemory();
      const failure = makeFailure();
      const [id] = await memory.recordFailures([failure]);
      const content = `// math\n${failure.codeContext}`;
      assert.equal(await memory.findReplay(failure, content), undefined, "no proven fix yet");
      await memory.recordOutcome({ failureIds: [id], fixPatch: ADD_FIX, succeeded: true, iterations: 1, tokens: 500 });

      const again = makeFailure({ errorText: failure.errorText.replace("8:12", "9:3").replace("/tmp/ws-1", "/tmp/ws-2") });
      const replay = await memory.findReplay(again, content);
      assert.equal(replay?.id, id);
      assert.equal(replay?.fix, ADD_FIX);

      assert.equal(await memory.findReplay(makeFailure({ codeContext: "export const add = (a, b) => a - b;" }), content), undefined, "other code");
      assert.equal(await memory.findReplay(makeFailure({ testId: "math > other" }), content), undefined, "other test");
      assert.equal(await memory.findReplay(makeFailure({ message: "TypeError: add is not a function", errorText: "" }), content), undefined, "other error");
      assert.equal(await memory.findReplay(again, `${content}\n${content}`), undefined, "SEARCH text is ambiguous");
      assert.equal(await memory.findReplay(again, "export function add(a, b) { return a + b; }"), undefined, "SEARCH text is gone");
      assert.equal(await memory.findReplay(makeFailure({ file: "src/other.ts" }), content), undefined, "fix is for another file");
    });

    it("keeps success counts honest: failed attempts count as uses and never replace a proven fix", async () => {
      const memory = await openMemory();
      const failure = makeFailure();
      await memory.recordOutcome({ failures: [failure], fix: "attempt-1", succeeded: false, usedIds: [], iterations: 3, tokens: 1000 });
      let [record] = await memory.store.all();
      assert.deepEqual([record.timesSeen, record.timesUsed, record.timesSucceeded, record.fixSucceeded, record.fixPatch], [1, 1, 0, false, "attempt-1"]);
      assert.deepEqual(await memory.recall(failure), [], "an unproven fix is never recalled");

      await memory.recordOutcome({ failures: [failure], fix: ADD_FIX, succeeded: true, usedIds: [], iterations: 2, tokens: 800 });
      [record] = await memory.store.all();
      assert.equal(await memory.store.count(), 1, "the recurrence is the same record");
      assert.deepEqual([record.timesSeen, record.timesUsed, record.timesSucceeded, record.fixSucceeded, record.fixPatch, record.iterations, record.tokens], [2, 2, 1, true, ADD_FIX, 2, 800]);

      const other = makeFailure({ testId: "math > other", codeContext: "other code" });
      await memory.recordOutcome({ failures: [other], fix: "bad-fix", succeeded: false, usedIds: [record.id], iterations: 5, tokens: 3000 });
      const after = await memory.store.get(record.id);
      assert.deepEqual([after?.timesUsed, after?.timesSucceeded, after?.fixPatch], [3, 1, ADD_FIX], "reusing it and failing lowers its rate, keeps its fix");
      const stats = await memory.stats();
      assert.deepEqual([stats.records, stats.withProvenFix, stats.timesUsed, stats.timesSucceeded], [2, 1, 4, 1]);
    });

    it("exports and imports JSONL, skipping known ids and re-embedding for another embedder", async () => {
      const memory = await openMemory("a");
      await remember(memory, TYPE_ERROR, "fix-1", true);
      await remember(memory, NOISE, "fix-2", false, "deps > import");
      const file = path.join(dir, "export.jsonl");
      assert.equal(await memory.exportJsonl(file), 2);

      const copy = await openMemory("b");
      assert.deepEqual(await copy.importJsonl(file), { imported: 2, reembedded: 0, skipped: 0, invalid: 0 });
      const byId = (records: Array<{ id: string; vector: Float32Array }>) => [...records].sort((x, y) => x.id.localeCompare(y.id));
      const [copied, original] = [byId(await copy.store.all()), byId(await memory.store.all())];
      assert.deepEqual(copied.map((r) => ({ ...r, vector: [] })), original.map((r) => ({ ...r, vector: [] })));
      // Exports round vectors to 7 decimals.
      copied.forEach((r, i) => assert.ok(r.vector.every((x, j) => Math.abs(x - original[i].vector[j]) < 1e-6)));
      assert.deepEqual(await copy.importJsonl(file), { imported: 0, reembedded: 0, skipped: 2, invalid: 0 });

      const small = new HashingEmbedder({ dim: 64 });
      const other = await openMemory("c", small);
      assert.deepEqual(await other.importJsonl(file), { imported: 2, reembedded: 2, skipped: 0, invalid: 0 });
      const records = await other.store.all();
      assert.ok(records.every((r) => r.embedder === `${small.name}+edit-v1` && r.vector.length === 64 + EDIT_DIM));
      const [hit] = await other.recall(makeFailure({ message: "", errorText: TYPE_ERROR }));
      assert.equal(hit?.fix, "fix-1");
    });

    it("prunes stale unproven records, keeping proven fixes unless asked", async () => {
      const memory = await openMemory();
      clock = Date.UTC(2024, 0, 1);
      await remember(memory, TYPE_ERROR, "old-proven", true, "old > proven");
      await remember(memory, NOISE, "old-failed", false, "old > failed");
      clock = Date.UTC(2025, 0, 1);
      await remember(memory, NEAR_TYPE_ERROR, "new-failed", false, "new > failed");
      assert.equal(await memory.prune({ olderThanDays: 30 }), 1);
      assert.deepEqual((await memory.store.all()).map((r) => r.fixPatch).sort(), ["new-failed", "old-proven"]);
      assert.equal(await memory.prune({ olderThanDays: 30, keepSucceeded: false }), 1);
      assert.deepEqual((await memory.store.all()).map((r) => r.fixPatch), ["new-failed"]);
    });

    it("refuses a store filled by another embedder", async () => {
      const opened = await openMemoryStore(path.join(dir, "x"), { embedder, backend: backend === "builtin" ? "builtin" : "auto" });
      try {
        assert.throws(() => new FailureMemory({ store: opened.store, embedder: new HashingEmbedder({ dim: 64 }) }), /store holds hash-v2\+edit-v1\/640 vectors, not hash-v2-64-\S+\+edit-v1 vectors/);
      } finally {
        await opened.store.close();
      }
    });
  });
}
