import assert from "node:assert/strict";
import { LanceStore, loadLanceModules, type LanceModules } from "../../../agent-core/memory";
import { ivfPartitionsFor, needsVectorIndex } from "../../../agent-core/memory/lanceStore";
import { makeRecord, randomVectors, tempDir } from "../../unit/memory/helpers";

describe("memory: LanceStore vector index sizing", function () {
  this.timeout(60_000);

  it("sizes IVF partitions at about √rows, within 16..512", () => {
    assert.equal(ivfPartitionsFor(0), 16);
    assert.equal(ivfPartitionsFor(5_000), 71);
    assert.equal(ivfPartitionsFor(100_000), 316);
    assert.equal(ivfPartitionsFor(10_000_000), 512);
  });

  it("builds past the threshold, retrains after ~4× growth, and retrains an older index once", () => {
    assert.equal(needsVectorIndex(4_999, 0, 5_000), false, "below the threshold");
    assert.equal(needsVectorIndex(5_000, 0, 5_000), true, "no index yet");
    assert.equal(needsVectorIndex(19_000, 71, 5_000), false, "grown, but under 4×");
    assert.equal(needsVectorIndex(20_200, 71, 5_000), true, "√rows is twice the partitions");
    assert.equal(needsVectorIndex(5_000_000, 512, 5_000), false, "already at the largest size");
    assert.equal(needsVectorIndex(6_000, -1, 5_000), true, "index of unknown shape");
  });

  describe("with real LanceDB", () => {
    let modules: LanceModules;
    let dir: string;
    let cleanup: () => void;
    let store: LanceStore | undefined;

    before(async () => {
      modules = await loadLanceModules();
    });
    beforeEach(() => ({ dir, cleanup } = tempDir()));
    afterEach(async () => {
      await store?.close();
      store = undefined;
      cleanup();
    });

    async function vectorIndexNames(): Promise<string[]> {
      const db = await modules.lance.connect(dir);
      try {
        const table = await db.openTable(store!.tableName);
        return (await table.listIndices()).filter((i) => i.columns.includes("vector")).map((i) => i.name);
      } finally {
        db.close();
      }
    }

    it("retrains the index in the background as the table grows, keeping exactly one vector index", async () => {
      const warnings: string[] = [];
      const vectors = randomVectors(1_200, 384, 11);
      const tuning = { indexThreshold: 250, optimizeEvery: 1e9, batchSize: 10_000 };
      store = await LanceStore.open({ dir, embedder: "hash-v1", dim: 384, ...modules, tuning, log: (level, msg) => level === "warn" && warnings.push(msg) });
      const addRange = async (from: number, to: number) => {
        await store!.add(vectors.slice(from, to).map((vector, j) => makeRecord({ id: `r${from + j}`, vector, embedder: "hash-v1" })));
        await store!.flush();
        await store!.idle();
      };

      await addRange(0, 300);
      assert.equal(store.partitions, 17);
      assert.deepEqual(await vectorIndexNames(), ["vector_ivf_rq4_p17"]);

      await addRange(300, 1_000);
      assert.equal(store.partitions, 17, "√1000 ≈ 32 is under twice 17: no retrain yet");

      await addRange(1_000, 1_200);
      assert.equal(store.partitions, 35);
      assert.deepEqual(await vectorIndexNames(), ["vector_ivf_rq4_p35"], "the old index is dropped");
      assert.deepEqual(warnings, []);

      const hits = await store.search(vectors[1_050], 3);
      assert.equal(hits[0].record.id, "r1050");
      assert.equal(await store.count(), 1_200);

      // A reopened store reads the index size back from the name.
      await store.close();
      store = await LanceStore.open({ dir, embedder: "hash-v1", dim: 384, ...modules, tuning });
      assert.equal(store.partitions, 35);
      assert.equal(store.indexed, true);
    });

    it("indexes fix_succeeded for proven-only searches, and updates after the index are still seen", async () => {
      const vectors = randomVectors(400, 384, 23);
      store = await LanceStore.open({ dir, embedder: "hash-v1", dim: 384, ...modules, tuning: { indexThreshold: 300, optimizeEvery: 1e9, batchSize: 10_000 } });
      await store.add(vectors.map((vector, i) => makeRecord({ id: `p${i}`, vector, embedder: "hash-v1", fixSucceeded: i % 2 === 0 })));
      await store.flush();
      await store.idle();
      const db = await modules.lance.connect(dir);
      try {
        const table = await db.openTable(store.tableName);
        assert.deepEqual((await table.listIndices()).filter((i) => i.columns.includes("fix_succeeded")).map((i) => i.indexType), ["Bitmap"]);
        table.close();
      } finally {
        db.close();
      }
      const proven = async (i: number) => (await store!.search(vectors[i], 1, { provenOnly: true }))[0]?.record;
      assert.equal((await proven(10))?.id, "p10");
      assert.notEqual((await proven(11))?.id, "p11", "an unproven record is filtered out");

      await store.update("p11", { fixSucceeded: true });
      await store.update("p10", { fixSucceeded: false });
      assert.equal((await proven(11))?.id, "p11");
      assert.equal((await proven(11))?.fixSucceeded, true);
      assert.notEqual((await proven(10))?.id, "p10");
    });

    it("replaces an index built by an older version (default name) once the table is past the threshold", async () => {
      const vectors = randomVectors(400, 384, 5);
      const tuning = { indexThreshold: 300, optimizeEvery: 1e9, batchSize: 10_000 };
      store = await LanceStore.open({ dir, embedder: "hash-v1", dim: 384, ...modules, tuning: { ...tuning, indexThreshold: Infinity } });
      await store.add(vectors.slice(0, 350).map((vector, i) => makeRecord({ id: `o${i}`, vector, embedder: "hash-v1" })));
      await store.flush();
      const db = await modules.lance.connect(dir);
      const table = await db.openTable(store.tableName);
      await table.createIndex("vector", { config: modules.lance.Index.ivfFlat({ distanceType: "cosine", numPartitions: 4 }) });
      table.close();
      db.close();
      await store.close();

      store = await LanceStore.open({ dir, embedder: "hash-v1", dim: 384, ...modules, tuning });
      assert.equal(store.partitions, -1);
      await store.add(vectors.slice(350).map((vector, i) => makeRecord({ id: `n${i}`, vector, embedder: "hash-v1" })));
      await store.flush();
      await store.idle();
      assert.equal(store.partitions, 20);
      assert.deepEqual(await vectorIndexNames(), ["vector_ivf_rq4_p20"]);
      assert.equal((await store.search(vectors[377], 1))[0].record.id, "n27");
    });
  });
});
