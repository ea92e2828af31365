import assert from "node:assert/strict";
import { cosine, HashingEmbedder } from "../../../agent-core/memory/embedder";
import {
  EDIT_DIM,
  EDIT_WEIGHT,
  editVector,
  storedSpaceName,
  VectorLayout,
} from "../../../agent-core/memory/vectorLayout";
import { SmallEmbedder } from "./helpers";

const block = (file: string, search: string, replace: string) =>
  `${file}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;

const FAILURE = "AssertionError: expected 4 to equal 5\n    at Context.<anonymous> (test/window.test.ts:12:10)";
const OTHER_FAILURE =
  "TypeError: Cannot read properties of undefined (reading 'length')\n    at parse (src/parse.ts:3:9)";
const BOUND_FIX = block(
  "src/window.ts",
  "  for (let i = 0; i < n; i++) total += values[i];",
  "  for (let i = 0; i <= n; i++) total += values[i];",
);
const AWAIT_FIX = block("src/store.ts", "  const item = store.get(sku);", "  const item = await store.get(sku);");
const SWAP_FIX = block("src/copy.ts", "  copyFile(target, source);", "  copyFile(source, target);");
// The developer turned `>=` into `>` in a Python program: undoing it is a comparison-bound fix.
const CHANGE =
  "@@ -3,3 +3,3 @@ def allow(count, limit):\n     if count is None:\n         return False\n-    return count >= limit\n+    return count > limit\n";

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const tail = (layout: VectorLayout, v: Float32Array) => v.slice(layout.failureDim);

describe("memory: VectorLayout", () => {
  const embedder = new HashingEmbedder();
  const layout = new VectorLayout(embedder, embedder.dim);
  const failure = embedder.embedOne(FAILURE);

  it("names its space after the embedder and adds EDIT_DIM dimensions", () => {
    assert.equal(layout.name, storedSpaceName("hash-v2"));
    assert.notEqual(layout.name, "hash-v2");
    assert.equal(layout.dim, 384 + EDIT_DIM);
  });

  it("compose gives unit vectors of failureDim + EDIT_DIM, with and without an edit part", () => {
    const plain = layout.compose(failure);
    const withEdit = layout.compose(failure, editVector([{ before: "a < b", after: "a <= b" }]));
    for (const v of [plain, withEdit]) {
      assert.equal(v.length, 384 + EDIT_DIM);
      assert.ok(Math.abs(norm(v) - 1) < 1e-5, `norm ${norm(v)}`);
    }
    assert.ok(
      tail(layout, plain).every((x) => x === 0),
      "no edit, zero tail",
    );
    assert.ok(tail(layout, withEdit).some((x) => x !== 0));
    // Edit part weighted by EDIT_WEIGHT against the unit failure part.
    assert.ok(Math.abs(norm(tail(layout, withEdit)) / norm(withEdit.slice(0, 384)) - EDIT_WEIGHT) < 1e-4);
  });

  it("compose rejects a failure vector of the wrong length with a clear error", () => {
    assert.throws(() => layout.compose(new Float32Array(383)), /hash-v2 gave 383 dimensions, expected 384/);
    assert.throws(() => layout.compose(layout.compose(failure)), /gave 640 dimensions, expected 384/);
  });

  it("similarity: without a change, the scaled cosine against a proven record equals the failure cosine", () => {
    const storedFailure = embedder.embedOne(
      "AssertionError: expected 7 to equal 9\n    at Context.<anonymous> (test/sum.test.ts:4:3)",
    );
    const plainCosine = cosine(failure, storedFailure);
    assert.ok(plainCosine > 0.2 && plainCosine < 0.999, `a partial match, got ${plainCosine}`);
    const query = layout.compose(failure);
    const proven = layout.withFix(layout.compose(storedFailure), BOUND_FIX);
    const raw = cosine(query, proven);
    assert.ok(raw < plainCosine - 0.1, `the fix part lowers the raw cosine (${raw} vs ${plainCosine})`);
    assert.ok(Math.abs(layout.similarity(raw, false, true) - plainCosine) < 1e-6);
    // A query with an edit part, or a record without a fix part, keeps the cosine as it is.
    assert.equal(layout.similarity(raw, true, true), raw);
    const unproven = cosine(query, layout.compose(storedFailure));
    assert.ok(Math.abs(unproven - plainCosine) < 1e-6);
    assert.equal(layout.similarity(unproven, false, false), unproven);
  });

  it("similarity stays within [-1, 1]", () => {
    assert.equal(layout.similarity(0.9, false, true), 1);
    assert.equal(layout.similarity(-0.9, false, true), -1);
  });

  it("withFix keeps the failure part and replaces an earlier fix part", () => {
    const stored = layout.compose(failure);
    const bound = layout.withFix(stored, BOUND_FIX);
    assert.ok(maxDiff(layout.failurePart(bound), layout.failurePart(stored)) < 1e-6);
    assert.ok(maxDiff(layout.failurePart(bound), failure) < 1e-6);
    assert.ok(Math.abs(norm(bound) - 1) < 1e-5);

    const reFixed = layout.withFix(bound, AWAIT_FIX);
    assert.ok(maxDiff(layout.failurePart(reFixed), failure) < 1e-6);
    assert.ok(maxDiff(tail(layout, reFixed), tail(layout, bound)) > 0.01, "another fix, another tail");
    assert.ok(
      maxDiff(tail(layout, reFixed), tail(layout, layout.withFix(stored, AWAIT_FIX))) < 1e-6,
      "the earlier fix left no trace",
    );
    assert.ok(maxDiff(layout.withFix(bound, BOUND_FIX), bound) < 1e-6, "the same fix twice is idempotent");
  });

  it("queryVector with a recent change ranks the fix of the same shape above an identical failure with another fix", async () => {
    const stored = layout.compose(failure);
    const sameShape = layout.withFix(stored, BOUND_FIX);
    const otherShape = layout.withFix(stored, AWAIT_FIX);

    const withChange = await layout.queryVector(FAILURE, CHANGE);
    assert.ok(withChange.edit, "a change gives the query an edit part");
    const same = cosine(withChange.vector, sameShape);
    const other = cosine(withChange.vector, otherShape);
    assert.ok(same > other + 0.1, `same shape ${same}, other shape ${other}`);
    assert.ok(same > cosine(withChange.vector, layout.withFix(stored, SWAP_FIX)) + 0.1);

    const without = await layout.queryVector(FAILURE);
    assert.equal(without.edit, undefined);
    assert.ok(tail(layout, without.vector).every((x) => x === 0));
    assert.ok(Math.abs(cosine(without.vector, sameShape) - cosine(without.vector, otherShape)) < 1e-6);
    // The failure text still matters: another failure ranks below, change or not.
    const unrelated = layout.withFix(layout.compose(embedder.embedOne(OTHER_FAILURE)), BOUND_FIX);
    assert.ok(cosine(without.vector, sameShape) > cosine(without.vector, unrelated) + 0.3);
  });

  it("queryVector treats a change without hunks as no change", async () => {
    const query = await layout.queryVector(FAILURE, "Binary files a/logo.png and b/logo.png differ\n");
    assert.equal(query.edit, undefined);
    assert.ok(maxDiff(query.vector, layout.compose(failure)) < 1e-6);
  });

  it("editSimilarity is 1 for a fix that exactly undoes the change, and lower for other fixes", async () => {
    const { edit } = await layout.queryVector(FAILURE, CHANGE);
    assert.ok(edit);
    const undo = block(
      "allow.py",
      "    if count is None:\n        return False\n    return count > limit",
      "    if count is None:\n        return False\n    return count >= limit",
    );
    assert.ok(Math.abs(layout.editSimilarity(edit, undo) - 1) < 1e-6, `got ${layout.editSimilarity(edit, undo)}`);
    // The undo written as a reversed unified diff reads the same.
    const reversed =
      "@@ -3,3 +3,3 @@ def allow(count, limit):\n     if count is None:\n         return False\n-    return count > limit\n+    return count >= limit\n";
    assert.ok(Math.abs(layout.editSimilarity(edit, reversed) - 1) < 1e-6);
    // Re-applying the change (not undoing it) is a different shape.
    const redo = block("allow.py", "    return count >= limit", "    return count > limit");
    assert.ok(layout.editSimilarity(edit, redo) < 0.9, `redo ${layout.editSimilarity(edit, redo)}`);
    assert.ok(layout.editSimilarity(edit, AWAIT_FIX) < 0.2, `await ${layout.editSimilarity(edit, AWAIT_FIX)}`);
  });

  it("editVector gives a fix without a readable shape one fixed unit vector", () => {
    const a = editVector([]);
    const b = editVector([{ before: "x = 1", after: "x = 1" }]);
    assert.equal(a.length, EDIT_DIM);
    assert.ok(Math.abs(norm(a) - 1) < 1e-6);
    assert.deepEqual(Array.from(a), Array.from(b));
    assert.ok(cosine(a, editVector([{ before: "a < b", after: "a <= b" }])) < 0.5);
  });

  it("works with another embedder dimension", () => {
    const small = new SmallEmbedder(64);
    const smallLayout = new VectorLayout(small, 64);
    assert.equal(smallLayout.dim, 64 + EDIT_DIM);
    const v = smallLayout.withFix(smallLayout.compose(small.embedOne(FAILURE)), BOUND_FIX);
    assert.equal(v.length, 64 + EDIT_DIM);
    assert.ok(maxDiff(smallLayout.failurePart(v), small.embedOne(FAILURE)) < 1e-6);
    assert.throws(() => smallLayout.compose(failure), /gave 384 dimensions, expected 64/);
  });
});
