import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { LoopEvent } from "../../../agent-core/events";
import { type RunSummary, runFixLoop } from "../../../agent-core/loop/runLoop";
import { type FailureMemory, openFailureMemory } from "../../../agent-core/memory";
import { ProcessTestExecutor } from "../../../agent-core/node/processExecutor";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";
import type { FailureQuery, MemoryPort, MemoryScope, RecalledFix } from "../../../agent-core/ports";
import { createProvider } from "../../../agent-core/providers";
import { block, makeProject, read } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

const TEST = [
  'const test = require("node:test");',
  'const assert = require("node:assert/strict");',
  'const { add } = require("../calc");',
  'test("add adds two numbers", () => {',
  "  assert.strictEqual(add(2, 3), 5);",
  "});",
  "",
].join("\n");
const PACKAGE = JSON.stringify({ name: "calc", version: "1.0.0", scripts: { test: "node --test" } });
const CALC =
  'const combine = require("./combine");\n\nfunction add(a, b) {\n  return combine(a, -b);\n}\n\nmodule.exports = { add };\n';
const COMBINE = "module.exports = (x, y) => x + y;\n";
/** Fixes CALC while `combine` adds; a `combine` that subtracts non-negative numbers makes it fail the same way. */
const FIX_SIGN = block("calc.js", "  return combine(a, -b);", "  return combine(a, b);");
const FIX_PLAIN = block("calc.js", "  return combine(a, -b);", "  return a + b;");

function git(dir: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], {
    cwd: dir,
    stdio: "pipe",
  });
}

describe("the loop's memory: exact, verified replay", function () {
  this.timeout(90_000);
  let server: ScriptedServer;
  let memory: FailureMemory;
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "gl-replay-"));
    memory = await openFailureMemory({ dir: path.join(root, "memory") });
  });
  afterEach(async () => {
    await memory.close();
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function fix(ws: string, target = "calc.js"): Promise<{ summary: RunSummary; events: LoopEvent[] }> {
    const events: LoopEvent[] = [];
    const summary = await runFixLoop(
      { workspace: ws, targetFile: target, approval: "auto-all", maxIterations: 4 },
      {
        files: new NodeWorkspaceFiles(ws),
        tests: new ProcessTestExecutor(),
        approve: async (r) => ({
          files: r.files.map((f) => ({ path: f.path, acceptedHunks: f.hunks.map((_, i) => i) })),
        }),
        model: createProvider({
          provider: "openai",
          model: "scripted",
          baseUrl: server.openaiBaseUrl,
          apiKey: "k",
          maxRetries: 0,
        }),
        memory,
        onEvent: (event) => events.push(event),
      },
    );
    return { summary, events };
  }
  const sources = (events: LoopEvent[]) => events.flatMap((e) => (e.type === "patch-proposed" ? [e.source] : []));

  it("replays a true recurrence (same project, file, tests and failure) with no model call", async () => {
    server = await startScriptedModelServer([{ reply: FIX_SIGN }]);
    const ws = await makeProject({
      "package.json": PACKAGE,
      "calc.js": CALC,
      "combine.js": COMBINE,
      "test/calc.test.js": TEST,
    });
    const first = await fix(ws);
    assert.equal(first.summary.reason, "green", first.summary.message);
    assert.equal(first.summary.modelCalls, 1);
    await writeFile(path.join(ws, "calc.js"), CALC);

    const again = await fix(ws);
    assert.equal(again.summary.reason, "green", again.summary.message);
    assert.equal(again.summary.modelCalls, 0, "the proven fix was replayed");
    assert.deepEqual(sources(again.events), ["memory"]);
    assert.equal(server.chatRequests().length, 1);
    assert.match(await read(ws, "calc.js"), /return combine\(a, b\);/);
  });

  it("replays a recurrence whose failure points into the target, tested by a file of another name", async () => {
    const MONEY =
      'function cents(amount) {\n  throw new Error("cents is not written yet");\n}\n\nmodule.exports = { cents };\n';
    const CART = [
      'const test = require("node:test");',
      'const assert = require("node:assert/strict");',
      'const { cents } = require("../lib/money");',
      'test("a cart totals in cents", () => {',
      "  assert.strictEqual(cents(1.5), 150);",
      "});",
      "",
    ].join("\n");
    const fixMoney = block(
      "lib/money.js",
      '  throw new Error("cents is not written yet");',
      "  return Math.round(amount * 100);",
    );
    server = await startScriptedModelServer([{ reply: fixMoney }]);
    const ws = await makeProject({ "package.json": PACKAGE, "lib/money.js": MONEY, "test/cart.test.js": CART });
    assert.equal((await fix(ws, "lib/money.js")).summary.reason, "green");
    await writeFile(path.join(ws, "lib/money.js"), MONEY);

    const again = await fix(ws, "lib/money.js");
    assert.equal(again.summary.reason, "green", again.summary.message);
    assert.equal(again.summary.modelCalls, 0, "the proven fix was replayed: the failure's test file was found");
    assert.deepEqual(sources(again.events), ["memory"]);
  });

  it("takes back a stale replay, tells the model what it changed, and lets the model fix it", async () => {
    server = await startScriptedModelServer([{ reply: FIX_SIGN }, { reply: FIX_PLAIN }]);
    const ws = await makeProject({
      "package.json": PACKAGE,
      "calc.js": CALC,
      "combine.js": COMBINE,
      "test/calc.test.js": TEST,
    });
    assert.equal((await fix(ws)).summary.reason, "green");
    // The target and its tests are back as they were, and fail the same way; a helper they use changed.
    await writeFile(path.join(ws, "calc.js"), CALC);
    await writeFile(path.join(ws, "combine.js"), "module.exports = (x, y) => (y < 0 ? x + y : x - y);\n");

    const { summary, events } = await fix(ws);
    assert.equal(summary.reason, "green", summary.message);
    assert.deepEqual(sources(events), ["memory", "model"]);
    const reverted = events.find((e) => e.type === "patch-reverted");
    assert.match(
      reverted && reverted.type === "patch-reverted" ? reverted.reason : "",
      /fix from memory did not make add adds two numbers pass/,
    );
    assert.equal(
      await read(ws, "calc.js"),
      CALC.replace("return combine(a, -b);", "return a + b;"),
      "the replay is gone; the model's fix applied to the original",
    );
    const prompt = server
      .chatRequests()[1]
      .messages.map((m) => m.content)
      .join("\n");
    assert.match(prompt, /replayed from memory and taken back, because add adds two numbers still failed/);
    assert.match(
      prompt,
      /- {2}return combine\(a, -b\);\n\+ {2}return combine\(a, b\);/,
      "the model sees the replay's diff",
    );
    assert.doesNotMatch(prompt, /Lessons from earlier fixes/, "the fix just taken back is not offered again as a hint");
  });

  it("never replays one fork's fix into another fork with the same path, test, head and kind of failure", async () => {
    // Both forks share the repository's root commit (one project), the target's first 1,500 characters and
    // its tests; only the code below the head differs, and with it the bug.
    const licence = `/*\n${" * Licensed under the Example Licence. Permission is granted to use, copy and modify this file.\n".repeat(20)} */\n`;
    assert.ok(licence.length > 1_500);
    const source = (double: string) =>
      `${licence}function double(x) {\n  return ${double};\n}\n\nfunction triple(x) {\n  return double(x);\n}\n\nmodule.exports = { double, triple };\n`;
    const test =
      'const test = require("node:test");\nconst assert = require("node:assert/strict");\nconst { double, triple } = require("../calc");\ntest("double doubles", () => assert.strictEqual(double(2), 4));\ntest("triple triples", () => assert.strictEqual(triple(3), 9));\n';
    const forkA = path.join(root, "a");
    await makeProjectAt(forkA, { "package.json": PACKAGE, "calc.js": source("x * 2"), "test/calc.test.js": test });
    git(forkA, "init", "-q");
    git(forkA, "add", ".");
    git(forkA, "commit", "-qm", "start");
    const forkB = path.join(root, "b");
    git(root, "clone", "-q", forkA, forkB);
    await writeFile(path.join(forkB, "calc.js"), source("x + 2"));
    git(forkB, "commit", "-qam", "another double");

    const fixA = block("calc.js", "  return double(x);", "  return double(x) + x;");
    // Fork B doubles wrongly (2 + 2 hides it) and triples through that double: two changes fix it.
    const fixB =
      block("calc.js", "  return x + 2;", "  return x * 2;") +
      block("calc.js", "  return double(x);", "  return double(x) + x;");
    server = await startScriptedModelServer([{ reply: fixA }, { reply: fixB }]);
    const a = await fix(forkA);
    assert.equal(a.summary.reason, "green", a.summary.message);
    const b = await fix(forkB);
    assert.equal(b.summary.reason, "green", b.summary.message);
    assert.deepEqual(sources(b.events), ["model"], "fork A's fix was not replayed into fork B");
    assert.equal(b.summary.iterations, 1);
    assert.equal(await read(forkB, "calc.js"), source("x * 2").replace("return double(x);", "return double(x) + x;"));
  });
});

describe("the loop's memory: scope and honest labels", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it("asks with the configured scope and the failure's project and files, labels hints by where they come from, and shows one change once", async () => {
    const asked: Array<{ query: FailureQuery; scope?: MemoryScope }> = [];
    const hint: RecalledFix = {
      id: "h1",
      similarity: 0.9,
      score: 0.9,
      testId: "sum > adds",
      message: "expected 5, got -1",
      fix: FIX_SIGN.replace("calc.js", "lib/sum.js"),
      project: { name: "billing", same: false },
    };
    const memory: MemoryPort = {
      // Each failure gets the same change under another record id.
      recall: async (query, options) => (
        asked.push({ query, scope: options?.scope }), [{ ...hint, id: `h${asked.length}` }]
      ),
      findReplay: async () => undefined,
      recordOutcome: async () => undefined,
    };
    for (const scope of [undefined, "all"] as const) {
      server = await startScriptedModelServer([{ reply: FIX_SIGN }]);
      const twoFailures = `${TEST}test("add is commutative", () => {\n  assert.strictEqual(add(3, 2), 5);\n});\n`;
      const ws = await makeProject({
        "package.json": PACKAGE,
        "calc.js": CALC,
        "combine.js": COMBINE,
        "test/calc.test.js": twoFailures,
      });
      const before = asked.length;
      const summary = await runFixLoop(
        {
          workspace: ws,
          targetFile: "calc.js",
          approval: "auto-all",
          ...(scope ? { memory: { enabled: true, replay: true, scope } } : {}),
        },
        {
          files: new NodeWorkspaceFiles(ws),
          tests: new ProcessTestExecutor(),
          approve: async (r) => ({
            files: r.files.map((f) => ({ path: f.path, acceptedHunks: f.hunks.map((_, i) => i) })),
          }),
          model: createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
          memory,
        },
      );
      assert.equal(summary.reason, "green", summary.message);
      const last = asked[asked.length - 1];
      assert.equal(last.scope, scope ?? "project");
      assert.match(last.query.project?.id ?? "", /^dir:[0-9a-f]{32}$/, "outside git the folder is the project");
      assert.equal(last.query.project?.name, path.basename(ws));
      assert.match(last.query.fileHash ?? "", /^sha-/);
      assert.match(last.query.testFilesHash ?? "", /^sha-/, "the failing test's file is known");
      const prompt = server
        .chatRequests()[0]
        .messages.map((m) => m.content)
        .join("\n");
      assert.match(prompt, /1\. from another project \(billing\): `sum > adds` failed with "expected 5, got -1"/);
      assert.equal(asked.length - before, 2, "both failures were asked about");
      assert.doesNotMatch(prompt, /\n2\. from/, "the same change recalled twice is shown once");
      await server.close();
    }
  });
});

async function makeProjectAt(dir: string, files: Record<string, string>): Promise<void> {
  const made = await makeProject(files);
  execFileSync("mv", [made, dir]);
}
