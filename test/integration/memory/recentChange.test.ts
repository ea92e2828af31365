import assert from "node:assert/strict";
import {
  EDIT_DIM,
  editVector,
  FailureMemory,
  HashingEmbedder,
  openMemoryStore,
  undoEdits,
} from "../../../agent-core/memory";
import { makeFailure, RANKING_FLOORS, tempDir } from "../../unit/memory/helpers";

const FAILURE = {
  testId: "limits > counts",
  message: "AssertionError: expected 4 to equal 5",
  errorText: "AssertionError: expected 4 to equal 5",
};
const BOUND_FIX =
  "src/window.ts\n<<<<<<< SEARCH\n  for (let i = 0; i < n; i++) total += values[i];\n=======\n  for (let i = 0; i <= n; i++) total += values[i];\n>>>>>>> REPLACE\n";
const AWAIT_FIX =
  "src/store.ts\n<<<<<<< SEARCH\n  const item = store.get(sku);\n=======\n  const item = await store.get(sku);\n>>>>>>> REPLACE\n";
// The developer turned `>=` into `>` in another program: undoing it is a comparison-bound fix.
const CHANGE =
  "@@ -3,3 +3,3 @@ def allow(count, limit):\n     if count is None:\n         return False\n-    return count >= limit\n+    return count > limit\n";

const tail = (vector: Float32Array) => Array.from(vector.slice(vector.length - EDIT_DIM));

for (const backend of ["lancedb", "builtin"] as const) {
  describe(`memory: the developer's recent change (${backend})`, function () {
    this.timeout(30_000);
    const embedder = new HashingEmbedder();
    let dir: string;
    let cleanup: () => void;
    const open = async () => {
      const opened = await openMemoryStore(dir, { embedder, backend: backend === "builtin" ? "builtin" : "auto" });
      assert.equal(opened.backend, backend, opened.warning);
      return new FailureMemory({ store: opened.store, embedder, floors: RANKING_FLOORS });
    };
    beforeEach(() => ({ dir, cleanup } = tempDir()));
    afterEach(() => cleanup());

    it("gives a record its fix part when a fix succeeds, and keeps it through a later failed attempt", async () => {
      const memory = await open();
      try {
        const [id] = await memory.recordFailures([makeFailure({ ...FAILURE, file: "src/window.ts" })]);
        assert.ok(
          tail((await memory.store.get(id))!.vector).every((x) => x === 0),
          "no fix yet, no fix part",
        );
        await memory.recordOutcome({
          failureIds: [id],
          fixPatch: BOUND_FIX,
          succeeded: true,
          iterations: 1,
          tokens: 10,
        });
        const proven = (await memory.store.get(id))!.vector;
        assert.ok(tail(proven).some((x) => x !== 0));
        await memory.recordOutcome({
          failureIds: [id],
          fixPatch: AWAIT_FIX,
          succeeded: false,
          iterations: 1,
          tokens: 10,
        });
        assert.deepEqual(tail((await memory.store.get(id))!.vector), tail(proven));
      } finally {
        await memory.close();
      }
    });

    it("puts first the fix that would undo a change of the same shape; without a change the two tie", async () => {
      const memory = await open();
      try {
        for (const [file, fix] of [
          ["src/window.ts", BOUND_FIX],
          ["src/store.ts", AWAIT_FIX],
        ]) {
          const [id] = await memory.recordFailures([makeFailure({ ...FAILURE, file, codeContext: `// ${file}` })]);
          await memory.recordOutcome({ failureIds: [id], fixPatch: fix, succeeded: true, iterations: 1, tokens: 10 });
        }
        const query = makeFailure({
          ...FAILURE,
          file: "limits.py",
          language: "python",
          framework: "pytest",
          codeContext: "def allow(count, limit):",
        });
        const withChange = await memory.recall({ ...query, recentChange: CHANGE });
        assert.deepEqual(
          withChange.map((h) => h.fix),
          [BOUND_FIX, AWAIT_FIX].slice(0, withChange.length),
          JSON.stringify(withChange.map((h) => h.components)),
        );
        const edit = editVector(undoEdits(CHANGE));
        assert.ok(memory.layout.editSimilarity(edit, BOUND_FIX) > memory.layout.editSimilarity(edit, AWAIT_FIX) + 0.3);
        assert.ok(
          Math.abs((withChange[0].components.edit ?? 0) - memory.layout.editSimilarity(edit, BOUND_FIX)) < 1e-9,
        );
        const without = await memory.recall(query);
        assert.equal(without.length, 2);
        assert.ok(
          Math.abs(without[0].similarity - without[1].similarity) < 1e-6,
          "the failure part alone cannot tell them apart",
        );
        assert.ok(without[0].similarity > 0.99, `scaled back to the failure similarity, got ${without[0].similarity}`);
        assert.equal(without[0].components.edit, undefined);
      } finally {
        await memory.close();
      }
    });
  });
}
