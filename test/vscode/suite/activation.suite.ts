import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { EXTENSION_ID, getTestApi } from "./helpers";

/** Activation and command registration. */
export function registerActivationSuite(): void {
  describe("activation", () => {
    it("registers every command contributed in package.json", async () => {
      await getTestApi();
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const contributed = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
      assert.ok(
        contributed.length >= 10,
        `expected the Greenloop commands in package.json, got ${contributed.join(", ")}`,
      );
      const registered = new Set(await vscode.commands.getCommands(true));
      const missing = contributed.filter((c) => !registered.has(c));
      assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(", ")}`);
    });

    it("starts idle and reports how long activation took", async () => {
      const api = await getTestApi();
      assert.equal(api.status().kind, "idle");
      assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0);
      console.log(`      (activation took ${api.activationMs.toFixed(1)} ms)`);
    });

    it("contributes the greenloop task type and the proposal editor buttons", () => {
      const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
      assert.ok((pkg.contributes.taskDefinitions as Array<{ type: string }>).some((t) => t.type === "greenloop"));
      const title = pkg.contributes.menus["editor/title"] as Array<{ command: string; when: string }>;
      for (const cmd of ["greenloop.acceptAll", "greenloop.rejectAll"]) {
        assert.ok(
          title.some((m) => m.command === cmd && /resourceScheme == '?greenloop-proposal'?/.test(m.when)),
          `${cmd} not in ${JSON.stringify(title)}`,
        );
      }
    });
  });
}
