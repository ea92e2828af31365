import * as assert from "node:assert/strict";
import * as path from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../../agent-core/loop/runLoop";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import {
  cleanUpAfterRun,
  getTestApi,
  proposalDiffTab,
  useSettings,
  waitFor,
  workspaceRoot,
  writeFiles,
} from "./helpers";
import { createRedProject, fixAnswer, type RedProject } from "./redProject";

/** Keystrokes past this many without a review diff opening mean the run never proposed (a hang guard). */
const MAX_KEYSTROKES = 3000;

function tabOf(uri: vscode.Uri): { tab: vscode.Tab; group: vscode.TabGroup } | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString())
        return { tab, group };
    }
  }
  return undefined;
}

function fix(file: string): Thenable<RunSummary | undefined> {
  return vscode.commands.executeCommand<RunSummary | undefined>("greenloop.fixUntilGreen", vscode.Uri.file(file));
}

/** Resolves once the review diff of the project's target is open; fails with the run's message if it ends first. */
async function reviewDiffOpened(project: RedProject, run: Thenable<RunSummary | undefined>): Promise<void> {
  const ended = Promise.resolve(run).then((s) => {
    throw new Error(`The run ended before its review: ${s?.reason}: ${s?.message}`);
  });
  await Promise.race([
    waitFor(vscode.window.tabGroups.onDidChangeTabs, () => proposalDiffTab(project.target), "the review diff"),
    ended,
  ]);
}

/** A proposal arriving while the user types elsewhere takes neither their editor nor their keystrokes. */
export function registerFocusSuite(): void {
  describe("review and the user's typing", function () {
    this.timeout(120_000);
    let server: ScriptedServer | undefined;
    let restore: (() => Promise<void>) | undefined;

    afterEach(async function () {
      await cleanUpAfterRun(this, restore, server);
      restore = server = undefined;
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    });

    /** A red project with notes.txt beside it, a scripted model that fixes it, and review by the user. */
    async function setUp(): Promise<{ project: RedProject; notes: vscode.TextDocument }> {
      const project = createRedProject(workspaceRoot());
      writeFiles(path.join(workspaceRoot(), project.dir), { "notes.txt": "notes\n" });
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
        approvalMode: "ask",
        maxIterations: 2,
        testCommand: project.testCommand,
        testTask: "",
        "memory.enabled": false,
      });
      await vscode.commands.executeCommand("greenloop.setApiKey", "test-key");
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      const notes = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), project.dir, "notes.txt"));
      return { project, notes };
    }

    it("opens the diff beside the editor being typed in: it stays open, active and gets every keystroke", async () => {
      const api = await getTestApi();
      const { project, notes } = await setUp();
      // A preview tab (a single click in the Explorer), the kind another preview editor would replace.
      const editor = await vscode.window.showTextDocument(notes, { preview: true, viewColumn: vscode.ViewColumn.One });
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      let typed = "";
      const key = async () => {
        const ch = String.fromCharCode(97 + (typed.length % 26));
        await vscode.commands.executeCommand("type", { text: ch });
        typed += ch;
      };
      await key();
      assert.equal(notes.getText(), `${typed}notes\n`, "keystrokes do not reach the focused editor");

      let ended: RunSummary | undefined | "pending" = "pending";
      const run = fix(project.targetPath);
      void Promise.resolve(run).then((s) => {
        ended = s;
      });
      // The user keeps typing while the run tests, asks the model and opens its proposal.
      while (!proposalDiffTab(project.target) && ended === "pending" && typed.length < MAX_KEYSTROKES) await key();
      assert.equal(ended, "pending", `the run ended before its review: ${JSON.stringify(ended)}`);
      assert.ok(proposalDiffTab(project.target), `no review diff after ${typed.length} keystrokes`);
      for (let i = 0; i < 10; i++) await key();

      assert.equal(notes.getText(), `${typed}notes\n`, "a keystroke landed somewhere else");
      assert.equal(vscode.window.activeTextEditor?.document, notes, "the user's editor is no longer the active one");
      const mine = tabOf(notes.uri);
      assert.ok(mine, "the user's editor tab was replaced");
      assert.equal(mine.group.viewColumn, vscode.ViewColumn.One, "the user's editor moved");
      assert.ok(mine.tab.isActive, "the user's editor is hidden behind another tab");
      const diffGroup = vscode.window.tabGroups.all.find((g) =>
        g.tabs.some(
          (t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === "greenloop-proposal",
        ),
      );
      assert.notEqual(diffGroup?.viewColumn, vscode.ViewColumn.One, "the diff opened in the user's group");

      await vscode.commands.executeCommand("greenloop.acceptAll");
      const summary = await run;
      assert.equal(summary?.reason, "green", summary?.message);
      assert.equal(notes.getText(), `${typed}notes\n`);
      assert.equal(api.gate.current, undefined);
      await vscode.window.showTextDocument(notes);
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    });

    it("a preview tab the user is only reading stays open in its group when the diff opens there", async () => {
      const { project, notes } = await setUp();
      await vscode.window.showTextDocument(notes, { preview: true, viewColumn: vscode.ViewColumn.One });
      const run = fix(project.targetPath);
      await reviewDiffOpened(project, run);
      const mine = tabOf(notes.uri);
      assert.ok(mine, "the review diff took the place of the user's preview tab");
      assert.equal(mine.group.viewColumn, vscode.ViewColumn.One);
      await vscode.commands.executeCommand("greenloop.acceptAll");
      assert.equal((await run)?.reason, "green");
    });

    it("an editor typed in and saved before the proposal, then left alone, keeps its place and the next keystrokes", async () => {
      const { project, notes } = await setUp();
      const editor = await vscode.window.showTextDocument(notes, { preview: true, viewColumn: vscode.ViewColumn.One });
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await vscode.commands.executeCommand("type", { text: "a" });
      assert.ok(await notes.save(), "notes.txt was not saved");
      const run = fix(project.targetPath);
      await reviewDiffOpened(project, run);
      await vscode.commands.executeCommand("type", { text: "b" });
      assert.equal(notes.getText(), "abnotes\n", "the keystroke after the proposal opened landed somewhere else");
      assert.equal(vscode.window.activeTextEditor?.document, notes);
      assert.ok(tabOf(notes.uri)?.tab.isActive, "the user's editor is hidden behind the diff");
      await vscode.commands.executeCommand("greenloop.acceptAll");
      assert.equal((await run)?.reason, "green");
      await vscode.window.showTextDocument(notes);
      await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
    });
  });
}
