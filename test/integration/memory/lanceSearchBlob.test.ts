import assert from "node:assert/strict";
import { HashingEmbedder, type LanceStore, tableNameFor } from "../../../agent-core/memory";
import { failureSchema, recordsToArrow, SEARCH_BLOB } from "../../../agent-core/memory/lanceRows";
import type { FailureRecord } from "../../../agent-core/memory/records";
import { lanceStoreFixture, makeRecord, randomVectors } from "../../unit/memory/helpers";

/** A search hit's record must equal the stored record minus its vector, however it was updated. */
function withoutVector(record: FailureRecord | undefined): Omit<FailureRecord, "vector"> {
  assert.ok(record, "record exists");
  const { vector: _vector, ...rest } = record;
  return rest;
}

describe("memory: LanceStore search copy (search_blob) stays in step with the columns", function () {
  this.timeout(60_000);
  const fixture = lanceStoreFixture();
  const embedder = new HashingEmbedder();
  const openStore = () => fixture.open();

  async function hitFor(store: LanceStore, record: FailureRecord) {
    const hits = await store.search(record.vector, 1);
    assert.equal(hits[0]?.record.id, record.id);
    return hits[0].record;
  }

  it("shows updated fields in search hits, for text with quotes, backslashes, newlines and emoji", async () => {
    const store = await openStore();
    const tricky = "it's \"quoted\" \\ C:\\path\\n\nsecond line\ttab — ünïcödé 🚀 ' OR 1=1 --";
    const a = makeRecord({ id: "a'1", errorText: `TypeError: ${tricky}`, codeContext: tricky });
    const b = makeRecord({ id: "b", errorText: "AssertionError: expected 3 to equal 4" });
    await store.add([a, b]);
    assert.deepEqual(await hitFor(store, a), withoutVector(a));

    await store.update("a'1", { fixPatch: tricky, timesUsed: 3, timesSucceeded: 2, fixSucceeded: true, lastSeenAt: 1234.5 });
    await store.update("a'1", { tokens: 77 });
    const stored = await store.get("a'1");
    assert.equal(stored?.fixPatch, tricky);
    assert.equal(stored?.tokens, 77);
    assert.deepEqual(await hitFor(store, a), withoutVector(stored));
    assert.deepEqual(await hitFor(store, b), withoutVector(b), "other rows untouched");

    const proven = await store.search(a.vector, 5, { provenOnly: true });
    assert.deepEqual(proven.map((h) => h.record.id), ["a'1"]);
  });

  it("keeps the search copy when only the vector changes, and finds the record by its new vector", async () => {
    const store = await openStore();
    const [v1, v2] = randomVectors(2, embedder.dim, 3);
    const record = makeRecord({ id: "v", vector: v1, timesUsed: 4 });
    await store.add([record, makeRecord({ id: "other" })]);
    await store.update("v", { vector: v2 });
    const hits = await store.search(v2, 1);
    assert.equal(hits[0].record.id, "v");
    assert.ok(hits[0].similarity > 0.999);
    assert.deepEqual(hits[0].record, withoutVector(record));
  });

  it("merges updates of different fields made at the same time by two stores on one folder", async () => {
    const first = await openStore();
    const second = await openStore();
    const record = makeRecord({ id: "shared" });
    await first.add([record]);
    await first.flush();
    for (let round = 1; round <= 4; round++) {
      await Promise.all([first.update("shared", { timesUsed: round }), second.update("shared", { fixPatch: `fix ${round}`, tokens: round * 10 })]);
    }
    const third = await openStore();
    const stored = await third.get("shared");
    assert.equal(stored?.timesUsed, 4);
    assert.equal(stored?.fixPatch, "fix 4");
    assert.equal(stored?.tokens, 40);
    assert.deepEqual(await hitFor(third, record), withoutVector(stored));
  });

  it("reads, searches and updates a table written before the search copy existed", async () => {
    const old = [makeRecord({ id: "old-1", errorText: "RangeError: Invalid time value" }), makeRecord({ id: "old-2" })];
    const schema = failureSchema(fixture.modules.arrow, embedder.dim, false);
    const db = await fixture.modules.lance.connect(fixture.dir);
    const oldTable = await db.createEmptyTable(tableNameFor(embedder.name, embedder.dim), schema);
    await oldTable.add(recordsToArrow(fixture.modules.arrow, schema, old));
    assert.equal((await oldTable.schema()).fields.some((f) => f.name === SEARCH_BLOB), false);
    oldTable.close();
    db.close();

    const store = await openStore();
    assert.deepEqual(await hitFor(store, old[0]), withoutVector(old[0]));
    await store.update("old-1", { timesUsed: 5, fixPatch: "fixed" });
    const fresh = makeRecord({ id: "new", errorText: "ModuleNotFoundError: No module named 'yaml'" });
    await store.add([fresh]);
    assert.deepEqual(await hitFor(store, old[0]), withoutVector(await store.get("old-1")));
    assert.equal((await store.get("old-1"))?.fixPatch, "fixed");
    assert.deepEqual(await hitFor(store, fresh), withoutVector(fresh));
    assert.equal(await store.count(), 3);
  });
});
