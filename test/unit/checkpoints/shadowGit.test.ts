import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir, readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ShadowCheckpoints } from "../../../agent-core/checkpoints/shadowGit";

describe("ShadowCheckpoints", () => {
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

  function git(...args: string[]): string {
    return execFileSync("git", args, { cwd: ws, encoding: "utf8", env: { ...process.env, GIT_DIR: undefined } });
  }

  it("restores edited, deleted and created files exactly", async () => {
    await writeFile(path.join(ws, "a.js"), "one\n");
    await mkdir(path.join(ws, "src"));
    await writeFile(path.join(ws, "src", "b.js"), "two\r\n");
    const cp = new ShadowCheckpoints({ workspace: ws, storageDir: storage });
    const checkpoint = await cp.snapshot("run 1");

    await writeFile(path.join(ws, "a.js"), "changed\n");
    await rm(path.join(ws, "src", "b.js"));
    await writeFile(path.join(ws, "new.js"), "created\n");
    assert.deepEqual((await cp.changedSince(checkpoint.id)).sort(), ["a.js", "new.js", "src/b.js"]);

    await cp.restore(checkpoint.id);
    assert.equal(await readFile(path.join(ws, "a.js"), "utf8"), "one\n");
    assert.equal(await readFile(path.join(ws, "src", "b.js"), "utf8"), "two\r\n");
    assert.equal(existsSync(path.join(ws, "new.js")), false);
    // The state before the restore is kept, so nothing is lost.
    const labels = (await cp.list()).map((c) => c.label);
    assert.ok(labels[0].startsWith("before restore"));
  });

  it("never touches the user's own git repository", async () => {
    git("init", "-q");
    git("-c", "user.name=u", "-c", "user.email=u@x", "commit", "-q", "--allow-empty", "-m", "user commit");
    await writeFile(path.join(ws, "a.js"), "one\n");
    git("add", "a.js");
    const statusBefore = git("status", "--porcelain");
    const headBefore = git("rev-parse", "HEAD");
    const cp = new ShadowCheckpoints({ workspace: ws, storageDir: storage });
    const checkpoint = await cp.snapshot("run 1");
    await writeFile(path.join(ws, "a.js"), "two\n");
    await cp.restore(checkpoint.id);
    assert.equal(git("rev-parse", "HEAD"), headBefore);
    assert.equal(git("status", "--porcelain"), statusBefore);
    assert.equal(await readFile(path.join(ws, "a.js"), "utf8"), "one\n");
    // The shadow repository lives outside the workspace.
    assert.deepEqual((await readdir(ws)).sort(), [".git", "a.js"]);
  });

  it("keeps ignored and node_modules files out and leaves them alone on restore", async () => {
    await mkdir(path.join(ws, "node_modules", "x"), { recursive: true });
    await writeFile(path.join(ws, "node_modules", "x", "index.js"), "dep\n");
    await writeFile(path.join(ws, ".gitignore"), "secret.txt\n");
    await writeFile(path.join(ws, "a.js"), "one\n");
    const cp = new ShadowCheckpoints({ workspace: ws, storageDir: storage });
    const checkpoint = await cp.snapshot("run 1");
    await writeFile(path.join(ws, "secret.txt"), "keep me\n");
    await cp.restore(checkpoint.id);
    assert.equal(await readFile(path.join(ws, "secret.txt"), "utf8"), "keep me\n");
    assert.equal(await readFile(path.join(ws, "node_modules", "x", "index.js"), "utf8"), "dep\n");
  });

  it("rejects unknown checkpoint ids with a clear error", async () => {
    await writeFile(path.join(ws, "a.js"), "one\n");
    const cp = new ShadowCheckpoints({ workspace: ws, storageDir: storage });
    await cp.snapshot("run 1");
    await assert.rejects(cp.restore("deadbeef"), /does not exist/);
    await assert.rejects(cp.restore("../../etc"), /Not a checkpoint id/);
  });
});
