import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));

/** The Explorer context menu's own groups (VS Code's): an entry in one of these sits among VS Code's items. */
const BUILT_IN_EXPLORER_GROUPS = [
  "navigation",
  "2_workspace",
  "3_compare",
  "4_search",
  "5_cutcopypaste",
  "6_copypath",
  "7_modification",
];

describe("the extension manifest", () => {
  it("puts Fix Until Tests Pass in a group of its own in the Explorer menu (not next to Delete)", () => {
    const entries = (pkg.contributes.menus["explorer/context"] as Array<{ command: string; group: string }>).filter(
      (m) => m.command === "greenloop.fixUntilGreen",
    );
    assert.equal(entries.length, 1);
    const group = entries[0].group.split("@")[0];
    assert.ok(!BUILT_IN_EXPLORER_GROUPS.includes(group), `group ${group} is one of VS Code's own`);
    assert.match(group, /greenloop/);
  });

  it("activates at start-up so its status bar item is there before the first command", () => {
    assert.ok(pkg.activationEvents.includes("onStartupFinished"), JSON.stringify(pkg.activationEvents));
  });
});
