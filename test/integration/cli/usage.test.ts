import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { cliSession, JS_CALC, makeProject } from "../../support/cliHarness";

describe("greenloop usage and configuration errors (exit code 2)", () => {
  it("rejects unknown commands, missing files and bad flags", async () => {
    const cli = await cliSession();
    assert.equal((await cli.run(["frobnicate"])).code, 2);
    const missing = await cli.run(["fix", "/nonexistent/file.js"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /File not found/);
    const ws = await makeProject(JS_CALC);
    const badFlag = await cli.run(["fix", path.join(ws, "calc.js"), "--max-iterations", "zero"]);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /--max-iterations must be a positive number/);
    const badProvider = await cli.run(["fix", path.join(ws, "calc.js"), "--provider", "claude"]);
    assert.equal(badProvider.code, 2);
    assert.equal((await cli.run(["fix", path.join(ws, "calc.js"), "--bogus"])).code, 2);
  });

  it("says clearly when no test command can be found (exit 2, nothing changed)", async () => {
    const cli = await cliSession();
    const ws = await makeProject({ "lib.js": "module.exports = 1;\n" });
    const result = await cli.run(["fix", path.join(ws, "lib.js"), "--workspace", ws, "--yes"]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Cannot run the tests/);
  });

  it("refuses API keys in config files and names bad fields", async () => {
    const cli = await cliSession();
    const ws = await makeProject(JS_CALC);
    await writeFile(path.join(ws, ".greenloop.json"), JSON.stringify({ apiKey: "sk-secret" }));
    const withKey = await cli.run(["fix", path.join(ws, "calc.js")]);
    assert.equal(withKey.code, 2);
    assert.match(withKey.stderr, /keys are read only from GREENLOOP_API_KEY/);
    assert.doesNotMatch(withKey.stderr, /sk-secret/);
    await writeFile(path.join(ws, ".greenloop.json"), JSON.stringify({ maxIterations: -1 }));
    const bad = await cli.run(["fix", path.join(ws, "calc.js")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /maxIterations/);
  });
});
