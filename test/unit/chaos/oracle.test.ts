import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DriveResult, ProcessEnd } from "../../chaos/driver";
import { git } from "../../chaos/git";
import { fixedBytes } from "../../chaos/model";
import { judge } from "../../chaos/oracle";
import { planTrial, type RepoState } from "../../chaos/plan";
import { compareSnapshots, snapshotTree } from "../../chaos/snapshot";
import { buildWorkspace, removeWorkspace, type TrialWorkspace } from "../../chaos/workspace";

const ALL_STATES: RepoState[] = [
  "target-crlf",
  "target-latin1",
  "target-exec",
  "target-staged",
  "target-unstaged",
  "staged",
  "unstaged",
  "untracked",
  "stash",
  "rebase",
  "crlf",
  "no-eol",
  "latin1",
  "exec",
  "symlink",
  "gitattributes",
  "ignored",
];

const end = (stderr: string, code: number | null = 1, signal: NodeJS.Signals | null = null): ProcessEnd => ({
  code,
  signal,
  stdout: "",
  stderr,
  hung: false,
});

describe("chaos harness: workspace states and the oracle", function () {
  this.timeout(30_000);
  let workspace: TrialWorkspace | undefined;
  afterEach(async () => workspace && removeWorkspace(workspace));

  it("builds the dirty repository for real: stopped rebase, stash, staged and unstaged work, odd bytes and modes", async () => {
    workspace = await buildWorkspace(ALL_STATES);
    const { ws } = workspace;
    assert.ok(existsSync(path.join(ws, ".git/rebase-merge")), "a rebase is in progress");
    assert.match(
      (await git(ws, ["ls-files", "--stage", "conflict.txt"])).stdout,
      / [123]\tconflict\.txt/,
      "unmerged entries",
    );
    assert.match((await git(ws, ["stash", "list"])).stdout, /work in progress/);
    assert.match((await git(ws, ["diff", "--cached", "--name-only"])).stdout, /other\.js/);
    const target = await readFile(path.join(ws, "calc.js"));
    assert.ok(target.includes(Buffer.from("caf\xe9 ", "latin1")), "the target is Latin-1");
    assert.ok(target.includes(Buffer.from("\r\n")), "the target has CRLF line ends");
    const snap = await snapshotTree(ws);
    assert.equal(snap.entries.get("calc.js")?.mode, 0o755);
    assert.equal(snap.entries.get("docs/readme-link.md")?.link, "../README.md");
    assert.ok(!snap.entries.has(".git/index"), "the index is compared by its staged entries, not its bytes");
    assert.equal(fixedBytes(target).length, target.length, "the fix replaces one statement in place");
  });

  it("sees every kind of difference, .git included", async () => {
    workspace = await buildWorkspace(["stash", "exec", "symlink"]);
    const { ws } = workspace;
    const before = await snapshotTree(ws);
    await chmod(path.join(ws, "scripts/run.sh"), 0o644);
    await rm(path.join(ws, "docs/readme-link.md"));
    await symlink("../other.js", path.join(ws, "docs/readme-link.md"));
    await rm(path.join(ws, "other.js"));
    await writeFile(path.join(ws, "stray.tmp"), "");
    await writeFile(path.join(ws, "README.md"), "rewritten\n");
    await git(ws, ["stash", "drop", "-q"]);
    await git(ws, ["rm", "-q", "--cached", "package.json"]);
    const kinds = compareSnapshots(before, await snapshotTree(ws)).map((d) => `${d.kind} ${d.path}`);
    for (const expected of [
      "mode scripts/run.sh",
      "link docs/readme-link.md",
      "deleted other.js",
      "created stray.tmp",
      "changed README.md",
      "deleted .git/refs/stash",
      "staged .git/index",
    ]) {
      assert.ok(kinds.includes(expected), `${expected} missing from ${kinds.join(", ")}`);
    }
  });

  it("judges by how the run ended, not by when the signal landed", async () => {
    workspace = await buildWorkspace([]);
    const before = await snapshotTree(workspace.ws);
    const plan = planTrial(1, {}, { interrupt: "sigint", phase: "tests", occurrence: 1, delayMs: 0 });
    const drive = (fix: ProcessEnd, testStartsAtSignal: number, testStartsAtEnd: number): DriveResult => ({
      fix,
      signalled: true,
      missed: false,
      testStartsAtSignal,
      testStartsAtEnd,
    });
    const kinds = (d: DriveResult, after = before) =>
      judge({ plan, workspace: workspace!, before, after, drive: d, leftovers: [] }).failures.map((f) => f.kind);

    assert.deepEqual(
      kinds(drive(end("✘ cancelled: Cancelled by the user"), 1, 2)),
      [],
      "a cancel that restored everything passes",
    );
    assert.deepEqual(
      kinds(drive(end("✔ All tests pass after 1 iteration.", 0), 1, 3)),
      ["ignored-signal"],
      "tests started after the signal and the run went green",
    );
    const calc = path.join(workspace.ws, "calc.js");
    await writeFile(calc, fixedBytes(await readFile(calc)));
    const fixedTarget = await snapshotTree(workspace.ws);
    assert.deepEqual(
      kinds(drive(end("✔ All tests pass after 1 iteration.", 0), 3, 3), fixedTarget),
      [],
      "green before the signal was handled keeps the fix",
    );
    assert.deepEqual(kinds(drive(end("✘ cancelled: Cancelled by the user"), 1, 2), fixedTarget), [
      "target-not-restored",
    ]);
    assert.deepEqual(kinds(drive({ ...end(""), hung: true }, 1, 1)), ["hung"]);
  });
});
