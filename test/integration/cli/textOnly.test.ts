import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { cliSession, FIX_ADD, JS_CALC, makeProject } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

describe("greenloop fix on a file that is not UTF-8 text", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it("refuses before anything runs, with a clear message, and leaves the bytes alone", async () => {
    server = await startScriptedModelServer([{ reply: FIX_ADD }]);
    const ws = await makeProject(JS_CALC);
    const latin1 = Buffer.concat([
      Buffer.from(JS_CALC["calc.js"]),
      Buffer.from([0x2f, 0x2f, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]),
    ]);
    await writeFile(path.join(ws, "calc.js"), latin1);
    const cli = await cliSession();
    const result = await cli.run(
      ["fix", "calc.js", "--yes", "--provider", "openai", "--base-url", server.openaiBaseUrl],
      { cwd: ws },
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /calc\.js is not UTF-8 text/);
    assert.deepEqual(await readFile(path.join(ws, "calc.js")), latin1);
    assert.equal(server.chatRequests().length, 0);
  });
});
