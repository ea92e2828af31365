import * as assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { TrainingReport } from "../../../agent-core/training/reportSchema";
import type { GreenloopPanel } from "../../../extension/panel/greenloopPanel";
import { getTestApi, useSettings } from "./helpers";

/** A report recorded from a real training run (see scripts/screenshots/recordTraining.ts). */
function recordedReport(): string {
  const root = process.env.GREENLOOP_REPO_ROOT;
  if (!root) throw new Error("GREENLOOP_REPO_ROOT is not set");
  return path.join(root, "test", "webview", "fixtures", "training-report.json");
}

/** Finding Greenloop: its status bar item before any run, and the training report. */
export function registerDiscoverabilitySuite(): void {
  describe("finding Greenloop", function () {
    this.timeout(60_000);
    let practiceDir: string;
    let restore: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      practiceDir = mkdtempSync(path.join(os.tmpdir(), "gl-practice-"));
      restore = await useSettings({ "practice.workspaceDir": practiceDir });
    });
    afterEach(async () => {
      await restore?.();
      restore = undefined;
      rmSync(practiceDir, { recursive: true, force: true });
    });

    it("before any run, the status bar item lists Greenloop's commands", async () => {
      const api = await getTestApi();
      assert.equal(api.status().kind, "idle", "this suite must run before any fix");
      assert.equal(api.statusCommand(), "greenloop.showCommands");
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes(api.statusCommand()), "the status bar runs a command that is not registered");
      await vscode.commands.executeCommand(api.statusCommand());
      await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
    });

    it("Load latest report without a report says where it looked and how to make one", async () => {
      const api = await getTestApi();
      const loaded = await vscode.commands.executeCommand("greenloop.showTrainingReport");
      assert.equal(loaded, undefined);
      const notice = api.lastNotice();
      assert.ok(notice, "nothing was said");
      assert.ok(
        notice.text.includes(path.join(practiceDir, "reports", "training-report.json")),
        `the notice does not name where it looked: ${notice.text}`,
      );
      assert.match(notice.text, /Train on Practice Projects/);
      assert.deepEqual(notice.actions, ["Train on Practice Projects"]);
    });

    it("the panel's Load latest report loads the report from disk into the Training tab and says so", async () => {
      const api = await getTestApi();
      mkdirSync(path.join(practiceDir, "reports"));
      copyFileSync(recordedReport(), path.join(practiceDir, "reports", "training-report.json"));
      const panel = (await api.panels.show()) as GreenloopPanel;
      const shown = new Promise<TrainingReport>((resolve) => {
        const sub = api.panels.onDidShowTraining((r) => {
          sub.dispose();
          resolve(r);
        });
      });
      // What the webview sends when the button is pressed.
      panel.receive({ type: "show-training", requestId: "load-1" });
      const report = await shown;
      assert.ok(report && report.runs.length > 0, "no report was loaded");
      assert.equal(panel.state.training?.runs.length, report.runs.length, "the Training tab does not show it");
      assert.match(api.lastNotice()?.text ?? "", new RegExp(`^Loaded the training report: ${report.runs.length} runs`));
    });
  });
}
