import { strict as assert } from "node:assert";
import path from "node:path";
import { checkpointsDir, memoryDir } from "../../../extension/config/storagePaths";
import { checkWorkspaceTrust } from "../../../extension/config/trust";

describe("extension workspace trust guard", () => {
  it("a trusted workspace is allowed, with nothing else attached", () => {
    assert.deepEqual(checkWorkspaceTrust(true, "run tests or apply fixes"), { allowed: true });
  });

  it("an untrusted workspace is refused with the action, the reason and the way out", () => {
    const check = checkWorkspaceTrust(false, "run tests or apply fixes");
    assert.deepEqual(check, {
      allowed: false,
      message:
        "Greenloop cannot run tests or apply fixes in Restricted Mode: running tests executes code from this workspace. " +
        "Trust the workspace (Workspaces: Manage Workspace Trust) to continue.",
    });
  });

  it("names whichever action was asked for", () => {
    const check = checkWorkspaceTrust(false, "start training");
    assert.equal(check.allowed, false);
    assert.ok(!check.allowed && check.message.startsWith("Greenloop cannot start training in Restricted Mode"));
  });
});

describe("extension storage paths", () => {
  it("memory and checkpoints live in separate folders below the global storage", () => {
    const storage = path.join("/home/dev/.config/Code/User/globalStorage", "greenloop.greenloop");
    assert.equal(memoryDir(storage), path.join(storage, "memory"));
    assert.equal(checkpointsDir(storage), path.join(storage, "checkpoints"));
    assert.notEqual(memoryDir(storage), checkpointsDir(storage));
  });
});
