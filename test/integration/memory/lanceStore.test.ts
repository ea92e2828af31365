import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { HashingEmbedder, JsonStore, tableNameFor } from "../../../agent-core/memory";
import { lanceStoreFixture, makeRecord, randomVectors, SmallEmbedder } from "../../unit/memory/helpers";

describe("memory: LanceStore (real LanceDB)", () => {
  const fixture = lanceStoreFixture();
  const embedder = new HashingEmbedder();

  function openStore(
    indexFrom?: number,
    log?: (level: string, msg: string) => void,
    name = embedder.name,
    dim = embedder.dim,
  ) {
    return fixture.open({ indexFrom, log, embedder: name, dim });
  }

  it("adds, searches by cosine, finds by signature, updates and deletes", async () => {
    const store = await openStore();
    const a = makeRecord({
      id: "a'1",
      signature: "sig-'quoted'",
      errorText: "TypeError: Cannot read properties of undefined (reading 'length')",
    });
    const b = makeRecord({ id: "b", signature: "sig-b", errorText: "AssertionError: expected 3 to equal 4" });
    const c = makeRecord({ id: "c", signature: "sig-b", errorText: "ModuleNotFoundError: No module named 'requests'" });
    await store.add([a, b, c]);
    assert.equal(await store.count(), 3);

    const hits = await store.search(
      embedder.embedOne("TypeError: Cannot read properties of undefined (reading 'size')"),
      2,
    );
    assert.equal(hits.length, 2);
    assert.equal(hits[0].record.id, "a'1");
    assert.ok(hits[0].similarity > 0.7 && hits[0].similarity <= 1.0001, `similarity ${hits[0].similarity}`);
    assert.ok(hits[0].similarity > hits[1].similarity);
    assert.equal("vector" in hits[0].record, false, "search hits carry no vector");
    assert.deepEqual({ ...hits[0].record, vector: a.vector }, a, "every other field comes back intact");
    assert.deepEqual(
      Array.from((await store.get("a'1"))!.vector),
      Array.from(a.vector),
      "get() still returns the vector",
    );

    assert.deepEqual(
      (await store.bySignature("sig-'quoted'")).map((r) => r.id),
      ["a'1"],
    );
    assert.deepEqual((await store.bySignature("sig-b")).map((r) => r.id).sort(), ["b", "c"]);

    await store.update("a'1", { fixPatch: "it's a 'fix' \\ with quotes", timesUsed: 2, fixSucceeded: true });
    const updated = await store.get("a'1");
    assert.equal(updated?.fixPatch, "it's a 'fix' \\ with quotes");
    assert.equal(updated?.timesUsed, 2);
    assert.equal(updated?.fixSucceeded, true);
    assert.equal((await store.get("b"))?.timesUsed, 0, "other rows untouched");

    await store.update("missing", { timesUsed: 9 });
    await store.delete(["b", "c"]);
    assert.deepEqual(
      (await store.all()).map((r) => r.id),
      ["a'1"],
    );
  });

  it("shows every write to another reader of the same folder as soon as it returns", async () => {
    const writer = await openStore();
    const reader = await openStore();
    await writer.add([makeRecord({ id: "x1" }), makeRecord({ id: "x2" })]);
    assert.equal(await reader.count(), 2);
    await writer.update("x1", { timesSeen: 5 });
    assert.equal((await reader.get("x1"))?.timesSeen, 5);
    assert.deepEqual((await reader.search(makeRecord().vector, 5, { project: "named:test" })).length, 2);
    assert.deepEqual(
      await reader.search(makeRecord().vector, 5, { project: "named:other" }),
      [],
      "the project filter holds",
    );
  });

  it("uses one table per embedder so vectors never mix, and rejects foreign records", async () => {
    const other = new SmallEmbedder(128);
    const hashStore = await openStore();
    const otherStore = await openStore(undefined, undefined, other.name, other.dim);
    await hashStore.add([makeRecord({ id: "h" })]);
    await otherStore.add([
      makeRecord({ id: "o", vector: other.embedOne("AssertionError"), embedder: other.name, dim: 128 }),
    ]);
    assert.equal(await hashStore.count(), 1);
    assert.equal(await otherStore.count(), 1);
    assert.deepEqual(
      (await otherStore.search(other.embedOne("AssertionError"), 5)).map((h) => h.record.id),
      ["o"],
    );
    const tables = readdirSync(fixture.dir)
      .filter((f) => f.endsWith(".lance"))
      .sort();
    assert.deepEqual(
      tables,
      [`${tableNameFor(embedder.name, 384)}.lance`, `${tableNameFor(other.name, 128)}.lance`].sort(),
    );
    await assert.rejects(
      hashStore.add([makeRecord({ id: "bad", vector: other.embedOne("x"), embedder: other.name, dim: 128 })]),
      /this store holds hash-v2\/384/,
    );
    await assert.rejects(hashStore.search(new Float32Array(128), 3), /128 dimensions/);
  });

  it("builds LanceDB's default cosine IVF index once the table is large, and still finds what a flat search finds", async () => {
    const warnings: string[] = [];
    let store = await openStore(300, (level, msg) => level === "warn" && warnings.push(msg));
    await store.idle();
    const vectors = randomVectors(400, 384, 7);
    const records = vectors.map((vector, i) => makeRecord({ id: `r${i}`, vector, fixSucceeded: i % 3 !== 0 }));
    for (let i = 0; i < 400; i += 100) await store.add(records.slice(i, i + 100));
    assert.equal(await store.indexed(), false, "upkeep runs on open and every few dozen commits");
    await store.close();
    store = await openStore(300, (level, msg) => level === "warn" && warnings.push(msg));
    await store.idle();
    assert.deepEqual(warnings, []);
    assert.equal(await store.indexed(), true);
    const flat = await JsonStore.open({ embedder: store.embedder, dim: store.dim });
    await flat.add(records);
    for (const query of randomVectors(10, 384, 99)) {
      const [indexed, exact] = [
        await store.search(query, 5, { provenOnly: true }),
        await flat.search(query, 5, { provenOnly: true }),
      ];
      assert.deepEqual(
        indexed.map((h) => h.record.id),
        exact.map((h) => h.record.id),
      );
      indexed.forEach((h, i) => assert.ok(Math.abs(h.similarity - exact[i].similarity) < 1e-5, "distances stay exact"));
    }
    assert.equal(await store.count(), 400);
  });
});
