import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { WorkspaceBusy } from "../../../agent-core/checkpoints/runLock";
import { ShadowCheckpoints } from "../../../agent-core/checkpoints/shadowGit";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";
import type { RunCheckpoint } from "../../../agent-core/ports";

describe("undo of a run", () => {
  let ws: string;
  let storage: string;
  beforeEach(async () => {
    ws = await mkdtemp(path.join(os.tmpdir(), "gl-ws-"));
    storage = await mkdtemp(path.join(os.tmpdir(), "gl-cp-"));
  });
  afterEach(async () => {
    await rm(ws, { recursive: true, force: true });
    await rm(storage, { recursive: true, force: true });
  });

  const store = () => new ShadowCheckpoints({ workspace: ws, storageDir: path.join(storage, "checkpoints") });
  const files = () => new NodeWorkspaceFiles(ws);
  const text = (rel: string) => readFile(path.join(ws, rel), "utf8");

  /** Writes like the loop does: journal first, then the file. */
  async function write(run: RunCheckpoint, rel: string, content: string): Promise<void> {
    const before = existsSync(path.join(ws, rel)) ? await text(rel) : undefined;
    await run.willWrite(rel, before, content);
    await writeFile(path.join(ws, rel), content);
  }

  /** Makes the held lock look like one left by a process that no longer exists (killed with SIGKILL). */
  async function orphanLock(): Promise<void> {
    const dead = spawn(process.execPath, ["-e", ""]);
    const pid = await new Promise<number>((resolve) => dead.on("exit", () => resolve(dead.pid!)));
    const lockDir = path.join(storage, "locks");
    const lockFile = path.join(lockDir, (await readdir(lockDir)).find((n) => n.endsWith(".lock"))!);
    const owner = JSON.parse(await readFile(lockFile, "utf8"));
    await writeFile(lockFile, JSON.stringify({ ...owner, pid }));
  }

  const LINES = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].map((l) => `${l}\n`).join("");

  it("takes back only what the run wrote: later edits and new files stay", async () => {
    await writeFile(path.join(ws, "calc.js"), LINES);
    await writeFile(path.join(ws, "other.js"), "other\n");
    const run = await store().begin({ runId: "r1", target: "calc.js" });
    await write(run, "calc.js", LINES.replace("b\n", "B\n"));
    await write(run, "helper.js", "created by the run\n");
    await run.end("kept");
    // The user works on after the run.
    await writeFile(path.join(ws, "other.js"), "other, edited later\n");
    await writeFile(path.join(ws, "notes.txt"), "new file of the user\n");

    const result = await store().undo(files());
    assert.deepEqual(result.done.map((s) => [s.path, s.action]).sort(), [
      ["calc.js", "restore"],
      ["helper.js", "delete"],
    ]);
    assert.equal(await text("calc.js"), LINES);
    assert.equal(existsSync(path.join(ws, "helper.js")), false);
    assert.equal(await text("other.js"), "other, edited later\n");
    assert.equal(await text("notes.txt"), "new file of the user\n");

    // The undo is a run too: undoing it brings the run's change back.
    await store().undo(files(), { runId: result.undoRunId });
    assert.equal(await text("calc.js"), LINES.replace("b\n", "B\n"));
    assert.equal(await text("helper.js"), "created by the run\n");
  });

  it("keeps the user's later edits to a file the run changed when the change comes out cleanly", async () => {
    await writeFile(path.join(ws, "calc.js"), LINES);
    const run = await store().begin({ runId: "r1", target: "calc.js" });
    await write(run, "calc.js", LINES.replace("b\n", "B\n"));
    await run.end("kept");
    await writeFile(path.join(ws, "calc.js"), LINES.replace("b\n", "B\n").replace("j\n", "j\nadded later\n"));
    const result = await store().undo(files());
    assert.deepEqual(
      result.done.map((s) => s.action),
      ["merge"],
    );
    assert.equal(await text("calc.js"), LINES.replace("j\n", "j\nadded later\n"));
  });

  it("stops without writing anything when a later edit overlaps the run's change, and saves the three versions", async () => {
    await writeFile(path.join(ws, "calc.js"), LINES);
    await writeFile(path.join(ws, "util.js"), "u\n");
    const run = await store().begin({ runId: "r1", target: "calc.js" });
    await write(run, "calc.js", LINES.replace("b\n", "B\n"));
    await write(run, "util.js", "U\n");
    await run.end("kept");
    await writeFile(path.join(ws, "calc.js"), LINES.replace("b\n", "B, edited by the user\n"));

    const result = await store().undo(files());
    assert.equal(result.done.length, 0);
    assert.deepEqual(
      result.plan.conflicts.map((c) => c.path),
      ["calc.js"],
    );
    assert.equal(await text("util.js"), "U\n", "nothing is written while a conflict stands");
    assert.equal(
      await readFile(path.join(result.conflictsDir!, "calc.js.now"), "utf8"),
      LINES.replace("b\n", "B, edited by the user\n"),
    );
    assert.equal(await readFile(path.join(result.conflictsDir!, "calc.js.before"), "utf8"), LINES);

    const forced = await store().undo(files(), { force: true });
    assert.equal(forced.done.length, 2);
    assert.equal(await text("calc.js"), LINES);
    assert.equal(await text("util.js"), "u\n");
  });

  it("undoes a run that was killed between recording a write and making it", async () => {
    await writeFile(path.join(ws, "calc.js"), LINES);
    await writeFile(path.join(ws, "b.js"), "b\n");
    const run = await store().begin({ runId: "r1", target: "calc.js" });
    await write(run, "calc.js", LINES.replace("b\n", "B\n"));
    await run.willWrite("b.js", "b\n", "B\n"); // recorded, never written: the process died here
    await orphanLock();
    const result = await store().undo(files());
    assert.deepEqual(
      result.done.map((s) => s.path),
      ["calc.js"],
    );
    assert.equal(await text("calc.js"), LINES);
    assert.equal(await text("b.js"), "b\n");
  });

  it("allows one run per workspace, naming the other, and takes over a lock whose process is gone", async () => {
    await writeFile(path.join(ws, "calc.js"), LINES);
    const first = await store().begin({ runId: "r1", target: "calc.js" });
    await assert.rejects(store().begin({ runId: "r2", target: "calc.js" }), (error: Error) => {
      assert.ok(error instanceof WorkspaceBusy);
      assert.match(error.message, new RegExp(`pid ${process.pid}, fixing calc.js`));
      return true;
    });
    await first.end("kept");
    const second = await store().begin({ runId: "r2", target: "calc.js" });
    await second.end("kept");

    await store().begin({ runId: "r3", target: "calc.js" }); // never ended: its process "dies"
    await orphanLock();
    const fourth = await store().begin({ runId: "r4", target: "calc.js" });
    await fourth.end("kept");
  });

  it("lists runs newest first with their state", async () => {
    await writeFile(path.join(ws, "calc.js"), LINES);
    const run = await store().begin({ runId: "r1", target: "calc.js" });
    await write(run, "calc.js", "x\n");
    await run.end("kept");
    await store().undo(files());
    const runs = await store().runs();
    assert.equal(runs.find((r) => r.runId === "r1")?.state, "undone");
    assert.ok(runs.some((r) => r.undoes === "r1"));
  });
});
