import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import type { RunSummary } from "../../../agent-core/loop/runLoop";
import type { GreenloopTestApi } from "../../../extension/extension";
import type { ProposalForReview } from "../../../extension/review/reviewController";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { extensionLogTail, getTestApi, proposalDiffTab, useSettings, waitFor, workspaceRoot } from "./helpers";
import {
  CALC_SOURCE,
  createRedProject,
  editBlock,
  fixAnswer,
  otherFixAnswer,
  type RedProject,
  twoHunkAnswer,
} from "./redProject";

/** Answers chat requests in order; once the list is used up, repeats the last answer. */
function answers(list: string[]): (req: unknown) => { reply: string } {
  let next = 0;
  return () => ({ reply: list[Math.min(next++, list.length - 1)] });
}

interface Fixture {
  project: RedProject;
  server: ScriptedServer;
  restore: () => Promise<void>;
  taskNames: string[];
  dispose(): Promise<void>;
}

async function setUp(replies: string[], approvalMode: string): Promise<Fixture> {
  const project = createRedProject(workspaceRoot());
  const server = await startScriptedModelServer(answers(replies.map((r) => r.replace(/\{target\}/g, project.target))));
  const restore = await useSettings({
    provider: "openai",
    baseUrl: server.openaiBaseUrl,
    model: "scripted",
    approvalMode,
    maxIterations: 4,
    "memory.enabled": false,
    testCommand: project.testCommand,
    testTask: "",
  });
  await vscode.commands.executeCommand("greenloop.setApiKey", "test-key");
  const taskNames: string[] = [];
  const sub = vscode.tasks.onDidStartTask((e) => {
    if (e.execution.task.definition.type === "greenloop") taskNames.push(e.execution.task.name);
  });
  return {
    project,
    server,
    restore,
    taskNames,
    async dispose() {
      sub.dispose();
      // A failed assertion can leave a run waiting for review: stop it so the next test starts clean.
      const api = await getTestApi();
      if (api.runs.isRunning) {
        await vscode.commands.executeCommand("greenloop.stop");
        await api.runs.whenIdle();
      }
      await restore();
      await server.close();
    },
  };
}

/** The next proposal under review; fails fast (with the run's message) when the run ends first. */
async function nextReview(
  api: GreenloopTestApi,
  run: Thenable<RunSummary | undefined>,
  notProposalId?: string,
): Promise<ProposalForReview> {
  const ended = Promise.resolve(run).then((s) => {
    throw new Error(`The run ended before the next review: ${s?.reason}: ${s?.message}`);
  });
  return Promise.race([api.gate.nextReview(notProposalId), ended]);
}

function fix(project: RedProject): Thenable<RunSummary | undefined> {
  return vscode.commands.executeCommand<RunSummary | undefined>(
    "greenloop.fixUntilGreen",
    vscode.Uri.file(project.targetPath),
  );
}

/** Runs the CodeLens command whose title starts with `prefix` on the proposal document. */
async function clickLens(uri: vscode.Uri, prefix: string, hunk: number): Promise<void> {
  // The tab can appear before its text model exists; opening the document waits for the model.
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri);
  const lens = lenses.find(
    (l) =>
      l.command?.title.includes(prefix) && (l.command?.arguments?.[0] as { hunk: number } | undefined)?.hunk === hunk,
  );
  assert.ok(
    lens?.command,
    `no "${prefix}" lens for change ${hunk + 1}; lenses: ${lenses.map((l) => l.command?.title).join(" | ")}`,
  );
  await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
}

/** Full runs against the scripted model server, with tests run as VS Code tasks. */
export function registerFixRunSuite(): void {
  describe("fix until green", function () {
    this.timeout(90_000);

    afterEach(async function () {
      if (this.currentTest?.state !== "failed") return;
      const api = await getTestApi();
      console.log(extensionLogTail(api.logUri.fsPath));
    });

    it("fixes a red file through the task API after accepting one hunk and rejecting another", async () => {
      const api = await getTestApi();
      const f = await setUp([twoHunkAnswer("{target}")], "ask");
      try {
        const run = fix(f.project);
        const proposal = await nextReview(api, run);
        assert.equal(proposal.files.length, 1);
        assert.equal(proposal.files[0].path, f.project.target);
        assert.equal(proposal.files[0].hunks.length, 2, "the answer's two far-apart edits must be two hunks");
        assert.equal(api.status().kind, "awaiting-approval");

        const tab = await waitFor(
          vscode.window.tabGroups.onDidChangeTabs,
          () => proposalDiffTab(f.project.target),
          "the review diff to open",
        );
        assert.equal(tab.original.fsPath, f.project.targetPath, "the diff compares the real file with the proposal");
        await clickLens(tab.modified, "Accept", 0);
        await clickLens(tab.modified, "Reject", 1);

        const summary = await run;
        assert.ok(summary, "the run did not start");
        assert.equal(summary.reason, "green", summary.message);
        const text = readFileSync(f.project.targetPath, "utf8");
        assert.match(text, /return a \+ b;/);
        assert.doesNotMatch(text, /halved/, "the rejected hunk was applied");
        assert.ok(f.taskNames.length > 0, "tests did not run as greenloop tasks");
        assert.equal(api.status().kind, "green");
        assert.equal(proposalDiffTab(f.project.target), undefined, "the review diff stays open after the decision");
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === f.project.targetPath);
        assert.ok(doc && !doc.isDirty, "the change was not written through the editor and saved");
      } finally {
        await f.dispose();
      }
    });

    it("undo restores the checkpoint taken before the run", async () => {
      const api = await getTestApi();
      const f = await setUp([fixAnswer("{target}")], "auto-all");
      try {
        const summary = await fix(f.project);
        assert.equal(summary?.reason, "green", summary?.message);
        assert.match(readFileSync(f.project.targetPath, "utf8"), /return a \+ b;/);
        assert.ok(api.runs.lastRun?.checkpointId, "the run recorded no checkpoint");

        const undone = await vscode.commands.executeCommand<{ files: string[] } | undefined>("greenloop.undoLastRun", {
          skipConfirm: true,
        });
        assert.ok(
          undone?.files.includes(f.project.target),
          `undo did not restore ${f.project.target}: ${JSON.stringify(undone)}`,
        );
        assert.equal(readFileSync(f.project.targetPath, "utf8"), CALC_SOURCE);
      } finally {
        await f.dispose();
      }
    });

    it("undo takes back only the run's change, keeping what the user did after it", async () => {
      const f = await setUp([fixAnswer("{target}")], "auto-all");
      try {
        const summary = await fix(f.project);
        assert.equal(summary?.reason, "green", summary?.message);
        // The user goes on working: a line at the end of the fixed file, and a new file.
        const doc = await vscode.workspace.openTextDocument(f.project.targetPath);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, doc.positionAt(doc.getText().length), "// added after the run\n");
        edit.createFile(vscode.Uri.joinPath(doc.uri, "..", "later.js"), {
          contents: new TextEncoder().encode("// mine\n"),
        });
        assert.ok(await vscode.workspace.applyEdit(edit));
        await doc.save();

        const undone = await vscode.commands.executeCommand<{ files: string[]; conflicts: string[] } | undefined>(
          "greenloop.undoLastRun",
          { skipConfirm: true },
        );
        assert.deepEqual(undone?.files, [f.project.target], JSON.stringify(undone));
        assert.equal(readFileSync(f.project.targetPath, "utf8"), CALC_SOURCE + "// added after the run\n");
        assert.equal(readFileSync(vscode.Uri.joinPath(doc.uri, "..", "later.js").fsPath, "utf8"), "// mine\n");
      } finally {
        await f.dispose();
      }
    });

    it("cancelling mid-run leaves the file as it was", async () => {
      const api = await getTestApi();
      const f = await setUp([twoHunkAnswer("{target}"), otherFixAnswer("{target}")], "ask");
      try {
        const run = fix(f.project);
        const first = await nextReview(api, run);
        // Apply only the unneeded change: the tests stay red and the loop asks again.
        api.gate.decideHunk({ proposalId: first.proposalId, path: f.project.target, hunk: 0 }, "rejected", "api");
        api.gate.decideHunk({ proposalId: first.proposalId, path: f.project.target, hunk: 1 }, "accepted", "api");
        await nextReview(api, run, first.proposalId);
        assert.match(readFileSync(f.project.targetPath, "utf8"), /halved/, "the accepted hunk was not applied");

        await vscode.commands.executeCommand("greenloop.stop");
        const summary = await run;
        assert.equal(summary?.reason, "cancelled", summary?.message);
        assert.equal(readFileSync(f.project.targetPath, "utf8"), CALC_SOURCE);
        assert.equal(api.gate.current, undefined, "the review stays open after cancel");
      } finally {
        await f.dispose();
      }
    });

    it("carries the proposal onto lines the user adds during review, redrawing the diff, and applies it there", async () => {
      const api = await getTestApi();
      const f = await setUp([fixAnswer("{target}")], "ask");
      try {
        const doc = await vscode.workspace.openTextDocument(f.project.targetPath);
        const run = fix(f.project);
        const proposal = await nextReview(api, run);
        // The user sees the diff, then types in the file.
        const tab = await waitFor(
          vscode.window.tabGroups.onDidChangeTabs,
          () => proposalDiffTab(f.project.target),
          "the review diff",
        );
        const right = await vscode.workspace.openTextDocument(tab.modified);
        const redrawn = waitFor(
          api.gate.onDidUpdateReview,
          (p) => (p?.proposalId === proposal.proposalId ? p : undefined),
          "the proposal to follow the edit",
        );
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, new vscode.Position(0, 0), "// user note\n");
        assert.ok(await vscode.workspace.applyEdit(edit));

        const updated = await redrawn;
        const file = updated.files[0];
        assert.ok(file.before.startsWith("// user note\n"), "the diff's left side is not the user's text");
        assert.ok(
          file.after.startsWith("// user note\n") && file.after.includes("return a + b;"),
          "the proposal was not carried onto the user's text",
        );
        assert.equal(file.hunks.length, 1);
        await waitFor(
          vscode.workspace.onDidChangeTextDocument,
          () => (right.getText() === file.after ? true : undefined),
          "the diff to show the proposal on top of the user's line",
        );
        await clickLens(tab.modified, "Accept", 0);

        const summary = await run;
        assert.equal(summary?.reason, "green", summary?.message);
        assert.ok(doc.getText().startsWith("// user note\n"), "the user's edit was lost");
        assert.match(doc.getText(), /return a \+ b;/);
      } finally {
        await f.dispose();
      }
    });

    it("withdraws a proposal whose lines the user rewrote during review, says why, and reviews the model's next one", async () => {
      const api = await getTestApi();
      const f = await setUp(
        [fixAnswer("{target}"), editBlock("{target}", "  return a * b;", "  return a + b;")],
        "ask",
      );
      try {
        const doc = await vscode.workspace.openTextDocument(f.project.targetPath);
        const run = fix(f.project);
        const proposal = await nextReview(api, run);
        const closed = waitFor(
          api.gate.onDidCloseReview,
          (c) => (c?.proposalId === proposal.proposalId ? c : undefined),
          "the review to close",
        );
        const line = doc.getText().split("\n").indexOf("  return a - b;");
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(line, 0, line, doc.lineAt(line).text.length), "  return a * b;");
        assert.ok(await vscode.workspace.applyEdit(edit));

        const end = await closed;
        assert.match(
          end.withdrawn ?? "",
          /You edited calc\.js where Greenloop's proposed change was, so the proposal was withdrawn/,
        );
        assert.deepEqual(
          end.decision?.files.map((x) => x.acceptedHunks),
          [[]],
          "a change was accepted over the user's edit",
        );
        const next = await nextReview(api, run, proposal.proposalId);
        assert.match(next.files[0].before, /return a \* b;/, "the model was not asked again against the user's text");
        await vscode.commands.executeCommand("greenloop.acceptAll");
        const summary = await run;
        assert.equal(summary?.reason, "green", summary?.message);
        assert.match(doc.getText(), /return a \+ b;/);
      } finally {
        await f.dispose();
      }
    });
  });
}
