import assert from "node:assert/strict";
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import { HashingEmbedder, type MemoryStore, openMemoryStore } from "../../../agent-core/memory";
import { makeStoredRecord, tempDir } from "../../unit/memory/helpers";

const REPO = path.resolve(__dirname, "../../..");
const WRITER = path.join(__dirname, "fixtures", "writer.ts");

/** Start the writer child; resolves once it has opened the store. */
function startWriter(
  dir: string,
  count: number,
  tag: string,
): Promise<{ child: ChildProcessWithoutNullStreams; done: Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, dir, String(count), tag], {
    cwd: REPO,
    env: { ...process.env, LANCEDB_LOG: "error" },
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 && signal === null && stdout.includes(`done ${count}`)
        ? resolve()
        : reject(new Error(`writer exited ${code ?? signal}: ${stderr}`)),
    );
  });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes("ready\n")) resolve({ child, done });
    });
    done.catch(reject);
  });
}

describe("memory: two processes on one LanceDB folder", function () {
  this.timeout(60_000);
  let dir: string;
  let cleanup: () => void;
  let store: MemoryStore | undefined;

  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(async () => {
    await store?.close();
    store = undefined;
    cleanup();
  });

  it("writes 200 + 200 rows at the same time without errors, and each side sees the other's rows", async () => {
    const embedder = new HashingEmbedder();
    const opened = await openMemoryStore(dir, { embedder });
    assert.equal(opened.backend, "lancedb", opened.warning);
    store = opened.store;
    const { child, done } = await startWriter(dir, 200, "child");
    child.stdin.end("go\n");
    for (let i = 0; i < 200; i += 10) {
      await store.add(
        Array.from({ length: 10 }, (_, j) =>
          makeStoredRecord({
            id: `parent-${i + j}`,
            signature: "sig-parent",
            errorText: `AssertionError: parent ${i + j}`,
          }),
        ),
      );
    }
    await done;
    assert.equal(await store.count(), 400);
    assert.equal(
      (await store.bySignature("sig-child")).length,
      200,
      "the parent reads the child's commits without reopening",
    );
    assert.equal((await store.bySignature("sig-parent")).length, 200);
    const ids = new Set((await store.all()).map((r) => r.id));
    assert.equal(ids.size, 400, "no row lost or duplicated");
  });
});
