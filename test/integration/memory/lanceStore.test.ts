import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { HashingEmbedder, type LanceStoreTuning, tableNameFor } from "../../../agent-core/memory";
import { lanceStoreFixture, makeRecord, randomVectors } from "../../unit/memory/helpers";

describe("memory: LanceStore (real LanceDB)", function () {
  const fixture = lanceStoreFixture();
  const embedder = new HashingEmbedder();

  function openStore(tuning: Partial<LanceStoreTuning> = {}, log?: (level: string, msg: string) => void, name = embedder.name, dim = embedder.dim) {
    return fixture.open({ tuning, log, embedder: name, dim });
  }

  it("adds, searches by cosine, finds by signature, updates and deletes", async () => {
    const store = await openStore();
    const a = makeRecord({ id: "a'1", signature: "sig-'quoted'", errorText: "TypeError: Cannot read properties of undefined (reading 'length')" });
    const b = makeRecord({ id: "b", signature: "sig-b", errorText: "AssertionError: expected 3 to equal 4" });
    const c = makeRecord({ id: "c", signature: "sig-b", errorText: "ModuleNotFoundError: No module named 'requests'" });
    await store.add([a, b, c]);
    assert.equal(await store.count(), 3);

    const hits = await store.search(embedder.embedOne("TypeError: Cannot read properties of undefined (reading 'size')"), 2);
    assert.equal(hits.length, 2);
    assert.equal(hits[0].record.id, "a'1");
    assert.ok(hits[0].similarity > 0.7 && hits[0].similarity <= 1.0001, `similarity ${hits[0].similarity}`);
    assert.ok(hits[0].similarity > hits[1].similarity);
    assert.equal("vector" in hits[0].record, false, "search hits carry no vector");
    assert.deepEqual({ ...hits[0].record, vector: a.vector }, a, "every other field comes back intact");
    assert.deepEqual(Array.from((await store.get("a'1"))!.vector), Array.from(a.vector), "get() still returns the vector");

    assert.deepEqual((await store.bySignature("sig-'quoted'")).map((r) => r.id), ["a'1"]);
    assert.deepEqual((await store.bySignature("sig-b")).map((r) => r.id).sort(), ["b", "c"]);

    await store.update("a'1", { fixPatch: "it's a 'fix' \\ with quotes", timesUsed: 2, fixSucceeded: true });
    const updated = await store.get("a'1");
    assert.equal(updated?.fixPatch, "it's a 'fix' \\ with quotes");
    assert.equal(updated?.timesUsed, 2);
    assert.equal(updated?.fixSucceeded, true);
    assert.equal((await store.get("b"))?.timesUsed, 0, "other rows untouched");

    await store.update("missing", { timesUsed: 9 });
    await store.delete(["b", "c"]);
    assert.deepEqual((await store.all()).map((r) => r.id), ["a'1"]);
  });

  it("keeps batched writes invisible to other readers until flushed, then shows them", async () => {
    const writer = await openStore({ flushDelayMs: 60_000, batchSize: 64 });
    const reader = await openStore();
    await writer.add([makeRecord({ id: "x1" }), makeRecord({ id: "x2" })]);
    assert.equal(await reader.count(), 0, "queued records are not written yet");
    await writer.update("x1", { timesSeen: 5 });
    await writer.flush();
    assert.equal(await reader.count(), 2);
    assert.equal((await reader.get("x1"))?.timesSeen, 5, "update of a queued record is kept");

    await writer.add(Array.from({ length: 64 }, (_, i) => makeRecord({ id: `batch-${i}` })));
    assert.equal(await reader.count(), 66, "a full batch is written at once");
  });

  it("flushes queued records by itself shortly after the last add", async () => {
    const writer = await openStore({ flushDelayMs: 20 });
    const reader = await openStore();
    await writer.add([makeRecord({ id: "late" })]);
    const deadline = Date.now() + 10_000;
    while ((await reader.count()) === 0) {
      assert.ok(Date.now() < deadline, "the delayed flush never happened");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal((await reader.get("late"))?.id, "late");
  });

  it("uses one table per embedder so vectors never mix, and rejects foreign records", async () => {
    const other = new HashingEmbedder({ dim: 128 });
    const hashStore = await openStore();
    const otherStore = await openStore({}, undefined, other.name, other.dim);
    await hashStore.add([makeRecord({ id: "h" })]);
    await otherStore.add([makeRecord({ id: "o", vector: other.embedOne("AssertionError"), embedder: other.name, dim: 128 })]);
    assert.equal(await hashStore.count(), 1);
    assert.equal(await otherStore.count(), 1);
    assert.deepEqual((await otherStore.search(other.embedOne("AssertionError"), 5)).map((h) => h.record.id), ["o"]);
    const tables = readdirSync(fixture.dir).filter((f) => f.endsWith(".lance")).sort();
    assert.deepEqual(tables, [`${tableNameFor(embedder.name, 384)}.lance`, `${tableNameFor(other.name, 128)}.lance`].sort());
    await assert.rejects(hashStore.add([makeRecord({ id: "bad", vector: other.embedOne("x"), embedder: other.name, dim: 128 })]), /this store holds hash-v2\/384/);
    await assert.rejects(hashStore.search(new Float32Array(128), 3), /128 dimensions/);
  });

  it("builds a cosine IVF_RQ index past the threshold and optimizes in the background", async () => {
    const warnings: string[] = [];
    const store = await openStore({ indexThreshold: 300, optimizeEvery: 3 }, (level, msg) => level === "warn" && warnings.push(msg));
    const vectors = randomVectors(400, 384, 7);
    for (let i = 0; i < 400; i += 100) {
      await store.add(vectors.slice(i, i + 100).map((vector, j) => makeRecord({ id: `r${i + j}`, vector })));
      await store.flush();
    }
    await store.idle();
    assert.deepEqual(warnings, []);
    assert.equal(store.indexed, true);
    const db = await fixture.modules.lance.connect(fixture.dir);
    const indices = await (await db.openTable(store.tableName)).listIndices();
    db.close();
    const byColumn = Object.fromEntries(indices.map((index) => [index.columns.join(","), index.indexType]));
    assert.deepEqual(byColumn, { vector: "IvfRq", fix_succeeded: "Bitmap" });
    const hits = await store.search(vectors[123], 5);
    assert.equal(hits[0].record.id, "r123");
    assert.ok(hits[0].similarity > 0.999);
    assert.equal(await store.count(), 400);
  });
});
