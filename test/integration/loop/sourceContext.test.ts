import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { collectSources, stackSources } from "../../../agent-core/loop/sourceContext";
import { makeProject } from "../../support/cliHarness";

describe("which sources a failure points at (real files)", () => {
  let ws: string;
  before(async () => {
    ws = await makeProject({
      "app/package.json": "{}",
      "app/cart.js":
        'const { tax } = require("./lib/tax");\nconst { fmt } = require("./lib/fmt.js");\nmodule.exports = {};\n',
      "app/lib/tax.js": "exports.tax = () => 1;\n",
      "app/lib/fmt.js": "exports.fmt = () => 1;\n",
      "app/lib/unused.js": "exports.x = 1;\n",
      "app/test/cart.test.js": 'require("../cart");\n',
      "app/node_modules/dep/index.js": "module.exports = 1;\n",
      "app/pkg/mod.py": "from pkg.helpers import norm\nimport pkg.other\n",
      "app/pkg/__init__.py": "",
      "app/pkg/helpers.py": "def norm(x):\n    return x\n",
      "app/pkg/other.py": "",
    });
  });
  after(() => rm(ws, { recursive: true, force: true }));

  it("keeps the workspace's own sources from every failure's frames, relative to the test folder or absolute", () => {
    const cwd = path.join(ws, "app");
    const found = stackSources(ws, cwd, [
      {
        id: "a",
        status: "failed",
        frames: [
          "lib/tax.js:1",
          `${path.join(ws, "app/cart.js")}:2`,
          "test/cart.test.js:1",
          "node_modules/dep/index.js:1",
          "/elsewhere/outside.js:3",
          "lib/missing.js:4",
        ],
      },
      { id: "b", status: "failed", location: "lib/tax.js:7" },
    ]);
    assert.deepEqual(
      [...found],
      [
        ["app/lib/tax.js", [1, 7]],
        ["app/cart.js", [2]],
      ],
    );
  });

  it("stack files first, then the target's local imports (JS and Python), never the target itself", async () => {
    const read = (rel: string) => readFile(path.join(ws, rel), "utf8");
    const js = await collectSources({
      root: ws,
      target: { path: "app/cart.js", content: await read("app/cart.js") },
      stack: new Map([
        ["app/lib/fmt.js", [1]],
        ["app/cart.js", [1]],
      ]),
      read,
    });
    assert.deepEqual(
      js.map((f) => [f.path, f.reason]),
      [
        ["app/lib/fmt.js", "stack"],
        ["app/lib/tax.js", "import"],
      ],
    );
    const py = await collectSources({
      root: ws,
      target: { path: "app/pkg/mod.py", content: await read("app/pkg/mod.py") },
      stack: new Map(),
      read,
    });
    assert.deepEqual(
      py.map((f) => f.path),
      ["app/pkg/helpers.py", "app/pkg/other.py"],
    );
  });
});
