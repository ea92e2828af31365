import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, readlink, symlink } from "node:fs/promises";
import path from "node:path";
import { block, FIX_ADD, FIX_MULTIPLY, JS_CALC, read } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";

// execFileSync throws on a non-zero exit status and on a signal.
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], {
    cwd,
    encoding: "utf8",
    stdio: "pipe",
  });

/** Every entry below `dir` with a hash of its content (or link target), for a byte-for-byte comparison. */
async function snapshot(dir: string, prefix = ""): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = prefix + entry.name;
    if (entry.isDirectory()) for (const [k, v] of await snapshot(full, rel + "/")) out.set(k, v);
    else if (entry.isSymbolicLink()) out.set(rel, `link:${await readlink(full)}`);
    else
      out.set(
        rel,
        createHash("sha256")
          .update(await readFile(full))
          .digest("hex"),
      );
  }
  return out;
}

const TASKS = JSON.stringify(
  {
    version: "2.0.0",
    tasks: [{ label: "x", type: "shell", command: "touch pwned-task", runOptions: { runOn: "folderOpen" } }],
  },
  null,
  2,
);

/** An answer that tries every way into .git the testers found, plus files that run code when tools open the folder. */
const HOSTILE_ANSWER = [
  block(".git/config", "[core]", "[core]\n\tfsmonitor = touch pwned-fsmonitor"),
  block(".GIT/HEAD", "ref: refs/heads/", "ref: refs/heads/pwned-"),
  block("link/config", "[core]", "[core]\n\tpager = touch pwned-pager"),
  block("link/hooks/pre-commit", "", "#!/bin/sh\ntouch pwned-hook\n"),
  block(".vscode/tasks.json", "", TASKS),
  block("package.json", '"test": "node --test"', '"test": "node --test",\n    "postinstall": "touch pwned-install"'),
  FIX_ADD,
  FIX_MULTIPLY,
].join("\n");

describe("greenloop fix --yes keeps edits away from code that runs outside the loop", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();

  async function hostileRun(stdin: string | undefined) {
    let gitBefore = new Map<string, string>();
    let packageBefore = "";
    const result = await fix({
      script: [{ reply: HOSTILE_ANSWER }],
      args: ["--yes", "--max-iterations", "1", "--no-memory"],
      stdin,
      prepare: async (ws) => {
        git(ws, "init", "-q");
        git(ws, "add", "-A");
        git(ws, "commit", "-qm", "start");
        await symlink(".git", path.join(ws, "link"));
        gitBefore = await snapshot(path.join(ws, ".git"));
        packageBefore = await read(ws, "package.json");
      },
    });
    return { ws: result.ws, result, gitBefore, packageBefore };
  }

  it("refuses every path into .git, holds the sensitive files for review and, with no answer, writes nothing", async () => {
    const { ws, result, gitBefore, packageBefore } = await hostileRun(undefined);
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(await snapshot(path.join(ws, ".git")), gitBefore, ".git is byte-identical");
    assert.equal(existsSync(path.join(ws, ".vscode", "tasks.json")), false, "tasks.json not created");
    assert.equal(await read(ws, "package.json"), packageBefore, "package.json unchanged");
    assert.match(await read(ws, "calc.js"), /TODO: add/, "the rest of the held proposal is not written either");
    assert.equal(existsSync(path.join(ws, "pwned-fsmonitor")), false);

    assert.match(result.stderr, /Refused: "\.git\/config" is inside \.git/);
    assert.match(result.stderr, /Refused: "\.GIT\/HEAD" is inside \.git/);
    assert.match(result.stderr, /Refused: "link\/config" is inside \.git \(through a symbolic link/);
    assert.match(result.stderr, /Refused: "link\/hooks\/pre-commit" is inside \.git/);
    assert.match(result.stderr, /! \.vscode\/tasks\.json runs when VS Code opens the folder/);
    assert.match(result.stderr, /! package\.json runs on npm install\/test/);
    assert.match(
      result.stderr,
      /needs your review: run interactively or in the editor/,
      "no answer is not taken for a no",
    );
  });

  it("writes the sensitive files only once the user accepts them, and .git still never", async () => {
    const { ws, result, gitBefore } = await hostileRun("a\n");
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await snapshot(path.join(ws, ".git")), gitBefore, ".git is byte-identical");
    assert.match(await read(ws, ".vscode/tasks.json"), /folderOpen/);
    assert.match(await read(ws, "package.json"), /postinstall/);
    assert.match(await read(ws, "calc.js"), /return a \* b;/);
  });

  it("auto-target holds a new #! script for review, then auto-approves the plain fix to the target", async () => {
    const script = block("scripts/setup.sh", "", "#!/bin/sh\ntouch pwned-script\n");
    const result = await fix({
      script: [{ reply: FIX_ADD + FIX_MULTIPLY + script }, { reply: FIX_ADD + FIX_MULTIPLY }],
      files: { ...JS_CALC, ".greenloop.json": JSON.stringify({ approval: "auto-target" }) },
      args: ["--max-iterations", "2", "--no-memory"],
      stdin: "q\n",
    });
    const { ws } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /! scripts\/setup\.sh is a new script \(it starts with #!\)/);
    assert.equal((result.stderr.match(/Apply this hunk/g) ?? []).length, 1, "asked once, for the first proposal only");
    assert.equal(existsSync(path.join(ws, "scripts", "setup.sh")), false);
    assert.match(await read(ws, "calc.js"), /return a \* b;/);
  });

  it("still auto-approves a plain source fix with --yes", async () => {
    const result = await fix({ script: [{ reply: FIX_ADD + FIX_MULTIPLY }], args: ["--yes", "--no-memory"] });
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /Apply this hunk/);
  });
});
