import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");
const TSX = require.resolve("tsx/cjs");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for `condition`, checking often; the guard only turns a hang into a failure. */
async function until(condition: () => boolean, guardMs: number, what: string): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("test processes of a Greenloop killed with SIGKILL", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gl-orphan-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("die soon after it, though nothing in it could clean up", async function () {
    if (process.platform !== "linux") this.skip();
    const marker = path.join(dir, "test.pid");
    const testScript = `require("fs").writeFileSync(${JSON.stringify(marker)}, String(process.pid)); setInterval(() => {}, 1000);`;
    const owner = `
      const { runProcess } = require(${JSON.stringify(path.join(ROOT, "agent-core/testing/processRunner.ts"))});
      runProcess({ argv: [process.execPath, "-e", ${JSON.stringify(testScript)}], cwd: ${JSON.stringify(dir)}, framework: "node" }, { timeoutMs: 600000 });
    `;
    const greenloop = spawn(process.execPath, ["-r", TSX, "-e", owner], { stdio: "ignore" });
    await until(
      () => existsSync(marker) && readFileSync(marker, "utf8").length > 0,
      30_000,
      "the test process to start",
    );
    const testPid = Number(readFileSync(marker, "utf8"));
    assert.ok(alive(testPid));
    greenloop.kill("SIGKILL");
    await until(() => !alive(testPid), 20_000, `test process ${testPid} to die after its owner was killed`);
  });
});
