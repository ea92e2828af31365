import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { getTestApi, quoteArg, useSettings, waitFor, workspaceRoot } from "./helpers";

/** The "greenloop" task type: provided per folder, run through a capturing pseudoterminal. */
export function registerTaskSuite(): void {
  describe("greenloop task provider", () => {
    it("provides a test task per folder that runs greenloop.testCommand in a pseudoterminal", async () => {
      await getTestApi();
      const root = workspaceRoot();
      const marker = `task-marker-${Date.now()}.txt`;
      const script = `require("fs").writeFileSync(${JSON.stringify(marker)}, "ran:" + process.cwd())`;
      const argv = [process.execPath, "-e", script];
      const restore = await useSettings({ testCommand: argv.map(quoteArg).join(" ") });
      try {
        const tasks = await vscode.tasks.fetchTasks({ type: "greenloop" });
        const task = tasks.find((t) => typeof t.scope === "object" && t.scope.uri.fsPath === root);
        assert.ok(task, `no greenloop task for ${root}; got ${tasks.map((t) => t.name).join(", ") || "none"}`);
        assert.deepEqual(task.definition.command, argv);
        assert.ok(
          task.execution instanceof vscode.CustomExecution,
          "the task must run in a pseudoterminal (CustomExecution)",
        );

        const sameTask = (t: vscode.Task) =>
          t.name === task.name && t.source === task.source && t.definition.type === "greenloop";
        const ended = waitFor(
          vscode.tasks.onDidEndTask,
          (e) => (e && sameTask(e.execution.task) ? true : undefined),
          "the task to end",
        );
        await vscode.tasks.executeTask(task);
        await ended;
        const file = path.join(root, marker);
        assert.ok(existsSync(file), "the task did not run the command");
        assert.equal(readFileSync(file, "utf8"), `ran:${root}`);
      } finally {
        await restore();
      }
    });
  });
}
