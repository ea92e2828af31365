import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isRepositoryMetadataName, resolveInsideWorkspace } from "../../../agent-core/edits/paths";

// execFileSync throws on a non-zero exit status and on a signal.
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], {
    cwd,
    encoding: "utf8",
    stdio: "pipe",
  });

describe("isRepositoryMetadataName", () => {
  it("recognises .git, .hg and .svn in every spelling a file system treats as the same name", () => {
    for (const name of [
      ".git",
      ".GIT",
      ".Git",
      ".hg",
      ".HG",
      ".svn",
      ".Svn",
      ".git.",
      ".git ",
      ".git. . ",
      "git~1",
      "GIT~1",
      "hg~1",
      "svn~1",
    ]) {
      assert.ok(isRepositoryMetadataName(name), name);
    }
    // NTFS alternate data streams and characters HFS+ ignores.
    for (const name of [
      ".git::$INDEX_ALLOCATION",
      ".git:stream",
      ".g\u200cit",
      "\u200d.git",
      ".gi\ufefft",
      ".G\u200eIT",
    ]) {
      assert.ok(isRepositoryMetadataName(name), JSON.stringify(name));
    }
  });

  it("leaves look-alike names alone", () => {
    for (const name of [
      ".github",
      ".gitignore",
      ".gitattributes",
      ".gitkeep",
      "git",
      "my.git",
      ".git-blame-ignore-revs",
      ".hgignore",
      "svn",
      ".gitx",
      "x.git",
      "git~1x",
    ]) {
      assert.ok(!isRepositoryMetadataName(name), name);
    }
  });
});

describe("resolveInsideWorkspace keeps writes out of repository metadata", function () {
  this.timeout(20_000);
  let base: string;
  let ws: string;
  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(os.tmpdir(), "gl-vcs-")));
    ws = path.join(base, "ws");
    await mkdir(path.join(ws, "src"), { recursive: true });
    await writeFile(path.join(ws, "src", "a.js"), "a\n");
    git(ws, "init", "-q");
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const refused = (rel: string, why = /is inside \.git/) => assert.rejects(resolveInsideWorkspace(ws, rel), why, rel);

  it("refuses .git in any case, with ./, .. and backslashes, and .hg/.svn", async () => {
    for (const rel of [
      ".git/config",
      ".GIT/config",
      ".Git/HEAD",
      ".git/hooks/pre-commit",
      "./.git/config",
      "a/../.git/x",
      "src/../.git/hooks/post-checkout",
      ".git\\config",
      ".git./config",
      ".git::$INDEX_ALLOCATION/config",
      "git~1/config",
      ".g\u200cit/config",
      ".git",
    ]) {
      await refused(rel);
    }
    await refused(".hg/hgrc", /is inside \.hg/);
    await refused(".HG/hgrc", /is inside \.hg/);
    await refused("lib/.svn/entries", /is inside \.svn/);
  });

  it("refuses absolute paths into .git", async () => {
    await refused(path.join(ws, ".git", "config"));
    await refused(path.join(ws, ".GIT", "HEAD"));
  });

  it("refuses the .git of nested repositories", async () => {
    await mkdir(path.join(ws, "sub"));
    git(path.join(ws, "sub"), "init", "-q");
    await refused("sub/.git/config");
    await refused("packages/new/.git/config");
  });

  it("refuses writes through symbolic links that lead into .git", async () => {
    await symlink(".git", path.join(ws, "link"));
    await symlink(path.join(ws, ".git", "hooks"), path.join(ws, "src", "hooks"));
    await symlink(path.join("..", ".git", "config"), path.join(ws, "src", "config.js"));
    await refused("link/config");
    await refused("link/hooks/pre-commit");
    await refused("src/hooks/pre-commit");
    await refused("src/config.js");
  });

  it("refuses a .git file and the folder it points to (separate git dir, worktree-style pointer)", async () => {
    const sub = path.join(ws, "sub");
    git(ws, "init", "-q", "--separate-git-dir", path.join(ws, "meta"), sub);
    assert.match(await readFile(path.join(sub, ".git"), "utf8"), /^gitdir: /);
    await refused("sub/.git");
    await refused("meta/config");
    await refused("meta/hooks/pre-commit");
    await refused("meta/new-file");
  });

  it("refuses the folder a .git file above the target points to, even before it looks like a repository", async () => {
    await mkdir(path.join(ws, "tools", "state"), { recursive: true });
    await writeFile(path.join(ws, "tools", ".git"), "gitdir: state\n");
    await refused("tools/state/config");
  });

  it("refuses a bare repository inside the workspace", async () => {
    git(ws, "init", "-q", "--bare", path.join(ws, "vendor", "lib"));
    await refused("vendor/lib/config");
    await refused("vendor/lib/hooks/post-update");
  });

  it("still allows ordinary files, including look-alike names", async () => {
    for (const rel of [
      "src/a.js",
      ".gitignore",
      ".github/workflows/ci.yml",
      "src/git/config.js",
      "docs/.gitkeep",
      "my.git/x.js",
    ]) {
      assert.equal(await resolveInsideWorkspace(ws, rel), path.join(ws, ...rel.split("/")), rel);
    }
  });

  it("explains why, naming the path the model wrote", async () => {
    await symlink(".git", path.join(ws, "link"));
    await assert.rejects(resolveInsideWorkspace(ws, ".GIT/config"), (error: Error) => {
      assert.match(error.message, /^".GIT\/config" is inside \.git/);
      return true;
    });
    await assert.rejects(
      resolveInsideWorkspace(ws, "link/config"),
      /"link\/config" is inside \.git \(through a symbolic link/,
    );
  });
});
