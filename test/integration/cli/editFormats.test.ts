import assert from "node:assert/strict";
import path from "node:path";
import { cliSession, JS_CALC, makeProject, read } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";
import type { ScriptedServer } from "../../support/scriptedModelServer";

const FIXED_CALC = JS_CALC["calc.js"]
  .replace('throw new Error("TODO: add");', "return a + b;")
  .replace('throw new Error("TODO: multiply");', "return a * b;");

const systemPrompt = (server: ScriptedServer, i: number) => server.chatRequests()[i].messages[0].content;
const userPrompt = (server: ScriptedServer, i: number) => server.chatRequests()[i].messages.at(-1)!.content;

describe("greenloop fix: edit formats (end to end through the real clients)", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();

  it("applies a whole fenced file sent when SEARCH/REPLACE blocks were asked, and goes green", async () => {
    const result = await fix({
      script: [
        {
          reply:
            "<think>\nBoth functions throw.\n</think>\nHere is the fixed file:\n\n```javascript\n" +
            FIXED_CALC +
            "```\n",
        },
      ],
      args: ["--edit-format", "search-replace", "--yes"],
    });
    const { server, ws } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await read(ws, "calc.js"), FIXED_CALC);
    assert.equal(server.chatRequests().length, 1);
    assert.match(systemPrompt(server, 0), /SEARCH\/REPLACE blocks/, "blocks were asked");
    assert.match(result.stderr, /All tests pass after 1 iteration/);
  });

  it("asks an unknown model for the whole file of a small target by default", async () => {
    const result = await fix({ script: [{ reply: "calc.js\n```js\n" + FIXED_CALC + "```\n" }] });
    const { server } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.match(systemPrompt(server, 0), /complete new content of each file/);
    assert.match(userPrompt(server, 0), /Reply with each file you change complete/);
  });

  it("refuses a whole file that leaves code out: nothing written, the model told why", async () => {
    const lazy = FIXED_CALC.replace(/\/\*\* Subtracts[\s\S]*?\n}\n/, "// ... existing code ...\n");
    const result = await fix({
      script: [{ reply: "```js\n" + lazy + "```\n" }, { reply: "```js\n" + FIXED_CALC + "```\n" }],
      args: ["--edit-format", "whole", "--yes"],
    });
    const { server, ws } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await read(ws, "calc.js"), FIXED_CALC);
    const second = userPrompt(server, 1);
    assert.match(second, /incomplete, it leaves code out \("\/\/ \.\.\. existing code \.\.\."\)/);
    assert.match(
      second,
      /## Answer format\n.*SEARCH\/REPLACE blocks instead of the whole file/,
      "the next request switches format and says why",
    );
  });

  it("stops as stuck after a model keeps sending answers without edits, having switched format once", async () => {
    const result = await fix({
      script: () => ({
        reply: "The add function should add its arguments, and multiply should multiply them.",
      }),
      args: ["--edit-format", "search-replace", "--yes"],
    });
    const { server, ws } = result;
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /Stuck: 3 answers in a row could not be applied as edits \(asked for SEARCH\/REPLACE blocks, then the whole file\)/,
    );
    assert.equal(server.chatRequests().length, 3, "not asked the same way until the iterations run out");
    assert.deepEqual(
      [0, 1, 2].map((i) =>
        /SEARCH\/REPLACE blocks in this exact format/.test(systemPrompt(server, i))
          ? "blocks"
          : /complete new content/.test(systemPrompt(server, i))
            ? "whole"
            : "?",
      ),
      ["blocks", "whole", "whole"],
    );
    assert.match(
      userPrompt(server, 1),
      /## Answer format\nYour last answer could not be applied \(.*\)\. This time answer with the whole file instead of SEARCH\/REPLACE blocks\./,
    );
    assert.match(userPrompt(server, 2), /Your last 2 answers could not be applied/);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
  });

  it("rejects an unknown --edit-format with a usage error", async () => {
    const ws = await makeProject(JS_CALC);
    const cli = await cliSession();
    const result = await cli.run(["fix", path.join(ws, "calc.js"), "--edit-format", "patch"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--edit-format must be one of auto, search-replace, udiff, whole; got "patch"/);
  });

  it("takes the edit format from the config file", async () => {
    const result = await fix({
      script: [
        {
          reply:
            '```diff\n--- a/calc.js\n+++ b/calc.js\n@@ -1,4 +1,4 @@\n // TODO: implement add and multiply\n function add(a, b) {\n-  throw new Error("TODO: add");\n+  return a + b;\n }\n@@ -11,3 +11,3 @@\n function multiply(a, b) {\n-  throw new Error("TODO: multiply");\n+  return a * b;\n }\n```\n',
        },
      ],
      files: { ...JS_CALC, ".greenloop.json": JSON.stringify({ editFormat: "udiff" }) },
    });
    const { server, ws } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.match(systemPrompt(server, 0), /unified diff/);
    assert.equal(await read(ws, "calc.js"), FIXED_CALC);
  });
});
