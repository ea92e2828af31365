import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
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

  const store = () => new ShadowCheckpoints({ workspace: ws, storageDir: path.join(storage, "checkpoints") });

  function git(...args: string[]): string {
    return execFileSync("git", args, { cwd: ws, encoding: "utf8", env: { ...process.env, GIT_DIR: undefined } });
  }

  it("restores edited, deleted and created files exactly, but deleting needs force", async () => {
    await writeFile(path.join(ws, "a.js"), "one\n");
    await mkdir(path.join(ws, "src"));
    await writeFile(path.join(ws, "src", "b.js"), "two\r\n");
    const cp = store();
    const checkpoint = await cp.snapshot("run 1");

    await writeFile(path.join(ws, "a.js"), "changed\n");
    await rm(path.join(ws, "src", "b.js"));
    await writeFile(path.join(ws, "new.js"), "created\n");
    assert.deepEqual((await cp.changedSince(checkpoint.id)).sort(), ["a.js", "new.js", "src/b.js"]);

    await assert.rejects(cp.restore(checkpoint.id), /would rewrite 2 files and delete 1 file;.*--force/);
    assert.equal(await readFile(path.join(ws, "new.js"), "utf8"), "created\n", "a refused restore changes nothing");
    const done = await cp.restore(checkpoint.id, { force: true });
    assert.deepEqual(done.remove, ["new.js"]);
    assert.equal(await readFile(path.join(ws, "a.js"), "utf8"), "one\n");
    assert.equal(await readFile(path.join(ws, "src", "b.js"), "utf8"), "two\r\n");
    assert.equal(existsSync(path.join(ws, "new.js")), false);
    // The state before the restore is kept, so nothing is lost.
    const labels = (await cp.list()).map((c) => c.label);
    assert.ok(labels[0].startsWith("before restore"));
    await cp.restore(done.current, { force: true });
    assert.equal(await readFile(path.join(ws, "new.js"), "utf8"), "created\n");
  });

  it("never touches the user's own git repository", async () => {
    git("init", "-q");
    git("-c", "user.name=u", "-c", "user.email=u@x", "commit", "-q", "--allow-empty", "-m", "user commit");
    await writeFile(path.join(ws, "a.js"), "one\n");
    git("add", "a.js");
    const statusBefore = git("status", "--porcelain");
    const headBefore = git("rev-parse", "HEAD");
    const cp = store();
    const checkpoint = await cp.snapshot("run 1");
    await writeFile(path.join(ws, "a.js"), "two\n");
    await cp.restore(checkpoint.id);
    assert.equal(git("rev-parse", "HEAD"), headBefore);
    assert.equal(git("status", "--porcelain"), statusBefore);
    assert.equal(await readFile(path.join(ws, "a.js"), "utf8"), "one\n");
    assert.deepEqual((await readdir(ws)).sort(), [".git", "a.js"]);
  });

  it("keeps git-ignored files but leaves node_modules and virtual environments out, and says so", async () => {
    await mkdir(path.join(ws, "node_modules", "x"), { recursive: true });
    await writeFile(path.join(ws, "node_modules", "x", "index.js"), "dep\n");
    await mkdir(path.join(ws, "env1"));
    await writeFile(path.join(ws, "env1", "pyvenv.cfg"), "home = /usr\n");
    await writeFile(path.join(ws, ".gitignore"), "secret.txt\n");
    await writeFile(path.join(ws, "secret.txt"), "mine\n");
    await writeFile(path.join(ws, "a.js"), "one\n");
    const cp = store();
    const checkpoint = await cp.snapshot("run 1");
    assert.deepEqual(checkpoint.skipped, ["env1/", "node_modules/"]);
    assert.equal(checkpoint.files, 3);
    await writeFile(path.join(ws, "secret.txt"), "changed\n");
    await writeFile(path.join(ws, "node_modules", "x", "index.js"), "dep 2\n");
    await cp.restore(checkpoint.id);
    assert.equal(await readFile(path.join(ws, "secret.txt"), "utf8"), "mine\n", "an ignored file is the user's too");
    assert.equal(await readFile(path.join(ws, "node_modules", "x", "index.js"), "utf8"), "dep 2\n");
  });

  it("stores bytes as they are, whatever the workspace's .gitattributes say", async () => {
    await writeFile(path.join(ws, ".gitattributes"), "* text=auto\n*.bin filter=lfs\n");
    const crlf = Buffer.from("line one\r\nline two\r\n");
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
    await writeFile(path.join(ws, "win.txt"), crlf);
    await writeFile(path.join(ws, "latin.txt"), latin1);
    await writeFile(path.join(ws, "run.sh"), "#!/bin/sh\necho hi\n");
    await chmod(path.join(ws, "run.sh"), 0o755);
    const cp = store();
    const checkpoint = await cp.snapshot("run 1");
    await writeFile(path.join(ws, "win.txt"), "other\n");
    await writeFile(path.join(ws, "latin.txt"), "other\n");
    await writeFile(path.join(ws, "run.sh"), "other\n");
    await chmod(path.join(ws, "run.sh"), 0o644);
    await cp.restore(checkpoint.id);
    assert.deepEqual(await readFile(path.join(ws, "win.txt")), crlf);
    assert.deepEqual(await readFile(path.join(ws, "latin.txt")), latin1);
    assert.equal((await stat(path.join(ws, "run.sh"))).mode & 0o777, 0o755);
  });

  it("refuses to announce a checkpoint when git was killed by a signal or stored nothing", async () => {
    await writeFile(path.join(ws, "a.js"), "one\n");
    await writeFile(path.join(ws, "b.js"), "two\n");
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    const bin = path.join(storage, "bin");
    await mkdir(bin);
    const savedPath = process.env.PATH;
    for (const [mode, script] of [
      ["killed", `if [ "$1" = update-index ]; then kill -INT $$; fi`],
      ["silent", `if [ "$1" = update-index ]; then cat >/dev/null; exit 0; fi`],
    ]) {
      await writeFile(path.join(bin, "git"), `#!/bin/sh\n${script}\nexec ${realGit} "$@"\n`);
      await chmod(path.join(bin, "git"), 0o755);
      process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
      try {
        await assert.rejects(
          store().snapshot("run 1"),
          /killed by SIGINT|holds 0 files where the workspace has 2/,
          mode,
        );
      } finally {
        process.env.PATH = savedPath;
      }
    }
  });

  it("gives each of two snapshots taken at once its own commit", async () => {
    await writeFile(path.join(ws, "a.js"), "one\n");
    const [first, second] = await Promise.all([store().snapshot("first"), store().snapshot("second")]);
    assert.notEqual(first.id, second.id);
    const cp = store();
    const labelOf = async (id: string) => (await cp.list()).find((c) => c.id === id)?.label;
    assert.equal(await labelOf(first.id), "first");
    assert.equal(await labelOf(second.id), "second");
  });

  it("rejects unknown checkpoint ids with a clear error", async () => {
    await writeFile(path.join(ws, "a.js"), "one\n");
    const cp = store();
    await cp.snapshot("run 1");
    await assert.rejects(cp.restore("deadbeef"), /does not exist/);
    await assert.rejects(cp.restore("../../etc"), /does not exist/);
  });
});
