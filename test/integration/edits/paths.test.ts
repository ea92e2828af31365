import assert from "node:assert/strict";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { normalizeRelPath, resolveInsideWorkspace } from "../../../agent-core/edits";

describe("normalizeRelPath", () => {
  it("normalises separators, dots and repeated slashes", () => {
    assert.equal(normalizeRelPath("./src//a.ts"), "src/a.ts");
    assert.equal(normalizeRelPath("src\\lib\\b.ts"), "src/lib/b.ts");
    assert.equal(normalizeRelPath("src/x/../a.ts"), "src/a.ts");
    assert.equal(normalizeRelPath("  a.ts  "), "a.ts");
  });

  it("rejects empty, absolute and escaping paths with clear messages", () => {
    assert.throws(() => normalizeRelPath(""), /Empty file path/);
    assert.throws(() => normalizeRelPath("/etc/passwd"), /is absolute/);
    assert.throws(() => normalizeRelPath("C:\\x.txt"), /is absolute/);
    assert.throws(() => normalizeRelPath("../x.ts"), /outside the workspace/);
    assert.throws(() => normalizeRelPath("src/../../x.ts"), /outside the workspace/);
    assert.throws(() => normalizeRelPath("."), /workspace folder itself/);
  });
});

describe("resolveInsideWorkspace", () => {
  let base: string;
  let ws: string;
  let outside: string;
  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(os.tmpdir(), "gl-paths-")));
    ws = path.join(base, "ws");
    outside = path.join(base, "outside");
    await mkdir(path.join(ws, "src"), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(outside, "secret.txt"), "secret");
    await writeFile(path.join(ws, "src", "a.ts"), "a");
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it("resolves existing and new files inside the workspace", async () => {
    assert.equal(await resolveInsideWorkspace(ws, "src/a.ts"), path.join(ws, "src", "a.ts"));
    assert.equal(await resolveInsideWorkspace(ws, "./src/new/deep/b.ts"), path.join(ws, "src", "new", "deep", "b.ts"));
    assert.equal(await resolveInsideWorkspace(ws, path.join(ws, "src", "a.ts")), path.join(ws, "src", "a.ts"));
  });

  it("rejects .. escapes and absolute paths outside", async () => {
    await assert.rejects(resolveInsideWorkspace(ws, "../outside/secret.txt"), /outside the workspace/);
    await assert.rejects(resolveInsideWorkspace(ws, path.join(outside, "secret.txt")), /is outside the workspace/);
    await assert.rejects(resolveInsideWorkspace(ws, ws), /workspace folder itself/);
  });

  it("rejects a symlinked directory that points outside, for existing and new files", async () => {
    await symlink(outside, path.join(ws, "link"));
    await assert.rejects(
      resolveInsideWorkspace(ws, "link/secret.txt"),
      /outside the workspace through a symbolic link/,
    );
    await assert.rejects(
      resolveInsideWorkspace(ws, "link/new/file.txt"),
      /outside the workspace through a symbolic link/,
    );
  });

  it("rejects a symlinked file that points outside and a dangling link", async () => {
    await symlink(path.join(outside, "secret.txt"), path.join(ws, "src", "evil.ts"));
    await assert.rejects(resolveInsideWorkspace(ws, "src/evil.ts"), /symbolic link/);
    await symlink(path.join(outside, "not-yet.txt"), path.join(ws, "src", "dangling.ts"));
    await assert.rejects(resolveInsideWorkspace(ws, "src/dangling.ts"), /symbolic link whose target does not exist/);
  });

  it("allows symlinks that stay inside, and a workspace reached through a symlink", async () => {
    await symlink(path.join(ws, "src"), path.join(ws, "alias"));
    assert.equal(await resolveInsideWorkspace(ws, "alias/a.ts"), path.join(ws, "alias", "a.ts"));
    const linkedRoot = path.join(base, "ws-link");
    await symlink(ws, linkedRoot);
    assert.equal(await resolveInsideWorkspace(linkedRoot, "src/a.ts"), path.join(linkedRoot, "src", "a.ts"));
    assert.equal(
      await resolveInsideWorkspace(linkedRoot, path.join(ws, "src", "a.ts")),
      path.join(linkedRoot, "src", "a.ts"),
    );
  });

  it("says clearly when the workspace does not exist", async () => {
    await assert.rejects(resolveInsideWorkspace(path.join(base, "nope"), "a.ts"), /Workspace folder .* does not exist/);
  });
});
