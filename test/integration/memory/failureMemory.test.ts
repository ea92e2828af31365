import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  contentHash,
  EDIT_DIM,
  type Embedder,
  FailureMemory,
  FLOORS,
  HashingEmbedder,
  openMemoryStore,
} from "../../../agent-core/memory";
import { ADD_FIX, makeFailure, PROJECT, RANKING_FLOORS, SmallEmbedder, tempDir } from "../../unit/memory/helpers";

const TYPE_ERROR =
  "TypeError: Cannot read properties of undefined (reading 'length')\n    at parseItems (/ws/src/parse.ts:33:20)";
const NEAR_TYPE_ERROR =
  "TypeError: Cannot read properties of undefined (reading 'size')\n    at parseItems (/ws/src/parse.ts:71:9)";
const NOISE = "ModuleNotFoundError: No module named 'requests'";

for (const backend of ["lancedb", "builtin"] as const) {
  describe(`memory: FailureMemory on ${backend}`, function () {
    this.timeout(30_000);
    const embedder = new HashingEmbedder();
    let dir: string;
    let cleanup: () => void;
    let memories: FailureMemory[];
    let clock: number;

    /** A memory with one floor for all hints (the ranking's tests), or the calibrated ones with `calibrated`. */
    async function openMemory(
      sub = "mem",
      emb: Embedder = embedder,
      options: { calibrated?: boolean } = {},
    ): Promise<FailureMemory> {
      const opened = await openMemoryStore(path.join(dir, sub), {
        embedder: emb,
        backend: backend === "builtin" ? "builtin" : "auto",
      });
      assert.equal(opened.backend, backend, opened.warning);
      const memory = new FailureMemory({
        store: opened.store,
        embedder: emb,
        now: () => clock,
        ...(options.calibrated ? {} : { floors: RANKING_FLOORS }),
      });
      memories.push(memory);
      return memory;
    }

    /** Record a failure with a fix attempt and return its id. */
    async function remember(
      memory: FailureMemory,
      errorText: string,
      fix: string,
      succeeded: boolean,
      testId = "parse > items",
    ): Promise<string> {
      const failure = makeFailure({
        testId,
        message: errorText.split("\n")[0],
        errorText,
        file: "src/parse.ts",
        codeContext: `// ${testId}\n${errorText}`,
      });
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
      await remember(memory, NEAR_TYPE_ERROR, "fix-near", true, "parse > near");
      for (let i = 0; i < 9; i++)
        await memory.recordFailures([
          makeFailure({
            testId: "parse > near",
            message: NEAR_TYPE_ERROR.split("\n")[0],
            errorText: NEAR_TYPE_ERROR,
            file: "src/parse.ts",
            codeContext: `// parse > near\n${NEAR_TYPE_ERROR}`,
          }),
        ]);
      await remember(memory, NOISE, "fix-noise", true, "deps > import");
      await remember(memory, TYPE_ERROR, "fix-that-failed", false, "parse > unfixed");

      // The same test failing the same way at another line: the exact record scores ~1.
      const hits = await memory.recall(
        makeFailure({ testId: "parse > exact", message: "", errorText: TYPE_ERROR.replace("33:20", "40:2") }),
      );
      assert.deepEqual(
        hits.map((h) => h.fix),
        ["fix-near", "fix-exact"],
        JSON.stringify(hits.map((h) => [h.fix, h.components, h.score])),
      );
      assert.ok(
        hits[0].similarity < hits[1].similarity,
        "re-ranking, not similarity alone, put the reliable fix first",
      );
      assert.ok(hits[1].similarity > 0.99);
      assert.equal(hits[0].components.successRate, 1);
      assert.equal(hits[0].record.timesSeen, 10);
      assert.ok(Math.abs(hits[1].components.successRate - 0.1) < 1e-9);
      for (const hit of hits) {
        const { similarity, successRate, frequency } = hit.components;
        assert.ok(Math.abs(hit.score - (0.7 * similarity + 0.2 * successRate + 0.1 * frequency)) < 1e-9);
      }
      assert.deepEqual(
        await memory.recall(
          makeFailure({ message: "", errorText: "SyntaxError: Unexpected token '}' in JSON at position 12" }),
        ),
        [],
      );
    });

    it("does not let many unfixed look-alikes crowd a proven fix out of the candidates", async () => {
      const memory = await openMemory();
      for (let i = 0; i < 15; i++) await remember(memory, TYPE_ERROR, `failed-${i}`, false, `parse > unfixed ${i}`);
      await remember(memory, NEAR_TYPE_ERROR, "fix-proven", true, "parse > proven");
      const hits = await memory.recall(makeFailure({ message: "", errorText: TYPE_ERROR }));
      assert.deepEqual(
        hits.map((h) => h.fix),
        ["fix-proven"],
      );
    });

    it("shows no hint of this project's at the calibrated floors; with scope all, other projects' close ones when the developer's change is known", async () => {
      let embeddings = 0;
      const counting = {
        name: embedder.name,
        dim: embedder.dim,
        embed: (texts: string[]) => ((embeddings += texts.length), embedder.embed(texts)),
      };
      const memory = await openMemory("mem", counting, { calibrated: true });
      const bound = (file: string) =>
        `${file}\n<<<<<<< SEARCH\n  for (let i = 0; i < n; i++) total += values[i];\n=======\n  for (let i = 0; i <= n; i++) total += values[i];\n>>>>>>> REPLACE\n`;
      const failure = {
        message: "AssertionError: expected 4 to equal 5",
        errorText: "AssertionError: expected 4 to equal 5",
      };
      for (const [testId, file, project] of [
        ["window > sums", "src/window.ts", PROJECT],
        ["limits > counts", "src/limits.ts", { id: "git:other", name: "other-repo" }],
      ] as const) {
        const [id] = await memory.recordFailures([makeFailure({ ...failure, testId, file, codeContext: "", project })]);
        await memory.recordOutcome({
          failureIds: [id],
          fixPatch: bound(file),
          succeeded: true,
          iterations: 1,
          tokens: 0,
        });
      }
      // The developer turned `<=` into `<` elsewhere in this project: undoing it is a fix like both stored ones.
      const change =
        "@@ -3,3 +3,3 @@\n   let total = 0;\n-  for (let i = 0; i <= n; i++) total += values[i];\n+  for (let i = 0; i < n; i++) total += values[i];\n";
      const query = makeFailure({
        ...failure,
        testId: "totals > sums",
        file: "src/totals.ts",
        codeContext: "",
        recentChange: change,
      });

      const before = embeddings;
      assert.deepEqual(await memory.recall(query), [], "this project's hints are not shown");
      assert.equal(embeddings, before, "the default scope asks no embedder when nothing can clear its floor");
      const all = await memory.recall(query, { scope: "all" });
      assert.deepEqual(
        all.map((h) => h.project),
        [{ name: "other-repo", same: false }],
        JSON.stringify(all.map((h) => [h.similarity, h.project])),
      );
      assert.ok(all[0].similarity >= FLOORS.other.change);
      const elsewhere = await memory.recall(
        { ...query, project: { id: "git:third", name: "third" } },
        { scope: "all" },
      );
      assert.deepEqual(
        elsewhere.map((h) => h.project?.same),
        [false],
        "seen from a third project, both are other projects' and one change",
      );
      assert.deepEqual(
        await memory.recall({ ...query, recentChange: undefined }, { scope: "all" }),
        [],
        "from the failure alone, no hint is sure enough",
      );
    });

    it("shows one change once, whatever context lines or record it came with", async () => {
      const memory = await openMemory();
      const block = (context: string) =>
        `src/parse.ts\n<<<<<<< SEARCH\n${context}\n  return items.length;\n=======\n${context}\n  return items?.length ?? 0;\n>>>>>>> REPLACE`;
      await remember(memory, TYPE_ERROR, block("function a() {"), true, "parse > one");
      await remember(memory, TYPE_ERROR, block("function b() {"), true, "parse > two");
      await remember(
        memory,
        NEAR_TYPE_ERROR,
        "src/parse.ts\n<<<<<<< SEARCH\n  return size;\n=======\n  return size ?? 0;\n>>>>>>> REPLACE",
        true,
        "parse > three",
      );
      const hits = await memory.recall(makeFailure({ testId: "parse > one", message: "", errorText: TYPE_ERROR }));
      assert.equal(hits.length, 2, hits.map((h) => h.fix).join("\n---\n"));
    });

    it("replays only the exact failure: same project, whole file, test files, test and text", async () => {
      const memory = await openMemory();
      const content = `// math\nexport function add(a: number, b: number): number {\n  return a - b;\n}\n`;
      const failure = makeFailure({ fileHash: contentHash(content) });
      const [id] = await memory.recordFailures([failure]);
      assert.equal(await memory.findReplay(failure, content), undefined, "no proven fix yet");
      await memory.recordOutcome({ failureIds: [id], fixPatch: ADD_FIX, succeeded: true, iterations: 1, tokens: 500 });
      const replay = await memory.findReplay(failure, content);
      assert.equal(replay?.id, id);
      assert.equal(replay?.fix, ADD_FIX);

      // A fork: same path, same test, same head of the file, another line further down.
      const fork = `${content}export const VERSION = 2;\n`;
      assert.equal(
        await memory.findReplay({ ...failure, fileHash: contentHash(fork) }, fork),
        undefined,
        "another file",
      );
      assert.equal(await memory.findReplay(failure, fork), undefined, "the query must describe the file as it is");
      for (const other of [
        { message: failure.message.replace("5 !== -1", "-1 !== 5") },
        { errorText: failure.errorText.replace("8:12", "9:3") },
        { testId: "math > other" },
        { testFilesHash: "sha-edited-tests" },
        { testFilesHash: undefined },
        { project: { id: "git:fork", name: "shop" } },
        { project: undefined },
        { file: "src/other.ts" },
      ])
        assert.equal(await memory.findReplay({ ...failure, ...other }, content), undefined, JSON.stringify(other));
      assert.equal(
        await memory.findReplay({ ...failure, fileHash: contentHash(content + content) }, content + content),
        undefined,
        "never an ambiguous SEARCH",
      );

      // Replays that were taken back (runs that did not go green) wear the fix out.
      await memory.recordOutcome({
        failures: [failure],
        fix: "",
        succeeded: false,
        usedIds: [id],
        iterations: 2,
        tokens: 0,
      });
      assert.equal((await memory.findReplay(failure, content))?.id, id, "once good, once bad: still replayed");
      await memory.recordOutcome({
        failures: [failure],
        fix: "",
        succeeded: false,
        usedIds: [id],
        iterations: 2,
        tokens: 0,
      });
      assert.equal(await memory.findReplay(failure, content), undefined, "failed more often than it worked");
    });

    it("keeps success counts honest: failed attempts count as uses and never replace a proven fix", async () => {
      const memory = await openMemory();
      const failure = makeFailure();
      await memory.recordOutcome({
        failures: [failure],
        fix: "attempt-1",
        succeeded: false,
        usedIds: [],
        iterations: 3,
        tokens: 1000,
      });
      let [record] = await memory.store.all();
      assert.deepEqual(
        [record.timesSeen, record.timesUsed, record.timesSucceeded, record.fixSucceeded, record.fixPatch],
        [1, 1, 0, false, "attempt-1"],
      );
      assert.deepEqual(await memory.recall(failure), [], "an unproven fix is never recalled");

      await memory.recordOutcome({
        failures: [failure],
        fix: ADD_FIX,
        succeeded: true,
        usedIds: [],
        iterations: 2,
        tokens: 800,
      });
      [record] = await memory.store.all();
      assert.equal(await memory.store.count(), 1, "the recurrence is the same record");
      assert.deepEqual(
        [
          record.timesSeen,
          record.timesUsed,
          record.timesSucceeded,
          record.fixSucceeded,
          record.fixPatch,
          record.iterations,
          record.tokens,
        ],
        [2, 2, 1, true, ADD_FIX, 2, 800],
      );

      const other = makeFailure({ testId: "math > other", codeContext: "other code" });
      await memory.recordOutcome({
        failures: [other],
        fix: "bad-fix",
        succeeded: false,
        usedIds: [record.id],
        iterations: 5,
        tokens: 3000,
      });
      const after = await memory.store.get(record.id);
      assert.deepEqual(
        [after?.timesUsed, after?.timesSucceeded, after?.fixPatch],
        [3, 1, ADD_FIX],
        "reusing it and failing lowers its rate, keeps its fix",
      );
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
      const byId = (records: Array<{ id: string; vector: Float32Array }>) =>
        [...records].sort((x, y) => x.id.localeCompare(y.id));
      const [copied, original] = [byId(await copy.store.all()), byId(await memory.store.all())];
      assert.deepEqual(
        copied.map((r) => ({ ...r, vector: [] })),
        original.map((r) => ({ ...r, vector: [] })),
      );
      // Exports round vectors to 7 decimals.
      copied.forEach((r, i) => assert.ok(r.vector.every((x, j) => Math.abs(x - original[i].vector[j]) < 1e-6)));
      assert.deepEqual(await copy.importJsonl(file), { imported: 0, reembedded: 0, skipped: 2, invalid: 0 });

      const small = new SmallEmbedder(64);
      const other = await openMemory("c", small);
      assert.deepEqual(await other.importJsonl(file), { imported: 2, reembedded: 2, skipped: 0, invalid: 0 });
      const records = await other.store.all();
      assert.ok(records.every((r) => r.embedder === `${small.name}+edit-v1` && r.vector.length === 64 + EDIT_DIM));
      assert.ok(
        records.every((r) => r.project === PROJECT.id),
        "the project comes along",
      );
      const [hit] = await other.recall(makeFailure({ message: "", errorText: TYPE_ERROR }));
      assert.equal(hit?.fix, "fix-1");

      // An export of an earlier version: a context hash, a masked signature, no project.
      const proven = (await readFile(file, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line))
        .find((r) => r.fixSucceeded);
      const { project: _p, projectName: _n, ...earlier } = proven;
      const old = path.join(dir, "earlier.jsonl");
      await writeFile(
        old,
        `${JSON.stringify({ ...earlier, id: "from-before", fixPatch: "fix-before", signature: "sig-0123456789abcdef", contextHash: "ctx-0123" })}\n`,
      );
      assert.deepEqual(await copy.importJsonl(old), { imported: 1, reembedded: 0, skipped: 0, invalid: 0 });
      const imported = await copy.store.get("from-before");
      assert.deepEqual([imported?.project, imported?.projectName, "contextHash" in (imported ?? {})], ["", "", false]);
      const shown = await copy.recall(makeFailure({ testId: "parse > exact", message: "", errorText: TYPE_ERROR }), {
        scope: "all",
      });
      assert.deepEqual(
        shown.find((h) => h.id === "from-before")?.project,
        { name: "", same: false },
        "shown only as another project's",
      );
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
      assert.deepEqual(
        (await memory.store.all()).map((r) => r.fixPatch),
        ["new-failed"],
      );
    });

    it("refuses a store filled by another embedder", async () => {
      const opened = await openMemoryStore(path.join(dir, "x"), {
        embedder,
        backend: backend === "builtin" ? "builtin" : "auto",
      });
      try {
        assert.throws(
          () => new FailureMemory({ store: opened.store, embedder: new SmallEmbedder(64) }),
          /store holds hash-v2\+edit-v1\/640 vectors, not hash-v2-first-64\+edit-v1 vectors/,
        );
      } finally {
        await opened.store.close();
      }
    });
  });
}
