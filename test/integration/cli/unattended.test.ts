import assert from "node:assert/strict";
import path from "node:path";
import { block, cliSession, JS_CALC, makeProject, read } from "../../support/cliHarness";
import { scriptedModelFlags } from "../../support/scriptedFix";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

/** A class keeping a socket it is given: the fix assigns a variable named `socket`, which opens nothing. */
const CONNECTION = {
  "pytest.ini": "[pytest]\n",
  "connection.py": [
    "class Connection:",
    "    def __init__(self, socket):",
    "        self._socket = None",
    "",
    "    def socket(self):",
    "        return self._socket",
    "",
  ].join("\n"),
  "connection_test.py": [
    "from connection import Connection",
    "",
    "def test_keeps_its_socket():",
    "    s = object()",
    "    assert Connection(s).socket() is s",
    "",
  ].join("\n"),
};

describe("greenloop fix --yes with nobody at the terminal", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());
  const args = (file: string) => ["fix", file, ...scriptedModelFlags(server), "--no-memory", "--yes"];

  it("applies a fix that assigns a variable named socket: a name is not a network call", async () => {
    server = await startScriptedModelServer([
      { reply: block("connection.py", "        self._socket = None", "        self._socket = socket") },
    ]);
    const dir = await makeProject(CONNECTION);
    const result = await (await cliSession()).run(args(path.join(dir, "connection.py")));
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /network|Apply this hunk/);
    assert.match(await read(dir, "connection.py"), /self\._socket = socket$/m);
  });

  it("ends the run saying it needs review when a flagged change cannot be asked about, instead of reading no input as a no", async () => {
    const opens = block(
      "connection.py",
      "        self._socket = None",
      "        import socket as net\n        self._socket = net.create_connection(('example.invalid', 80))",
    );
    server = await startScriptedModelServer([{ reply: opens }, { reply: opens }, { reply: opens }]);
    const dir = await makeProject(CONNECTION);
    const result = await (await cliSession()).run(args(path.join(dir, "connection.py")));
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /needs your review: run interactively or in the editor/);
    assert.match(result.stderr, /adds a network call/i);
    assert.doesNotMatch(result.stderr, /Apply this hunk\?/, "no prompt nobody can answer");
    assert.equal(server.chatRequests().length, 1, "the run stops instead of asking the model again");
    assert.match(await read(dir, "connection.py"), /self\._socket = None/, "nothing written");
  });

  it("counts answers that change nothing: three in a row end the run as stuck", async () => {
    const noop = block(
      "calc.js",
      "function subtract(a, b) {\n  return a - b;\n}",
      "function subtract(a, b) {\n  return a - b;\n}",
    );
    server = await startScriptedModelServer([
      { reply: "The code looks correct to me." },
      { reply: noop },
      { reply: "Nothing to change." },
      { reply: noop },
    ]);
    const dir = await makeProject(JS_CALC);
    const result = await (await cliSession()).run(args(path.join(dir, "calc.js")));
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /stuck: Stuck: the model's last 3 answers changed nothing/);
    assert.equal(server.chatRequests().length, 3, "no model call after the third empty answer");
  });
});
