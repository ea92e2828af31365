import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import { startScriptedModelServer } from "../../support/scriptedModelServer";
import { getTestApi, useSettings, workspaceRoot } from "./helpers";
import { CALC_SOURCE, createRedProject } from "./redProject";

/** Restricted Mode: no tests, no edits. */
export function registerTrustSuite(): void {
  describe("workspace trust", () => {
    it("the trust check refuses untrusted workspaces with a clear message", async () => {
      const api = await getTestApi();
      assert.deepEqual(api.checkWorkspaceTrust(true, "run tests"), { allowed: true });
      const refused = api.checkWorkspaceTrust(false, "run tests");
      assert.equal(refused.allowed, false);
      assert.match(refused.allowed ? "" : refused.message, /Restricted Mode.*Trust the workspace/s);
    });

    it("Fix Until Tests Pass runs no tests and calls no model in an untrusted workspace", async () => {
      const api = await getTestApi();
      const project = createRedProject(workspaceRoot());
      const server = await startScriptedModelServer([]);
      const restore = await useSettings({
        provider: "ollama",
        baseUrl: server.url,
        model: "scripted",
        testCommand: project.testCommand,
        "memory.enabled": false,
      });
      const started: string[] = [];
      const sub = vscode.tasks.onDidStartTask((e) => started.push(e.execution.task.name));
      api.setTrustOverride(false);
      try {
        const result = await vscode.commands.executeCommand(
          "greenloop.fixUntilGreen",
          vscode.Uri.file(project.targetPath),
        );
        assert.equal(result, undefined);
        assert.equal(api.runs.isRunning, false);
        assert.deepEqual(started, []);
        assert.equal(server.requests.length, 0);
        assert.equal(readFileSync(project.targetPath, "utf8"), CALC_SOURCE);
      } finally {
        api.setTrustOverride(undefined);
        sub.dispose();
        await restore();
        await server.close();
      }
    });
  });
}
