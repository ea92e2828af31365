import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { lstat, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { block, cliSession, FIX_ADD, JS_CALC, makeProject } from "../../support/cliHarness";
import { type ScriptedServer, type ScriptStep, startScriptedModelServer } from "../../support/scriptedModelServer";

/** Every file under `dir` (.git included): bytes, mode and link target. */
async function treeFingerprint(dir: string, rel = ""): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    const abs = path.join(dir, childRel);
    if (entry.isDirectory()) {
      for (const [k, v] of await treeFingerprint(dir, childRel)) out.set(k, v);
      continue;
    }
    const info = await lstat(abs);
    const content = info.isSymbolicLink() ? Buffer.from(`link:${await readlink(abs)}`) : await readFile(abs);
    out.set(childRel, `${info.mode.toString(8)}:${createHash("sha1").update(content).digest("hex")}`);
  }
  return out;
}

/** A red project in a git repository with uncommitted work, as users have them. */
async function dirtyRepo(): Promise<string> {
  const ws = await makeProject(JS_CALC);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=u", "-c", "user.email=u@x", ...args], { cwd: ws, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "-m", "start");
  await writeFile(path.join(ws, "notes.md"), "untracked work\n");
  await writeFile(path.join(ws, "calc.js"), JS_CALC["calc.js"].replace("// TODO", "// TODO (edited)"));
  return ws;
}

/**
 * Each fault ends with a clear message and the right exit code, and leaves the workspace, its .git included,
 * byte for byte as it was.
 */
describe("faults leave the workspace and .git exactly as they were", function () {
  this.timeout(90_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  const cases: Array<{ name: string; steps: ScriptStep[]; args?: string[]; code: number; message: RegExp }> = [
    {
      name: "a model answer writing into .git",
      steps: [
        { reply: block(".git/config", "", "[core]\n\tfsmonitor = touch pwned\n") },
        { reply: block(".GIT/HEAD", "", "ref: refs/heads/gone\n") },
      ],
      args: ["--max-iterations", "2"],
      code: 1,
      message: /Refused: .*inside \.git/,
    },
    {
      name: "a model answer changing files that run code, with --yes and nobody to ask",
      steps: [
        {
          reply: block(
            ".vscode/tasks.json",
            "",
            '{"version":"2.0.0","tasks":[{"label":"x","command":"touch pwned","runOptions":{"runOn":"folderOpen"}}]}\n',
          ),
        },
      ],
      args: ["--max-iterations", "1"],
      code: 1,
      message: /tasks\.json/,
    },
    {
      name: "a test command that does not exist",
      steps: [{ reply: FIX_ADD }],
      args: ["--test", "no-such-test-binary-xyz"],
      code: 2,
      message: /not found/,
    },
    {
      name: "a server answering invalid JSON",
      steps: Array(4).fill({ fault: "garbage-json" }),
      code: 1,
      message: /invalid JSON/,
    },
    {
      name: "a server answering with no choices",
      steps: Array(4).fill({ fault: "empty-choices" }),
      code: 1,
      message: /no choices/,
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      server = await startScriptedModelServer(c.steps);
      const ws = await dirtyRepo();
      const before = await treeFingerprint(ws);
      const cli = await cliSession();
      const result = await cli.run(
        ["fix", "calc.js", "--yes", "--provider", "openai", "--base-url", server.openaiBaseUrl, ...(c.args ?? [])],
        { cwd: ws },
      );
      assert.equal(result.code, c.code, result.stderr);
      const said =
        result.stderr +
        JSON.parse((await cli.run(["history", "--json"])).stdout || "[]")
          .map((r: { message: string }) => r.message)
          .join("\n");
      assert.match(said, c.message);
      const after = await treeFingerprint(ws);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
      assert.deepEqual(changed, [], `changed: ${changed.join(", ")}\n${result.stderr}`);
    });
  }
});
