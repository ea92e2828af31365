import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../../agent-core/loop/runLoop";
import type { GreenloopPanel } from "../../../extension/panel/greenloopPanel";
import { startScriptedModelServer } from "../../support/scriptedModelServer";
import { getTestApi, useSettings, workspaceRoot } from "./helpers";
import { createRedProject, fixAnswer } from "./redProject";

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

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
          baseUrl: `http://127.0.0.1:${await closedPort()}/v1`,
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
  });
}
