import assert from "node:assert/strict";
import { block, FIX_ADD, FIX_MULTIPLY, JS_CALC, read, WRONG_MULTIPLY } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";

describe("greenloop fix (end to end through the real clients)", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();

  it("takes a JavaScript project from red to green, needing a second iteration (OpenAI, streaming)", async () => {
    const result = await fix({
      script: [
        { reply: `\`\`\`js\n${FIX_ADD}\n${WRONG_MULTIPLY}\`\`\`` },
        {
          reply: block(
            "calc.js",
            "function multiply(a, b) {\n  return a + b;\n}",
            "function multiply(a, b) {\n  return a * b;\n}",
          ),
        },
      ],
    });
    const { server, ws, cli } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.match(await read(ws, "calc.js"), /return a \* b;/);
    assert.match(await read(ws, "calc.js"), /return a \+ b;/);
    const chats = server.chatRequests();
    assert.equal(chats.length, 2);
    assert.ok(
      chats.every((c) => c.streamed),
      "answers are streamed",
    );
    const second = chats[1].messages.at(-1)!.content;
    assert.match(second, /multiply multiplies two numbers/, "the second prompt carries the parsed failure");
    assert.match(second, /Previous attempts/);
    const failing = second.split("## Failing tests")[1].split("##")[0];
    assert.match(failing, /multiply multiplies two numbers/);
    assert.doesNotMatch(failing, /add adds two numbers/, "fixed tests are no longer listed as failing");
    assert.match(result.stderr, /All tests pass after 2 iterations/);

    const history = await cli.run(["history"]);
    assert.match(history.stdout, /green\s+calc\.js/);
  });

  it("takes a Python project from red to green through Ollama", async () => {
    const result = await fix({
      protocol: "ollama",
      target: "calculator.py",
      script: [
        {
          reply: block(
            "calculator.py",
            "def divide(a, b):\n    # TODO\n    return None",
            'def divide(a, b):\n    if b == 0:\n        raise ZeroDivisionError("division by zero")\n    return a / b',
          ),
        },
      ],
      files: {
        "calculator.py": "def divide(a, b):\n    # TODO\n    return None\n",
        "tests/test_calculator.py": [
          "import pytest",
          "from calculator import divide",
          "",
          "def test_divide():",
          "    assert divide(6, 3) == 2",
          "",
          "def test_divide_by_zero():",
          "    with pytest.raises(ZeroDivisionError):",
          "        divide(1, 0)",
          "",
        ].join("\n"),
        "pytest.ini": "[pytest]\npythonpath = .\n",
      },
    });
    const { ws, server } = result;
    assert.equal(result.code, 0, result.stderr);
    assert.match(await read(ws, "calculator.py"), /raise ZeroDivisionError/);
    const chat = server.chatRequests()[0];
    assert.equal(chat.protocol, "ollama");
    assert.equal((chat.body.options as { num_ctx?: number }).num_ctx, 8192, "num_ctx is always sent");
    assert.match(chat.messages.at(-1)!.content, /test_divide_by_zero/);
  });

  it("asks per hunk on the terminal and applies only the accepted hunk", async () => {
    const result = await fix({
      script: [{ reply: FIX_ADD + "\n" + FIX_MULTIPLY }],
      args: ["--max-iterations", "1"],
      stdin: "y\nn\n",
    });
    const { ws } = result;
    assert.equal(result.code, 1);
    const content = await read(ws, "calc.js");
    assert.match(content, /return a \+ b;/, "first hunk accepted");
    assert.match(content, /TODO: multiply/, "second hunk rejected");
    assert.match(result.stderr, /hunk 1\/2/);
    assert.match(result.stderr, /1 passed, 1 failed/);
  });

  it("undo restores the workspace to before the last run", async () => {
    const fixed = await fix({ script: [{ reply: FIX_ADD + FIX_MULTIPLY }] });
    const { ws, cli } = fixed;
    assert.equal(fixed.code, 0, fixed.stderr);
    const undo = await cli.run(["undo", "--workspace", ws]);
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
    assert.match(undo.stdout, /calc\.js/);
  });
});
