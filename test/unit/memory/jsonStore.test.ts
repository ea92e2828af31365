import assert from "node:assert/strict";
import { appendFileSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { HashingEmbedder, JsonStore } from "../../../agent-core/memory";
import { makeRecord, tempDir } from "./helpers";

describe("memory: JsonStore (built-in fallback)", () => {
  const embedder = new HashingEmbedder();
  let dir: string;
  let cleanup: () => void;
  let file: string;
  const openAt = (p: string | undefined, log?: (level: string, msg: string) => void) =>
    JsonStore.open({ path: p, embedder: embedder.name, dim: 384, log });

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = path.join(dir, "failures.jsonl");
  });
  afterEach(() => cleanup());

  it("persists adds, updates and deletes across reopen", async () => {
    const store = await openAt(file);
    await store.add([makeRecord({ id: "a", signature: "s1" }), makeRecord({ id: "b", signature: "s1" })]);
    await store.update("a", { timesUsed: 3, fixPatch: "fix" });
    await store.delete(["b"]);
    await store.close();
    const again = await openAt(file);
    const all = await again.all();
    assert.deepEqual(
      all.map((r) => [r.id, r.timesUsed, r.fixPatch]),
      [["a", 3, "fix"]],
    );
    assert.deepEqual(
      (await again.bySignature("s1")).map((r) => r.id),
      ["a"],
    );
    const [hit] = await again.search(all[0].vector, 1);
    assert.ok(hit.similarity > 0.999);
    await again.close();
  });

  it("sees records another instance (process) appended to the same file", async () => {
    const one = await openAt(file);
    const two = await openAt(file);
    await one.add([makeRecord({ id: "from-one" })]);
    await two.add([makeRecord({ id: "from-two" })]);
    assert.deepEqual((await one.all()).map((r) => r.id).sort(), ["from-one", "from-two"]);
    assert.deepEqual((await two.all()).map((r) => r.id).sort(), ["from-one", "from-two"]);
    await one.close();
    await two.close();
  });

  it("skips unreadable lines, keeps a copy of the file and warns", async () => {
    const store = await openAt(file);
    await store.add([makeRecord({ id: "good" })]);
    await store.close();
    appendFileSync(file, "{not json\n");
    const warnings: string[] = [];
    const again = await openAt(file, (level, msg) => level === "warn" && warnings.push(msg));
    assert.deepEqual(
      (await again.all()).map((r) => r.id),
      ["good"],
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /skipped 1 unreadable line/);
    const backups = readdirSync(dir).filter((f) => f.startsWith("failures.jsonl.corrupt-"));
    assert.equal(backups.length, 1);
    assert.match(readFileSync(path.join(dir, backups[0]), "utf8"), /\{not json/);
    await again.close();
    const third = await openAt(file, (level, msg) => level === "warn" && warnings.push(msg));
    assert.deepEqual(
      (await third.all()).map((r) => r.id),
      ["good"],
    );
    assert.equal(warnings.length, 1, "the bad line was dropped from the live file after the copy was kept");
    await third.close();
  });

  it("compacts a log full of superseded lines on close", async () => {
    const store = await openAt(file);
    await store.add([makeRecord({ id: "only" })]);
    for (let i = 1; i <= 80; i++) await store.update("only", { timesSeen: i });
    await store.close();
    assert.equal(readFileSync(file, "utf8").trim().split("\n").length, 1);
    const again = await openAt(file);
    assert.equal((await again.get("only"))?.timesSeen, 80);
    await again.close();
  });

  it("works without a file (in-memory mode) and refuses use after close", async () => {
    const store = await openAt(undefined);
    await store.add([makeRecord({ id: "m" })]);
    assert.equal(await store.count(), 1);
    await store.close();
    await assert.rejects(store.count(), /closed/);
  });
});
