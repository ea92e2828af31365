import assert from "node:assert/strict";
import { isTestFile, scanDangers } from "../../../agent-core/edits";

const kinds = (before: string, after: string, path = "src/x.ts") => scanDangers(before, after, path).map((f) => f.kind);

describe("scanDangers", () => {
  it("flags process spawning in JS and Python", () => {
    assert.deepEqual(kinds("", 'import { spawn } from "node:child_process";\n'), ["process"]);
    assert.deepEqual(kinds("", "execSync('make');\n"), ["process"]);
    assert.deepEqual(kinds("", "exec('ls', cb);\n"), ["process"]);
    assert.deepEqual(kinds("", "subprocess.run(['ls'])\n", "a.py"), ["process"]);
    assert.deepEqual(kinds("", "os.system('ls')\n", "a.py"), ["process"]);
    assert.deepEqual(kinds("", "p = Popen(cmd)\n", "a.py"), ["process"]);
  });

  it("flags eval, new Function and Python exec, but not RegExp.exec", () => {
    assert.deepEqual(kinds("", "eval(code);\n"), ["eval"]);
    assert.deepEqual(kinds("", "const f = new Function('a', body);\n"), ["eval"]);
    assert.deepEqual(kinds("", "exec(source)\n", "tool.py"), ["eval"]);
    assert.deepEqual(kinds("", "const m = /x/.exec(s);\nconst n = re.exec(s);\n"), []);
  });

  it("flags file deletion", () => {
    assert.deepEqual(kinds("", "fs.rmSync(dir, { recursive: true });\n"), ["delete"]);
    assert.deepEqual(kinds("", "await fs.promises.unlink(p);\n"), ["delete"]);
    assert.deepEqual(kinds("", "shutil.rmtree(path)\n", "a.py"), ["delete"]);
    assert.deepEqual(kinds("", "os.remove(path)\n", "a.py"), ["delete"]);
    assert.deepEqual(kinds("", "rm -rf build\n", "clean.sh"), ["delete"]);
  });

  it("flags network access", () => {
    assert.deepEqual(kinds("", "await fetch(url);\n"), ["network"]);
    assert.deepEqual(kinds("", 'const http = require("http");\n'), ["network"]);
    assert.deepEqual(kinds("", 'import https from "node:https";\n'), ["network"]);
    assert.deepEqual(kinds("", "import axios from 'axios';\n"), ["network"]);
    assert.deepEqual(kinds("", "r = requests.get(u)\n", "a.py"), ["network"]);
    assert.deepEqual(kinds("", "import socket\n", "a.py"), ["network"]);
    assert.deepEqual(kinds("", "from urllib.request import urlopen\n", "a.py"), ["network"]);
  });

  it("flags network calls and imports in their usual spellings", () => {
    assert.deepEqual(kinds("", "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n", "a.py"), ["network"]);
    assert.deepEqual(kinds("", "conn = socket.create_connection((host, 80))\n", "a.py"), ["network"]);
    assert.deepEqual(kinds("", "import os, socket\n", "a.py"), ["network"]);
    assert.deepEqual(kinds("", "    import socket as net\n", "a.py"), ["network"]);
    assert.deepEqual(kinds("", "body = urllib.request.urlopen(u).read()\n", "a.py"), ["network"]);
    assert.deepEqual(kinds("", "with httpx.Client() as c:\n", "a.py"), ["network"]);
    assert.deepEqual(kinds("", "const ws = new WebSocket(url);\n"), ["network"]);
    assert.deepEqual(kinds("", "const r = await axios.get(url);\n"), ["network"]);
    assert.deepEqual(kinds("", 'const WebSocket = require("ws");\n'), ["network"]);
    assert.deepEqual(kinds("", "const data = await window.fetch(url);\n"), ["network"]);
  });

  it("leaves variables, parameters and attributes that merely have such names alone", () => {
    const python = [
      "self._socket = socket",
      "def __init__(self, socket, requests):",
      "return self.socket",
      "self.requests.append(request)",
      "pending_requests = requests[:]",
      "self.subprocess = None",
      "data = self.fetch(key)",
      "urllib_version = 3",
    ].join("\n");
    assert.deepEqual(kinds("", python, "a.py"), []);
    const js = [
      "this.socket = socket;",
      "const { socket } = options;",
      "const xhr = request.XMLHttpRequest;",
      "store.fetch(id);",
      "const axiosConfig = {};",
    ].join("\n");
    assert.deepEqual(kinds("", js), []);
  });

  it("reports only added lines, once per kind and line", () => {
    assert.deepEqual(kinds("", "eval(await fetch(u));\n"), ["eval", "network"]);
    const before = "const out = execSync('git status');\nexport {};\n";
    const after =
      "const out = execSync('git status');\nexport {};\nconst b = execSync('ls');\nconst b = execSync('ls');\n";
    assert.deepEqual(scanDangers(before, after, "a.ts"), [{ kind: "process", line: "const b = execSync('ls');" }]);
    assert.deepEqual(scanDangers(before, "export {};\n    const out = execSync('git status');\r\n", "a.ts"), []);
  });

  it("ignores harmless code and comment lines", () => {
    assert.deepEqual(
      kinds("", "const total = items.reduce((a, b) => a + b, 0);\nfunction evaluate() {}\n// never eval(x)\n"),
      [],
    );
    assert.deepEqual(kinds("", "# subprocess is not used here\n", "a.py"), []);
  });
});

describe("isTestFile", () => {
  it("recognises test directories and names", () => {
    for (const p of [
      "test/unit/a.ts",
      "tests/test_math.py",
      "src/__tests__/a.tsx",
      "packages/core/test/x.js",
      "src/a.test.ts",
      "src/a.spec.js",
      "math_test.py",
      "pkg/server_test.go",
      "test_util.py",
      "conftest.py",
      "sub\\tests\\helpers.py",
    ]) {
      assert.equal(isTestFile(p), true, p);
    }
  });

  it("leaves ordinary source files alone", () => {
    for (const p of [
      "src/a.ts",
      "src/testing.ts",
      "contest.py",
      "src/attest.py",
      "latest/x.ts",
      "testdata.json",
      "src/test_helpers.ts",
    ]) {
      assert.equal(isTestFile(p), false, p);
    }
  });
});
