import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { cliSession, FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

const ROOT = path.resolve(__dirname, "../../..");
const TSX = require.resolve("tsx/cjs");

/** Ctrl+C is never ignored, however early it comes. */
describe("greenloop fix interrupted as a process", function () {
  this.timeout(90_000);
  let server: ScriptedServer;
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), "gl-home-"));
  });
  afterEach(async () => {
    await server?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("stops at a Ctrl+C that came while the command was still starting, before any model call", async () => {
    server = await startScriptedModelServer([{ reply: FIX_ADD + FIX_MULTIPLY }]);
    const ws = await makeProject(JS_CALC);
    const cli = await cliSession();
    // The interrupt lands before the command has done anything (settings, model client, memory).
    const result = await cli.run(
      ["fix", "calc.js", "--yes", "--provider", "openai", "--base-url", server.openaiBaseUrl],
      { cwd: ws, onStart: (interrupt) => interrupt() },
    );
    assert.notEqual(result.code, 0, result.stderr);
    assert.match(result.stderr, /Cancelled before the run started; nothing was changed/);
    assert.equal(await readFile(path.join(ws, "calc.js"), "utf8"), JS_CALC["calc.js"]);
    assert.equal(server.chatRequests().length, 0);
  });

  it("as a real process, stops at the first Ctrl+C once the run is under way and restores the file", async () => {
    server = await startScriptedModelServer([{ reply: FIX_ADD + FIX_MULTIPLY }]);
    const ws = await makeProject(JS_CALC);
    const child = spawn(
      process.execPath,
      [
        "-r",
        TSX,
        path.join(ROOT, "agent-core/cli/main.ts"),
        "fix",
        "calc.js",
        "--yes",
        "--provider",
        "openai",
        "--base-url",
        server.openaiBaseUrl,
      ],
      {
        cwd: ws,
        env: { ...process.env, GREENLOOP_HOME: home, GREENLOOP_API_KEY: "k" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    // Ctrl+C as soon as the run has announced itself (it may land in any later phase).
    await new Promise<void>((resolve) => child.stderr.on("data", () => /greenloop.*fixing/.test(stderr) && resolve()));
    child.kill("SIGINT");
    const { code, signal } = await exited;
    assert.equal(signal, null);
    assert.notEqual(code, 0, `the run went on to green after Ctrl+C: ${stderr}`);
    assert.match(stderr, /Cancelled/);
    assert.equal(await readFile(path.join(ws, "calc.js"), "utf8"), JS_CALC["calc.js"]);
    assert.equal(server.chatRequests().length, 0, "no model call after Ctrl+C");
  });
});
