import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { FixFromTestOutcome } from "../../../extension/commands/fixFromTestCommand";
import type { PublishedRun } from "../../../extension/testing/testResults";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { type ObservedResult, otherTests } from "./fixtures";
import { EXTENSION_ID, extensionLogTail, getTestApi, useSettings, waitFor, workspaceRoot } from "./helpers";
import { createRedProject, editBlock, fixAnswer, type RedProject } from "./redProject";

interface Fixture {
  project: RedProject;
  testFile: string;
  testText: string;
  server: ScriptedServer;
  /** Runs Greenloop published during this test so far. */
  publishedSince(): PublishedRun[];
  dispose(): Promise<void>;
}

async function setUp(replies: string[], extra: Record<string, unknown> = {}): Promise<Fixture> {
  const api = await getTestApi();
  const project = createRedProject(workspaceRoot());
  let next = 0;
  const fill = (reply: string) =>
    reply.replace(/\{target\}/g, project.target).replace(/\{testFile\}/g, `${project.dir}/test/calc.test.js`);
  const server = await startScriptedModelServer(() => ({ reply: fill(replies[Math.min(next++, replies.length - 1)]) }));
  const restore = await useSettings({
    provider: "openai",
    baseUrl: server.openaiBaseUrl,
    model: "scripted",
    approvalMode: "auto-all",
    maxIterations: 4,
    "memory.enabled": false,
    testCommand: project.testCommand,
    testTask: "",
    ...extra,
  });
  await vscode.commands.executeCommand("greenloop.setApiKey", "test-key");
  const testFile = path.join(workspaceRoot(), project.dir, "test", "calc.test.js");
  const earlier = new Set(api.testResults.published);
  return {
    project,
    testFile,
    testText: readFileSync(testFile, "utf8"),
    server,
    publishedSince: () => api.testResults.published.filter((run) => !earlier.has(run)),
    async dispose() {
      if (api.runs.isRunning) {
        await vscode.commands.executeCommand("greenloop.stop");
        await api.runs.whenIdle();
      }
      await restore();
      await server.close();
    },
  };
}

/** The failing test as another test extension shows it: `add adds` on line 5 (0-based 4) of the test file. */
function failingAddTest(
  f: Fixture,
  other: Awaited<ReturnType<typeof otherTests>>,
  stack?: Array<{ label: string; file: string; line: number }>,
) {
  return other.failingTest({
    file: f.testFile,
    name: "add adds",
    line: 4,
    message: "AssertionError: Expected values to be strictly equal:\n\n-1 !== 5",
    expected: "5",
    actual: "-1",
    stack,
  });
}

const summaryOf = (run: PublishedRun) => run.tests.map((t) => `${t.state} ${t.testId}`).sort();

/** "Fix with Greenloop" from the Testing UI, on another extension's test and on Greenloop's own results. */
export function registerTestExplorerSuite(): void {
  describe("fix from the Test Explorer, results in Test Results", function () {
    this.timeout(120_000);

    afterEach(async function () {
      if (this.currentTest?.state !== "failed") return;
      console.log(extensionLogTail((await getTestApi()).logUri.fsPath));
    });

    it("contributes Fix with Greenloop to the test item, gutter and failure message menus", () => {
      const menus = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.menus as Record<
        string,
        Array<{ command: string; when: string }>
      >;
      for (const menu of ["testing/item/context", "testing/item/gutter", "testing/message/context"]) {
        assert.ok(
          menus[menu]?.some((m) => m.command === "greenloop.fixFromTest" && m.when.includes("!greenloop.running")),
          `${menu}: ${JSON.stringify(menus[menu])}`,
        );
      }
      assert.match(
        menus["testing/item/context"].find((m) => m.command === "greenloop.fixFromTest")?.when ?? "",
        /testResultState == failed/,
      );
    });

    it("on another extension's failing test: runs that test alone, then fixes the source it imports until the suite passes", async () => {
      const other = await otherTests();
      const f = await setUp([fixAnswer("{target}")]);
      try {
        const { item } = failingAddTest(f, other);
        // The item menu and the gutter hand the command the TestItem itself.
        const outcome = await vscode.commands.executeCommand<FixFromTestOutcome | undefined>(
          "greenloop.fixFromTest",
          item,
        );
        assert.ok(outcome, "the fix did not start");
        assert.equal(outcome.target, f.project.target);
        assert.equal(outcome.reason, "import named like the test");
        assert.ok(outcome.alone, "the test was not run alone first");
        assert.match(outcome.alone.command, /--test-name-pattern=\^\(\?:add adds\)\$/);
        assert.equal(outcome.alone.passed, false);
        assert.equal(outcome.summary?.reason, "green", outcome.summary?.message);
        assert.match(readFileSync(f.project.targetPath, "utf8"), /return a \+ b;/);
        assert.equal(readFileSync(f.testFile, "utf8"), f.testText, "the test file was changed");

        // What Greenloop published: the lone run held that test only; the last run every test, each on its line.
        const runs = f.publishedSince();
        assert.equal(runs[0].name, 'Greenloop: "add adds" alone');
        assert.deepEqual(summaryOf(runs[0]), ["failed add adds"]);
        const lone = runs[0].tests[0];
        assert.deepEqual([lone.file, lone.line], [f.testFile, 4]);
        const { text, ...where } = lone.messages[0];
        assert.match(text, /strictly equal/);
        assert.deepEqual(where, { expected: "5", actual: "-1", file: f.testFile, line: 4 });
        const last = runs[runs.length - 1];
        assert.deepEqual(summaryOf(last), ["passed add adds", "passed half halves", "passed square squares"]);
        assert.deepEqual(last.tests.map((t) => t.line).sort(), [4, 5, 6]);
        assert.ok(
          last.tests.every((t) => t.file === f.testFile && typeof t.durationMs === "number"),
          JSON.stringify(last.tests),
        );

        // What VS Code holds, read through the Testing API like any extension: failed with a diff, then passed.
        const itemId = `${vscode.Uri.file(f.testFile).toString()}#add adds`;
        const ofItem = (): ObservedResult[] => other.results().filter((r) => r.id === itemId);
        const observed = await waitFor(
          other.onDidChangeTestResults,
          () => {
            const states = ofItem().flatMap((r) => r.states.map((s) => s.state));
            return states.includes("failed") && states.includes("passed") ? ofItem() : undefined;
          },
          `Greenloop's results for ${itemId} in vscode.tests.testResults (ids seen: ${[...new Set(other.results().map((r) => r.id))].slice(0, 20).join(", ")})`,
        );
        const failure = observed.flatMap((r) => r.states).find((s) => s.state === "failed");
        assert.deepEqual(
          failure?.messages.map((m) => [m.expected, m.actual, m.file, m.line]),
          [["5", "-1", f.testFile, 4]],
        );
        assert.equal(observed.find((r) => r.line !== undefined)?.line, 4, "the result is not on the test's line");
      } finally {
        await f.dispose();
      }
    });

    it("on a failure message with a stack frame: fixes the frame's source and never edits the test, even when test edits are allowed", async () => {
      const other = await otherTests();
      const testEdit = `The test expects the wrong value.\n\n${editBlock("{testFile}", "assert.strictEqual(add(2, 3), 5)", "assert.strictEqual(add(2, 3), -1)")}`;
      const f = await setUp([testEdit, fixAnswer("{target}")], { allowTestEdits: true });
      try {
        const { item, message } = failingAddTest(f, other, [{ label: "add", file: f.project.targetPath, line: 2 }]);
        // The failure message's menu hands the command { test, message }.
        const outcome = await vscode.commands.executeCommand<FixFromTestOutcome | undefined>("greenloop.fixFromTest", {
          test: item,
          message,
        });
        assert.equal(outcome?.reason, "stack frame");
        assert.equal(outcome?.target, f.project.target);
        assert.equal(outcome?.summary?.reason, "green", outcome?.summary?.message);
        assert.equal(readFileSync(f.testFile, "utf8"), f.testText, "the test file was changed");
        const second = f.server.chatRequests()[1];
        assert.ok(second, "the model was asked only once");
        assert.match(
          JSON.stringify(second.body),
          /is a test file/,
          "the refused test edit was not explained to the model",
        );
      } finally {
        await f.dispose();
      }
    });
  });
}
