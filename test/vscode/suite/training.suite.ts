import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../../agent-core/loop/runLoop";
import { loadPracticeProjects } from "../../../agent-core/training/projects";
import type { TrainingReport } from "../../../agent-core/training/reportSchema";
import type { GreenloopPanel } from "../../../extension/panel/greenloopPanel";
import { closedPortUrl } from "../../support/closedPort";
import type { RecordedRequest } from "../../support/model-server/types";
import { createPracticeResponder } from "../../support/practiceResponder";
import { startScriptedModelServer } from "../../support/scriptedModelServer";
import { editorModels } from "./fixtures";
import { EXTENSION_ID, extensionLogTail, getTestApi, useSettings, workspaceRoot } from "./helpers";
import { createRedProject, fixAnswer } from "./redProject";

/** Every line of the extension's log files. */
function logText(dir: string): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .map((abs) => (statSync(abs).isDirectory() ? logText(abs) : abs.endsWith(".log") ? readFileSync(abs, "utf8") : ""))
    .join("\n");
}

/** Training from the editor: honest failures, and practice attempts kept out of the user's Run tab. */
export function registerTrainingSuite(): void {
  describe("training from the editor", function () {
    this.timeout(180_000);

    it("with the model server down: stops with a clear message and no run in the report; the user's run stays in the Run tab", async () => {
      const api = await getTestApi();
      // The user's own run first: it is what the Run tab shows.
      const project = createRedProject(workspaceRoot());
      const server = await startScriptedModelServer([{ reply: fixAnswer(project.target) }]);
      const practiceDir = mkdtempSync(path.join(os.tmpdir(), "gl-practice-"));
      let restore = await useSettings({
        provider: "openai",
        baseUrl: server.openaiBaseUrl,
        model: "scripted",
        approvalMode: "auto-all",
        "memory.enabled": false,
        testCommand: project.testCommand,
        testTask: "",
      });
      try {
        await vscode.commands.executeCommand("greenloop.setApiKey", "test-key");
        const summary = await vscode.commands.executeCommand<RunSummary | undefined>(
          "greenloop.fixUntilGreen",
          vscode.Uri.file(project.targetPath),
        );
        assert.equal(summary?.reason, "green", summary?.message);
        await restore();

        restore = await useSettings({
          provider: "openai",
          baseUrl: `${await closedPortUrl()}/v1`,
          model: "scripted",
          "practice.workspaceDir": practiceDir,
        });
        const report = await vscode.commands.executeCommand("greenloop.train");
        assert.equal(report, undefined, "training with no model returns no report");

        const panel = api.panels.current as GreenloopPanel | undefined;
        assert.ok(panel, "training shows the panel");
        const state = panel.state;
        assert.equal(state.run?.runId, summary?.runId, "the Run tab still shows the user's run");
        assert.equal(state.run?.file, project.target);
        assert.equal(state.trainingProgress?.status, "failed");
        assert.match(
          state.trainingProgress?.message ?? "",
          /^Training stopped: the model did not answer \(.+\): .*127\.0\.0\.1.*No run was added to the training report\.$/s,
        );
        assert.equal(state.trainingProgress?.done.length, 1, "it stopped at the first project");
        assert.ok(
          !existsSync(path.join(practiceDir, "reports", "training-report.json")),
          "no run was added to the report",
        );
        assert.match(logText(api.logUri.fsPath), /Training failed: Training stopped: the model did not answer/);
      } finally {
        await restore();
        await server.close();
        rmSync(practiceDir, { recursive: true, force: true });
      }
    });

    it("with the editor's model: a practice project goes green and the report names that model", async () => {
      const api = await getTestApi();
      const models = await editorModels();
      const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
      const { projects } = await loadPracticeProjects(path.join(repo, "practice"));
      const chosen = projects.filter((p) => p.id === "javascript/collections");
      assert.equal(chosen.length, 1, "the practice project is there");
      // The fixture model answers as the scripted model server does in the CLI's training tests.
      const responder = await createPracticeResponder({
        projects: chosen,
        solutionsDir: path.join(repo, "test", "fixtures", "solutions"),
      });
      models.script((request) => {
        const recorded: RecordedRequest = {
          protocol: "openai",
          kind: "chat",
          method: "POST",
          path: "/",
          body: {},
          messages: request.messages.map((m) => ({
            role: m.role === vscode.LanguageModelChatMessageRole.Assistant ? "assistant" : "user",
            content: m.text,
          })),
          streamed: true,
          headers: {},
        };
        const { reply } = responder.respond(recorded);
        return typeof reply === "string" ? reply : reply(recorded);
      });
      const before = models.requests.length;
      const practiceDir = mkdtempSync(path.join(os.tmpdir(), "gl-practice-"));
      const restore = await useSettings({
        provider: "vscode",
        "lm.vendor": "greenloop-fixture",
        "lm.family": "",
        "lm.id": "",
        maxIterations: 3,
        "practice.workspaceDir": practiceDir,
      });
      try {
        const report = await vscode.commands.executeCommand<TrainingReport | undefined>("greenloop.train", {
          projects: ["javascript/collections"],
        });
        if (!report) console.log(extensionLogTail(api.logUri.fsPath));
        assert.ok(report, "training returned no report");
        const run = report.runs.at(-1)!;
        assert.equal(run.model, "vscode:fixture-coder");
        assert.deepEqual(
          run.projects.map((p) => [p.id, p.solved]),
          [["javascript/collections", true]],
        );
        const asked = models.requests.slice(before);
        assert.ok(asked.length >= 1, "the editor's model was not asked");
        assert.ok(asked.every((r) => r.model === "fixture-coder"));
        assert.deepEqual(
          responder.answers.map((a) => [a.projectId, a.kind]),
          [["javascript/collections", "solution"]],
        );
        const saved = JSON.parse(
          readFileSync(path.join(practiceDir, "reports", "training-report.json"), "utf8"),
        ) as TrainingReport;
        assert.equal(saved.runs.at(-1)?.runId, run.runId);
        assert.equal(saved.runs.at(-1)?.model, "vscode:fixture-coder");
        const panel = api.panels.current as GreenloopPanel | undefined;
        assert.equal(panel?.state.trainingProgress?.status, "finished");
        assert.match(logText(api.logUri.fsPath), /Training on the practice projects with vscode\/fixture-coder/);
      } finally {
        await restore();
        rmSync(practiceDir, { recursive: true, force: true });
      }
    });
  });
}
