import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { cliSession, FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";

const KEY = "sk-greenloop-fake-key-0123456789";

/** JS_CALC whose add test, while failing, reports the key variables it can see (so they reach the prompt). */
const PRINTS_ITS_ENV = {
  ...JS_CALC,
  "test/calc.test.js": [
    'const test = require("node:test");',
    'const assert = require("node:assert/strict");',
    'const { add, multiply } = require("../calc");',
    "",
    'test("add adds two numbers", () => {',
    "  let sum;",
    "  try { sum = add(2, 3); } catch (error) { sum = String(error); }",
    '  const seen = ["GREENLOOP_API_KEY", "OPENAI_API_KEY"].map((k) => k + "=" + process.env[k]).join(" ");',
    '  assert.equal(sum, 5, "environment of the test: " + seen);',
    "});",
    "",
    'test("multiply multiplies two numbers", () => {',
    "  assert.equal(multiply(3, 4), 12);",
    "});",
    "",
  ].join("\n"),
};

describe("greenloop fix keeps provider keys away from the tests", function () {
  this.timeout(60_000);
  const scriptedFix = useScriptedFix();
  const saved = { GREENLOOP_API_KEY: process.env.GREENLOOP_API_KEY, OPENAI_API_KEY: process.env.OPENAI_API_KEY };
  beforeEach(() => {
    // In the process environment too, so a runner that ignored the CLI's environment would leak it as well.
    process.env.GREENLOOP_API_KEY = KEY;
    process.env.OPENAI_API_KEY = KEY;
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function fix(settings?: object) {
    // The server refuses requests without the key: a green run proves the provider still got it.
    const result = await scriptedFix({
      script: [{ reply: FIX_ADD + FIX_MULTIPLY }],
      server: { apiKey: KEY },
      files: PRINTS_ITS_ENV,
      env: { GREENLOOP_API_KEY: KEY, OPENAI_API_KEY: KEY },
      prepare: (ws) => settings && writeFile(path.join(ws, ".greenloop.json"), JSON.stringify(settings)),
    });
    const prompt = result.server
      .chatRequests()
      .flatMap((r) => r.messages.map((m) => m.content))
      .join("\n");
    return { result, prompt };
  }

  it("the tests run without the key, the provider still uses it", async () => {
    const { result, prompt } = await fix();
    assert.equal(result.code, 0, result.stderr);
    assert.match(prompt, /GREENLOOP_API_KEY=undefined OPENAI_API_KEY=undefined/);
    assert.equal(prompt.includes(KEY), false, "the key reached the prompt");
  });

  it("a key listed in testEnvPassthrough reaches the tests", async () => {
    const { result, prompt } = await fix({ testEnvPassthrough: ["GREENLOOP_API_KEY"] });
    assert.equal(result.code, 0, result.stderr);
    // The tests saw the key; the prompt carries it redacted, never in the clear.
    assert.match(prompt, /GREENLOOP_API_KEY=\[REDACTED\] OPENAI_API_KEY=undefined/);
    assert.equal(prompt.includes(KEY), false);
  });

  it("refuses a testEnvPassthrough entry that is no variable name", async () => {
    const ws = await makeProject(JS_CALC);
    await writeFile(path.join(ws, ".greenloop.json"), JSON.stringify({ testEnvPassthrough: ["OPENAI_API_KEY=x"] }));
    const result = await (await cliSession()).run(["fix", path.join(ws, "calc.js")]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /testEnvPassthrough\.0: not an environment variable name/);
  });
});
