import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../../agent-core/loop/runLoop";
import { closedPortUrl } from "../../support/closedPort";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { cleanUpAfterRun, getTestApi, quoteArg, useSettings, workspaceRoot, writeFiles } from "./helpers";
import { CALC_SOURCE, createRedProject, fixAnswer } from "./redProject";

function fix(file: string): Thenable<RunSummary | undefined> {
  return vscode.commands.executeCommand<RunSummary | undefined>("greenloop.fixUntilGreen", vscode.Uri.file(file));
}

/** Counts greenloop test tasks started while it is open. */
function taskCounter(): { names: string[]; dispose(): void } {
  const names: string[] = [];
  const sub = vscode.tasks.onDidStartTask((e) => {
    if (e.execution.task.definition.type === "greenloop") names.push(e.execution.task.name);
  });
  return { names, dispose: () => sub.dispose() };
}

/** A green project: `src/<name>.js` has no test of its own; `test/other.test.js` passes. */
function greenProjectWithUntestedFile(workspace: string): { target: string; testCommand: string } {
  const dir = `lonely-${randomBytes(3).toString("hex")}`;
  writeFiles(path.join(workspace, dir), {
    "src/lonely.js": "module.exports = () => 42;\n",
    "test/other.test.js": 'const test = require("node:test");\ntest("one is one", () => {});\n',
  });
  return {
    target: path.join(workspace, dir, "src/lonely.js"),
    testCommand: [process.execPath, "--test", `${dir}/test/other.test.js`].map(quoteArg).join(" "),
  };
}

/** What a new user meets in everyday use: first contact, wrong kinds of file, undo, words and keys. */
export function registerEverydaySuite(): void {
  describe("everyday use", function () {
    this.timeout(90_000);
    let server: ScriptedServer | undefined;
    let restore: (() => Promise<void>) | undefined;
    let tasks: ReturnType<typeof taskCounter>;
    beforeEach(() => {
      tasks = taskCounter();
    });
    afterEach(async function () {
      tasks.dispose();
      await cleanUpAfterRun(this, restore, server);
      restore = server = undefined;
    });

    it("with no model server listening, stops at once before any test task, with Open Settings and no Undo", async () => {
      const api = await getTestApi();
      const project = createRedProject(workspaceRoot());
      restore = await useSettings({
        provider: "ollama",
        baseUrl: await closedPortUrl(),
        model: "scripted",
        testCommand: project.testCommand,
        testTask: "",
        "memory.enabled": false,
      });
      const summary = await fix(project.targetPath);
      assert.equal(summary?.reason, "model-error", summary?.message);
      assert.match(summary.message, /Cannot reach Ollama/);
      assert.deepEqual(tasks.names, [], "the tests ran before the model server was checked");
      const notice = api.lastNotice();
      assert.ok(notice);
      assert.doesNotMatch(notice.text, /`/, "raw backticks in the notice");
      assert.match(notice.text, /'ollama serve'/);
      assert.equal(notice.actions[0], "Open Settings");
      assert.ok(
        !notice.actions.includes("Undo Run"),
        `Undo offered although nothing changed: ${notice.actions.join(", ")}`,
      );
      assert.equal(api.contextKey("greenloop.canUndo"), false);
      assert.equal(readFileSync(project.targetPath, "utf8"), CALC_SOURCE);
    });

    it("without a test command names greenloop.testCommand, and the status bar shows that message again instead of an empty panel", async () => {
      const api = await getTestApi();
      const project = createRedProject(workspaceRoot());
      server = await startScriptedModelServer([]);
      restore = await useSettings({
        provider: "ollama",
        baseUrl: server.url,
        model: "scripted",
        testCommand: "",
        testTask: "",
        "memory.enabled": false,
      });
      const summary = await fix(project.targetPath);
      assert.equal(summary?.reason, "test-error", summary?.message);
      const notice = api.lastNotice();
      assert.ok(notice);
      assert.match(notice.text, /greenloop\.testCommand/);
      assert.doesNotMatch(notice.text, /--test/);
      assert.equal(notice.settingsQuery, "greenloop.testCommand");
      assert.equal(api.status().kind, "stopped");
      assert.equal(api.statusCommand(), "greenloop.showLastMessage", "a click would open a panel saying 'No run yet'");
      await vscode.commands.executeCommand(api.statusCommand());
      assert.equal(api.lastNotice(), notice, "the click shows the same message again");
    });

    it("a file no test covers: says so, is not green and offers no Undo", async () => {
      const api = await getTestApi();
      const project = greenProjectWithUntestedFile(workspaceRoot());
      server = await startScriptedModelServer([]);
      restore = await useSettings({
        provider: "openai",
        baseUrl: server.openaiBaseUrl,
        model: "scripted",
        testCommand: project.testCommand,
        testTask: "",
        "memory.enabled": false,
      });
      await vscode.commands.executeCommand("greenloop.setApiKey", "test-key");
      const summary = await fix(project.target);
      assert.equal(summary?.iterations, 0, summary?.message);
      assert.match(
        summary.message,
        /^No test covers .*lonely\.js: .*Write a test that shows the bug \(for example lonely\.test\.js\)/,
      );
      assert.equal(api.status().kind, "nothing-to-fix", "the status bar turned green for a file without tests");
      const notice = api.lastNotice();
      assert.match(notice?.text ?? "", /No test covers/);
      assert.deepEqual(notice?.actions, []);
      assert.equal(api.contextKey("greenloop.canUndo"), false);
      assert.equal(server.chatRequests().length, 0);
    });

    it("refuses README.md before anything runs", async () => {
      const api = await getTestApi();
      const project = createRedProject(workspaceRoot());
      const readme = path.join(workspaceRoot(), project.dir, "README.md");
      writeFiles(path.join(workspaceRoot(), project.dir), { "README.md": "# calc\n" });
      server = await startScriptedModelServer([]);
      restore = await useSettings({
        provider: "ollama",
        baseUrl: server.url,
        model: "scripted",
        testCommand: project.testCommand,
        testTask: "",
        "memory.enabled": false,
      });
      const before = api.status();
      assert.equal(await fix(readme), undefined);
      assert.match(api.lastNotice()?.text ?? "", /README\.md is not one/);
      assert.equal(api.status(), before, "a refused file started a run");
      assert.deepEqual(tasks.names, []);
      assert.equal(server.requests.length, 0);
    });

    it("on a test file, fixes the source the test exercises and leaves the test as it is", async () => {
      const project = createRedProject(workspaceRoot());
      const testFile = path.join(workspaceRoot(), project.dir, "test", "calc.test.js");
      const testText = readFileSync(testFile, "utf8");
      server = await startScriptedModelServer([{ reply: fixAnswer(project.target) }]);
      restore = await useSettings({
        provider: "ollama",
        baseUrl: server.url,
        model: "scripted",
        approvalMode: "auto-target",
        testCommand: project.testCommand,
        testTask: "",
        allowTestEdits: false,
        "memory.enabled": false,
      });
      const summary = await fix(testFile);
      assert.equal(summary?.reason, "green", summary?.message);
      assert.equal(summary?.file, project.target);
      assert.match(readFileSync(project.targetPath, "utf8"), /return a \+ b;/);
      assert.equal(readFileSync(testFile, "utf8"), testText, "the test file was changed");
    });

    it("after Undo the status bar and the panel say undone and Undo is off; the success notice leads with the panel", async () => {
      const api = await getTestApi();
      const project = createRedProject(workspaceRoot());
      server = await startScriptedModelServer(
        (() => {
          const reply = fixAnswer(project.target);
          return () => ({ reply });
        })(),
      );
      restore = await useSettings({
        provider: "openai",
        baseUrl: server.openaiBaseUrl,
        model: "scripted",
        approvalMode: "auto-all",
        maxIterations: 4,
        testCommand: project.testCommand,
        testTask: "",
        "memory.enabled": false,
      });
      await vscode.commands.executeCommand("greenloop.setApiKey", "test-key");
      const summary = await fix(project.targetPath);
      assert.equal(summary?.reason, "green", summary?.message);
      assert.equal(api.status().kind, "green");
      assert.deepEqual(
        api.lastNotice()?.actions,
        ["Show Panel", "Undo Run"],
        "the success notice's primary button is Undo",
      );
      assert.equal(api.contextKey("greenloop.canUndo"), true);
      assert.deepEqual(api.panels.undoState, { runId: summary.runId, state: "available" });

      const undone = await vscode.commands.executeCommand<{ files: string[]; undoRunId?: string } | undefined>(
        "greenloop.undoLastRun",
        { skipConfirm: true },
      );
      assert.deepEqual(undone?.files, [project.target]);
      assert.ok(undone?.undoRunId, "the undo is recorded as a run of its own");
      assert.equal(readFileSync(project.targetPath, "utf8"), CALC_SOURCE);
      assert.equal(api.status().kind, "undone", "the status bar still says green after Undo");
      assert.deepEqual(api.panels.undoState, { runId: summary.runId, state: "undone" });
      assert.equal(api.contextKey("greenloop.canUndo"), false, "Undo stays enabled with nothing to undo");
    });

    it("Accept/Reject Change have default keys that no VS Code default uses", async () => {
      const pkg = vscode.extensions.getExtension("greenloop.greenloop")!.packageJSON;
      const ours = (pkg.contributes.keybindings as Array<{ command: string; key: string }>).map((k) => ({
        command: k.command,
        key: k.key,
      }));
      assert.deepEqual(ours.map((k) => k.command).sort(), ["greenloop.acceptHunk", "greenloop.rejectHunk"]);
      await vscode.commands.executeCommand("workbench.action.openDefaultKeybindingsFile");
      const doc = vscode.workspace.textDocuments.find(
        (d) => d.uri.scheme === "vscode" && d.uri.path.endsWith("keybindings.json"),
      );
      assert.ok(
        doc,
        `the default keybindings did not open: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(", ")}`,
      );
      const json = doc
        .getText()
        .split("\n")
        .filter((l) => !l.trim().startsWith("//"))
        .join("\n")
        .replace(/,(\s*[\]}])/g, "$1");
      const defaults = JSON.parse(json) as Array<{ key: string; command: string; when?: string }>;
      assert.ok(defaults.length > 500, `only ${defaults.length} default keybindings read`);
      assert.ok(
        defaults.some((d) => d.key === "ctrl+alt+enter"),
        "the defaults are the ones of this platform",
      );
      for (const k of ours) {
        const clash = defaults.filter((d) => d.key === k.key && !d.command.startsWith("greenloop."));
        assert.deepEqual(
          clash,
          [],
          `${k.key} (${k.command}) is also VS Code's key for ${clash.map((c) => c.command).join(", ")}`,
        );
      }
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    });
  });
}
