// The workspace the E2E opens: a small JavaScript project whose tests fail, settings pointing Greenloop at the
// scripted model server, and the model answer that fixes it.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Target file, relative to the workspace. */
export const TARGET = "src/calc.js";

export const RED_SOURCE = `// Small arithmetic helpers.
function add(a, b) {
  return a - b;
}

function double(x) {
  return x * 2;
}

module.exports = { add, double };
`;

const TESTS = `const test = require("node:test");
const assert = require("node:assert");
const { add, double } = require("../src/calc");

test("add adds", () => assert.strictEqual(add(2, 3), 5));
test("double doubles", () => assert.strictEqual(double(4), 8));
`;

/** The scripted model's answer: one SEARCH/REPLACE block fixing add(). */
export const FIX_ANSWER = `add() subtracts; it must add.

${TARGET}
<<<<<<< SEARCH
  return a - b;
=======
  return a + b;
>>>>>>> REPLACE
`;

/** Creates the red project in a fresh temp folder; returns its path. */
export function createRedWorkspace(openaiBaseUrl: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "greenloop-e2e-ws-"));
  const files: Record<string, string> = {
    "package.json": JSON.stringify(
      { name: "calc", version: "1.0.0", private: true, scripts: { test: "node --test" } },
      null,
      2,
    ),
    [TARGET]: RED_SOURCE,
    "test/calc.test.js": TESTS,
    ".vscode/settings.json": JSON.stringify(
      {
        "greenloop.provider": "openai",
        "greenloop.baseUrl": openaiBaseUrl,
        "greenloop.model": "scripted",
        "greenloop.approvalMode": "ask",
        // Memory on: the run loads LanceDB's native module from the installed .vsix.
        "greenloop.memory.enabled": true,
        "greenloop.memory.embedder": "hash",
        // The DOM renderer keeps terminal text in the page, where the test can read it.
        "terminal.integrated.gpuAcceleration": "off",
      },
      null,
      2,
    ),
  };
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}
