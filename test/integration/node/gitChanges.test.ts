import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GitChangeSource, MAX_CHANGE_CHARS, trimDiff } from "../../../agent-core/node/gitChanges";

const git = (cwd: string, ...args: string[]) =>
  execFileSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "core.autocrlf=false", ...args],
    { cwd, encoding: "utf8", stdio: "pipe" },
  );

const ORIGINAL =
  "export function sumFirst(values: number[], n: number): number {\n  let total = 0;\n  for (let i = 0; i < n; i++) total += values[i];\n  return total;\n}\n";
const CHANGED = ORIGINAL.replace("i < n", "i <= n");

describe("node: GitChangeSource", function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "greenloop-gitchanges-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes files (relative paths) under `root`, creating folders. */
  const write = (root: string, files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }
  };
  /** A repository in `dir` with `files` committed. */
  const committedRepo = (files: Record<string, string>) => {
    git(dir, "init", "-q");
    write(dir, files);
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "start");
  };

  it("knows no change in a folder that is not a repository", async () => {
    write(dir, { "sum.ts": ORIGINAL });
    assert.throws(
      () => git(dir, "rev-parse", "--git-dir"),
      "precondition: the temp folder lies outside any repository",
    );
    assert.equal(await new GitChangeSource(dir).recentChange("sum.ts"), undefined);
  });

  it("knows no change in a repository without any commit", async () => {
    git(dir, "init", "-q");
    write(dir, { "sum.ts": ORIGINAL });
    git(dir, "add", "sum.ts");
    assert.equal(await new GitChangeSource(dir).recentChange("sum.ts"), undefined);
  });

  it("knows no change for a committed, unchanged file or an untracked file", async () => {
    committedRepo({ "sum.ts": ORIGINAL });
    write(dir, { "new.ts": CHANGED });
    const source = new GitChangeSource(dir);
    assert.equal(await source.recentChange("sum.ts"), undefined);
    assert.equal(await source.recentChange("new.ts"), undefined);
    assert.equal(await source.recentChange("missing.ts"), undefined);
  });

  it("gives a modified tracked file's diff from its first hunk, with the removed and added lines", async () => {
    committedRepo({ "sum.ts": ORIGINAL });
    write(dir, { "sum.ts": CHANGED });
    const diff = await new GitChangeSource(dir).recentChange("sum.ts");
    assert.ok(diff);
    assert.ok(diff.startsWith("@@ -1,5 +1,5 @@"), diff);
    assert.doesNotMatch(diff, /^(diff --git|index |--- |\+\+\+ )/m);
    assert.match(diff, /^- {2}for \(let i = 0; i < n; i\+\+\) total \+= values\[i\];$/m);
    assert.match(diff, /^\+ {2}for \(let i = 0; i <= n; i\+\+\) total \+= values\[i\];$/m);
    assert.match(diff, /^ {3}let total = 0;$/m);
  });

  it("shows a staged change too (the diff is against the last commit)", async () => {
    committedRepo({ "sum.ts": ORIGINAL });
    write(dir, { "sum.ts": CHANGED });
    git(dir, "add", "sum.ts");
    assert.match((await new GitChangeSource(dir).recentChange("sum.ts")) ?? "", /^\+.*i <= n/m);
  });

  it("gives only the asked file's change when two files changed", async () => {
    committedRepo({ "sum.ts": ORIGINAL, "other.ts": "export const limit = 4000;\n" });
    write(dir, { "sum.ts": CHANGED, "other.ts": "export const limit = 3999;\n" });
    const source = new GitChangeSource(dir);
    const sum = await source.recentChange("sum.ts");
    assert.match(sum ?? "", /i <= n/);
    assert.doesNotMatch(sum ?? "", /limit/);
    const other = await source.recentChange("other.ts");
    assert.equal(other, "@@ -1 +1 @@\n-export const limit = 4000;\n+export const limit = 3999;");
  });

  it("reads a file in a subfolder and a file name with spaces", async () => {
    committedRepo({ "src/math/sum.ts": ORIGINAL, "my notes/to do.ts": "const x = 1;\n" });
    write(dir, { "src/math/sum.ts": CHANGED, "my notes/to do.ts": "const x = 2;\n" });
    const source = new GitChangeSource(dir);
    assert.match((await source.recentChange("src/math/sum.ts")) ?? "", /^\+.*i <= n/m);
    assert.equal(await source.recentChange("my notes/to do.ts"), "@@ -1 +1 @@\n-const x = 1;\n+const x = 2;");
  });

  it("works when the workspace is a subfolder of the repository (paths relative to the workspace)", async () => {
    // The same relative path at the repository root must not be read instead.
    committedRepo({ "packages/app/src/sum.ts": ORIGINAL, "src/sum.ts": "export const root = 1;\n" });
    write(dir, { "packages/app/src/sum.ts": CHANGED, "src/sum.ts": "export const root = 2;\n" });
    const workspace = path.join(dir, "packages", "app");
    const diff = await new GitChangeSource(workspace).recentChange("src/sum.ts");
    assert.match(diff ?? "", /^\+.*i <= n/m);
    assert.doesNotMatch(diff ?? "", /root/);
    assert.match((await new GitChangeSource(dir).recentChange("src/sum.ts")) ?? "", /^\+export const root = 2;$/m);
  });

  it("knows no change for a workspace folder that does not exist", async () => {
    assert.equal(await new GitChangeSource(path.join(dir, "gone")).recentChange("sum.ts"), undefined);
  });
});

/** A hunk of exactly `chars` characters (without the newline that joins it to the next). */
function hunk(index: number, chars: number): string {
  const head = `@@ -${index * 10 + 1},1 +${index * 10 + 1},1 @@\n-old ${index}\n+`;
  assert.ok(chars > head.length);
  return head + "x".repeat(chars - head.length);
}

describe("node: trimDiff", () => {
  it("is undefined for a diff without hunks", () => {
    assert.equal(trimDiff(""), undefined);
    assert.equal(
      trimDiff("diff --git a/logo.png b/logo.png\nBinary files a/logo.png and b/logo.png differ\n"),
      undefined,
    );
  });

  it("cuts off the headers and trailing whitespace, and keeps a short diff whole", () => {
    const body = "@@ -1 +1 @@\n-const a = 1;\n+const a = 2;";
    assert.equal(trimDiff(`diff --git a/a.ts b/a.ts\nindex 1..2 100644\n--- a/a.ts\n+++ b/a.ts\n${body}\n\n`), body);
  });

  it("cuts a long diff at a hunk boundary to at most MAX_CHANGE_CHARS", () => {
    const hunks = Array.from({ length: 10 }, (_, i) => hunk(i, 1000));
    const trimmed = trimDiff(`--- a/x.ts\n+++ b/x.ts\n${hunks.join("\n")}\n`);
    assert.ok(trimmed);
    assert.ok(trimmed.length <= MAX_CHANGE_CHARS, `length ${trimmed.length}`);
    // Whole hunks only: 1000 + 1 per joining newline, so 5 hunks fit in 6000 and a 6th does not.
    assert.equal(trimmed, hunks.slice(0, 5).join("\n"));
  });

  it("keeps a diff of exactly MAX_CHANGE_CHARS whole, and cuts one character more", () => {
    const exact = [hunk(0, 3000), hunk(1, MAX_CHANGE_CHARS - 3001)].join("\n");
    assert.equal(exact.length, MAX_CHANGE_CHARS);
    assert.equal(trimDiff(exact), exact);
    const longer = [hunk(0, 3000), hunk(1, MAX_CHANGE_CHARS - 3000)].join("\n");
    assert.equal(trimDiff(longer), hunk(0, 3000));
  });

  it("is undefined when the first hunk alone is longer than the limit", () => {
    assert.equal(trimDiff(hunk(0, MAX_CHANGE_CHARS + 1)), undefined);
    assert.equal(trimDiff([hunk(0, MAX_CHANGE_CHARS + 500), hunk(1, 100)].join("\n")), undefined);
  });
});
