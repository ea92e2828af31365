import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  cpuLacksLanceFeatures,
  EDIT_DIM,
  HashingEmbedder,
  type MemoryStore,
  openFailureMemory,
  openMemoryStore,
  RemoteEmbedder,
  storedSpaceName,
  tableNameFor,
} from "../../../agent-core/memory";
import { makeStoredRecord, tempDir } from "../../unit/memory/helpers";

/** Every file below `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe("memory: openMemoryStore", function () {
  this.timeout(30_000);
  const embedder = new HashingEmbedder();
  let root: string;
  let cleanup: () => void;
  let stores: MemoryStore[];
  let logs: Array<{ level: string; message: string }>;
  const log = (level: string, message: string) => logs.push({ level, message });

  beforeEach(() => {
    ({ dir: root, cleanup } = tempDir());
    stores = [];
    logs = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    cleanup();
  });

  it("opens LanceDB by default, with no warning", async () => {
    const opened = await openMemoryStore(path.join(root, "mem"), { embedder, log });
    stores.push(opened.store);
    assert.equal(opened.backend, "lancedb");
    assert.equal(opened.warning, undefined);
    assert.equal(opened.persistent, true);
    assert.deepEqual(
      logs.filter((l) => l.level === "warn"),
      [],
    );
  });

  it("falls back to the built-in store with exactly one warning when LanceDB cannot load", async () => {
    const dir = path.join(root, "mem");
    const loadLance = async () => {
      throw new Error("Cannot find native binding. npm has a bug related to optional dependencies");
    };
    const opened = await openMemoryStore(dir, { embedder, log, loadLance });
    stores.push(opened.store);
    assert.equal(opened.backend, "builtin");
    assert.match(opened.warning ?? "", /LanceDB could not be loaded \(Cannot find native binding/);
    assert.deepEqual(
      logs.filter((l) => l.level === "warn").map((l) => l.message),
      [opened.warning],
    );

    await opened.store.add([makeStoredRecord({ id: "j1" })]);
    await opened.store.close();
    stores = [];
    const again = await openMemoryStore(dir, { embedder, backend: "builtin" });
    stores.push(again.store);
    assert.equal(again.warning, undefined, "choosing the built-in store is not a degradation");
    assert.deepEqual(
      (await again.store.all()).map((r) => r.id),
      ["j1"],
    );
    assert.ok(existsSync(path.join(dir, `${tableNameFor(storedSpaceName(embedder.name), 384 + EDIT_DIM)}.jsonl`)));
  });

  it("moves a damaged table aside (never deletes it) and starts fresh", async () => {
    const dir = path.join(root, "mem");
    const first = await openMemoryStore(dir, { embedder });
    await first.store.add([makeStoredRecord({ id: "old-1" }), makeStoredRecord({ id: "old-2" })]);
    await first.store.close();
    const before = filesUnder(dir)
      .map((f) => path.relative(dir, f))
      .sort();
    const damaged = filesUnder(dir).filter((f) => /\.(lance|manifest)$/.test(f));
    assert.ok(damaged.length >= 2, `expected data and manifest files, got ${damaged.join(", ")}`);
    for (const file of damaged) writeFileSync(file, "this is not a lance file ".repeat(40));

    const opened = await openMemoryStore(dir, { embedder, log });
    stores.push(opened.store);
    assert.equal(opened.backend, "lancedb");
    assert.match(opened.warning ?? "", /damaged .* moved to .*\.corrupt-/);
    assert.ok(opened.movedAsideTo?.startsWith(`${dir}.corrupt-`), opened.movedAsideTo);
    const kept = filesUnder(opened.movedAsideTo!)
      .map((f) => path.relative(opened.movedAsideTo!, f))
      .sort();
    assert.deepEqual(kept, before, "every file of the damaged store is still on disk");
    assert.equal(await opened.store.count(), 0);
    await opened.store.add([makeStoredRecord({ id: "new-1" })]);
    assert.deepEqual(
      (await opened.store.all()).map((r) => r.id),
      ["new-1"],
    );
    assert.equal(logs.filter((l) => l.level === "warn").length, 1);
  });

  it("keeps memory in process only, with a clear warning, when the folder cannot be written", async () => {
    // Tests run as root, where chmod 555 does not stop writes; a path below a regular FILE fails with
    // ENOTDIR for every user, which is what a read-only mount looks like to the store.
    const blocker = path.join(root, "not-a-folder");
    writeFileSync(blocker, "x");
    const dir = path.join(blocker, "memory");
    const opened = await openMemoryStore(dir, { embedder, log });
    stores.push(opened.store);
    assert.equal(opened.backend, "builtin");
    assert.equal(opened.persistent, false);
    assert.match(opened.warning ?? "", /not writable \(ENOTDIR\).*this run only/);
    await opened.store.add([makeStoredRecord({ id: "m1" })]);
    assert.equal(await opened.store.count(), 1);
    assert.equal(existsSync(dir), false);
  });

  it("opens a FailureMemory for hosts, reporting degradation through the host logger once", async () => {
    const warnings: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (m: string) => warnings.push(m),
      error: () => undefined,
    };
    const blocker = path.join(root, "file");
    writeFileSync(blocker, "x");
    const memory = await openFailureMemory({ dir: path.join(blocker, "mem"), log: logger });
    stores.push(memory.store);
    assert.deepEqual(memory.status && [memory.status.backend, memory.status.persistent], ["builtin", false]);
    assert.equal(warnings.length, 1);
    assert.equal(memory.status?.warning, warnings[0]);

    const healthy = await openFailureMemory({ dir: path.join(root, "ok"), log: logger });
    stores.push(healthy.store);
    assert.equal(healthy.status?.backend, "lancedb");
    assert.equal(warnings.length, 1);
  });

  it("learns a remote embedder's dimension before naming its table", async () => {
    const remote = new RemoteEmbedder("test:remote", async (texts) => texts.map((t) => [t.length, 1, 2, 3]));
    const opened = await openMemoryStore(path.join(root, "mem"), { embedder: remote });
    stores.push(opened.store);
    assert.equal(opened.store.dim, 4 + EDIT_DIM, "the embedder's 4 dimensions and the fix part");
    assert.ok(
      existsSync(path.join(root, "mem", `${tableNameFor(storedSpaceName("test:remote"), 4 + EDIT_DIM)}.lance`)),
    );
  });

  it("detects CPUs without AVX2/FMA before loading the native module", () => {
    assert.equal(cpuLacksLanceFeatures("flags\t\t: fpu sse2 avx2 fma bmi2\n", "x64"), undefined);
    assert.equal(cpuLacksLanceFeatures("flags\t\t: fpu sse2 avx sse4_2\n", "x64"), "missing avx2 and fma");
    assert.equal(cpuLacksLanceFeatures("flags\t\t: fpu avx2\n", "x64"), "missing fma");
    assert.equal(cpuLacksLanceFeatures("Features: fp asimd", "arm64"), undefined);
  });
});
