import assert from "node:assert/strict";
import { HashingEmbedder, type LanceStore } from "../../../agent-core/memory";
import { PendingWrites } from "../../../agent-core/memory/pendingWrites";
import { lanceStoreFixture, makeRecord } from "../../unit/memory/helpers";

/** Holds the store's write queue (where flushes, optimize and index builds run) until `release` is called. */
function holdWriteQueue(store: LanceStore): { held: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const serial = (store as unknown as { serial: (task: () => Promise<void>) => Promise<void> }).serial.bind(store);
  return { held: serial(() => gate), release };
}

/** Fails clearly instead of hanging when a read waits for the held queue. */
function unblocked<T>(read: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("the read waited for the write queue")), 5000)));
  return Promise.race([read, late]).finally(() => clearTimeout(timer));
}

describe("memory: reads never wait for LanceDB writes", function () {
  const fixture = lanceStoreFixture();
  const embedder = new HashingEmbedder();
  let store: LanceStore;
  beforeEach(async () => {
    store = await fixture.open({ tuning: { flushDelayMs: 60_000 } });
  });

  it("searches, gets and lists while the write queue is busy, and sees queued records and their updates", async () => {
    const committed = makeRecord({ id: "old", errorText: "TypeError: Cannot read properties of undefined (reading 'length')", fixSucceeded: true });
    await store.add([committed]);
    await store.flush();
    const queue = holdWriteQueue(store);
    const flushing = store.flush();
    const queued = makeRecord({ id: "new", signature: "sig-new", errorText: "TypeError: Cannot read properties of undefined (reading 'size')" });
    await store.add([queued]);
    await store.update("new", { timesSeen: 4 });

    const query = embedder.embedOne("TypeError: Cannot read properties of undefined (reading 'size')");
    const hits = await unblocked(store.search(query, 5));
    assert.deepEqual(hits.map((h) => h.record.id), ["new", "old"], "the queued record is found and ranked by its exact cosine");
    assert.ok(hits[0].similarity > 0.99 && hits[0].similarity <= 1.0001);
    assert.equal("vector" in hits[0].record, false, "queued hits carry no vector either");
    assert.equal(hits[0].record.timesSeen, 4);
    assert.deepEqual((await unblocked(store.search(query, 5, { provenOnly: true }))).map((h) => h.record.id), ["old"], "filters apply to queued records");
    assert.equal((await unblocked(store.get("new")))?.timesSeen, 4);
    assert.deepEqual((await unblocked(store.bySignature("sig-new"))).map((r) => r.id), ["new"]);
    assert.deepEqual((await unblocked(store.all())).map((r) => r.id).sort(), ["new", "old"]);

    queue.release();
    await Promise.all([queue.held, flushing]);
    await store.flush();
    assert.equal(await store.count(), 2);
    assert.deepEqual((await unblocked(store.search(query, 5))).map((h) => h.record.id), ["new", "old"], "same answer once written");
  });
});

describe("memory: PendingWrites", () => {
  it("keeps a batch visible while it is written and requeues it in order when the commit fails", async () => {
    const pending = new PendingWrites();
    pending.push([makeRecord({ id: "a" }), makeRecord({ id: "b" })]);
    let seenDuringCommit: string[] = [];
    await assert.rejects(
      pending.write(async () => {
        pending.push([makeRecord({ id: "c" })]);
        seenDuringCommit = pending.matching(() => true).map((r) => r.id);
        throw new Error("disk full");
      }),
      /disk full/,
    );
    assert.deepEqual(seenDuringCommit, ["a", "b", "c"]);
    assert.deepEqual(pending.matching(() => true).map((r) => r.id), ["a", "b", "c"], "nothing lost, order kept");
    assert.equal(pending.size, 3);
    assert.equal(await pending.write(async () => undefined), 3);
    assert.equal(pending.size, 0);
    assert.deepEqual(pending.matching(() => true), []);
  });

  it("replaces table rows by their uncommitted versions and merges hits best first", () => {
    const pending = new PendingWrites();
    const vector = new Float32Array([1, 0, 0]);
    pending.push([makeRecord({ id: "x", vector: new Float32Array([0.6, 0.8, 0]), timesSeen: 9, dim: 3 })]);
    const tableRow = makeRecord({ id: "x", timesSeen: 1 });
    assert.deepEqual(pending.mergeRows([tableRow], () => true).map((r) => r.timesSeen), [9]);
    const { vector: _v, ...other } = makeRecord({ id: "y" });
    const merged = pending.mergeHits([{ record: other, similarity: 0.9 }, { record: tableRow, similarity: 0.1 }], vector, 5);
    assert.deepEqual(merged.map((h) => [h.record.id, Math.round(h.similarity * 100) / 100]), [["y", 0.9], ["x", 0.6]]);
    assert.equal(pending.mergeHits([{ record: other, similarity: 0.9 }], vector, 1).length, 1, "k is respected");
  });
});
