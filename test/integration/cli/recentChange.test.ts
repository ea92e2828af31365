import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { block, cliSession, makeProject } from "../../support/cliHarness";
import { scriptedModelFlags, useScriptedFix } from "../../support/scriptedFix";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

const WINDOW = {
  "package.json": JSON.stringify({ name: "window", version: "1.0.0", scripts: { test: "node --test" } }),
  "window.js":
    "function sumFirst(values, n) {\n  let total = 0;\n  for (let i = 0; i < n; i++) total += values[i];\n  return total;\n}\n\nmodule.exports = { sumFirst };\n",
  "test/window.test.js": [
    'const test = require("node:test");',
    'const assert = require("node:assert/strict");',
    'const { sumFirst } = require("../window");',
    'test("sums the first n values", () => {',
    "  assert.equal(sumFirst([1, 2, 3, 4], 3), 6);",
    "});",
    "",
  ].join("\n"),
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { cwd, stdio: "pipe" });

describe("greenloop fix with the developer's uncommitted change", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());
  const fix = useScriptedFix();

  const fixBack = block(
    "window.js",
    "  for (let i = 0; i <= n; i++) total += values[i];",
    "  for (let i = 0; i < n; i++) total += values[i];",
  );

  it("shows the model the change since the last commit, read before the run edits anything", async () => {
    const result = await fix({
      script: [{ reply: fixBack }],
      files: WINDOW,
      target: "window.js",
      prepare: async (ws) => {
        git(ws, "init", "-q");
        git(ws, "add", ".");
        git(ws, "commit", "-qm", "works");
        await writeFile(path.join(ws, "window.js"), WINDOW["window.js"].replace("i < n", "i <= n"));
      },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(await result.read(), /i < n/);
    const prompt = result.server.chatRequests()[0].messages.at(-1)!.content;
    const section = prompt.split("## Uncommitted change to window.js")[1]?.split("\n## ")[0] ?? "";
    assert.match(section, /^-\s+for \(let i = 0; i < n; i\+\+\)/m, prompt);
    assert.match(section, /^\+\s+for \(let i = 0; i <= n; i\+\+\)/m);
  });

  it("recalls a fix from another project whose change had the same shape, with --memory-scope all, and says where it comes from", async () => {
    // Another project with the same kind of bug (a loop bound moved past the end) in other names. With the
    // change the fix's shape matches; a failure that looks nothing alike is kept out by the floor for other
    // projects' hints (docs/MEMORY.md), so this one fails the same way.
    const limits = {
      "package.json": JSON.stringify({ name: "series", version: "1.0.0", scripts: { test: "node --test" } }),
      "limits.js":
        "function prefixTotal(items, count) {\n  let sum = 0;\n  for (let k = 0; k < count; k++) sum += items[k];\n  return sum;\n}\n\nmodule.exports = { prefixTotal };\n",
      "test/limits.test.js": [
        'const test = require("node:test");',
        'const assert = require("node:assert/strict");',
        'const { prefixTotal } = require("../limits");',
        'test("totals the first count items", () => {',
        "  assert.equal(prefixTotal([1, 2, 3, 4], 3), 6);",
        "});",
        "",
      ].join("\n"),
    };
    const fixLimits = block(
      "limits.js",
      "  for (let k = 0; k <= count; k++) sum += items[k];",
      "  for (let k = 0; k < count; k++) sum += items[k];",
    );
    server = await startScriptedModelServer([
      { reply: fixBack },
      { reply: fixLimits },
      { reply: fixBack },
      { reply: fixLimits },
    ]);
    /** Fixes the window bug, then the limits bug, in one memory; returns the limits prompt's recalled fixes. */
    const windowThenLimits = async (limitsInGit: boolean): Promise<string> => {
      const cli = await cliSession();
      const runs = [
        [WINDOW, "window.js", ["i < n", "i <= n"], true],
        [limits, "limits.js", ["k < count", "k <= count"], limitsInGit],
      ] as const;
      for (const [files, target, bug, inGit] of runs) {
        const ws = await makeProject(files);
        if (inGit) {
          git(ws, "init", "-q");
          git(ws, "add", ".");
          git(ws, "commit", "-qm", "works");
        }
        await writeFile(path.join(ws, target), (files as Record<string, string>)[target].replace(bug[0], bug[1]));
        const result = await cli.run([
          "fix",
          path.join(ws, target),
          ...scriptedModelFlags(server),
          "--yes",
          "--memory-scope",
          "all",
        ]);
        assert.equal(result.code, 0, result.stderr);
      }
      return server
        .chatRequests()
        .at(-1)!
        .messages.at(-1)!
        .content.split("## Lessons from earlier fixes")
        .slice(1)
        .join("\n");
    };
    const windowFix =
      /from another project \(gl-proj-\w+\): `sums the first n values`[\s\S]*\+\s+for \(let i = 0; i < n; i\+\+\)/;
    assert.doesNotMatch(
      await windowThenLimits(false),
      windowFix,
      "from the failure alone the window fix is not similar enough",
    );
    assert.match(
      await windowThenLimits(true),
      windowFix,
      "with the change, the fix that undid the same kind of change is offered",
    );
  });

  it("shows no change section outside a git repository", async () => {
    const result = await fix({
      script: [{ reply: fixBack }],
      files: { ...WINDOW, "window.js": WINDOW["window.js"].replace("i < n", "i <= n") },
      target: "window.js",
    });
    const { server } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(server.chatRequests()[0].messages.at(-1)!.content, /Uncommitted change/);
  });
});
