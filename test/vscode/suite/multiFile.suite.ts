import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { RunSummary } from "../../../agent-core/loop/runLoop";
import { JS_TWO_FILES } from "../../support/multiFileProjects";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import {
  cleanUpAfterRun,
  getTestApi,
  proposalDiffTab,
  quoteArg,
  useSettings,
  waitFor,
  workspaceRoot,
  writeFiles,
} from "./helpers";
import { editBlock } from "./redProject";

/** Runs the CodeLens command whose title starts with `prefix` on hunk `hunk` of the proposal document. */
async function clickLens(uri: vscode.Uri, prefix: string, hunk: number): Promise<void> {
  await vscode.workspace.openTextDocument(uri);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", uri);
  const lens = lenses.find(
    (l) =>
      l.command?.title.includes(prefix) && (l.command?.arguments?.[0] as { hunk: number } | undefined)?.hunk === hunk,
  );
  assert.ok(lens?.command, `no "${prefix}" lens for change ${hunk + 1}: ${lenses.map((l) => l.command?.title)}`);
  await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
}

/** A fix whose bug sits in two files: one proposal, one diff per file, a decision per file's hunk. */
export function registerMultiFileSuite(): void {
  describe("fixes that span files", function () {
    this.timeout(90_000);
    let server: ScriptedServer | undefined;
    let restore: (() => Promise<void>) | undefined;

    afterEach(async function () {
      await cleanUpAfterRun(this, restore, server);
      restore = server = undefined;
    });

    it("reviews the target and its helper in one diff each, and goes green once both are accepted", async () => {
      const api = await getTestApi();
      const dir = `geometry-${randomBytes(3).toString("hex")}`;
      const root = path.join(workspaceRoot(), dir);
      writeFiles(root, JS_TWO_FILES.files);
      const target = `${dir}/geometry.js`;
      const helper = `${dir}/units.js`;
      const answer =
        "The perimeter counts each side once, and the conversion multiplies.\n\n" +
        editBlock(
          target,
          "  return toMeters(width + height, unit);",
          "  return toMeters(2 * (width + height), unit);",
        ) +
        "\n" +
        editBlock(helper, "  return value * PER_METER[unit];", "  return value / PER_METER[unit];");
      server = await startScriptedModelServer([{ reply: answer }]);
      restore = await useSettings({
        provider: "ollama",
        baseUrl: server.url,
        model: "scripted",
        approvalMode: "ask",
        maxIterations: 3,
        "memory.enabled": false,
        testCommand: [process.execPath, "--test", `${dir}/test/geometry.test.js`].map(quoteArg).join(" "),
        testTask: "",
      });
      const run = vscode.commands.executeCommand<RunSummary | undefined>(
        "greenloop.fixUntilGreen",
        vscode.Uri.file(path.join(root, "geometry.js")),
      );
      const ended = Promise.resolve(run).then((s) => {
        throw new Error(`The run ended before review: ${s?.reason}: ${s?.message}`);
      });
      const proposal = await Promise.race([api.gate.nextReview(), ended]);
      assert.deepEqual(proposal.files.map((f) => f.path).sort(), [target, helper].sort());

      for (const file of [target, helper]) {
        const tab = await waitFor(
          vscode.window.tabGroups.onDidChangeTabs,
          () => proposalDiffTab(file),
          `the review diff of ${file} to open`,
        );
        assert.equal(tab.original.fsPath, path.join(workspaceRoot(), file));
        await clickLens(tab.modified, "Accept", 0);
      }

      const summary = await run;
      assert.equal(summary?.reason, "green", summary?.message);
      assert.match(readFileSync(path.join(root, "geometry.js"), "utf8"), /2 \* \(width \+ height\)/);
      assert.match(readFileSync(path.join(root, "units.js"), "utf8"), /value \/ PER_METER/);
      assert.equal(server.chatRequests().length, 1, "one model call was enough");
    });
  });
}
