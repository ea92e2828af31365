import { strict as assert } from "node:assert";
import { formatArgv, syntheticResult, toTerminalText } from "../../../extension/testing/processTypes";

describe("extension test-process helpers", () => {
  it("formatArgv shows plain arguments bare and quotes the ones a shell would split or expand", () => {
    assert.equal(formatArgv(["npx", "vitest", "run", "test/cart.test.ts"]), "npx vitest run test/cart.test.ts");
    assert.equal(formatArgv(["pytest", "-k", "rounds to cents"]), 'pytest -k "rounds to cents"');
    assert.equal(formatArgv(["node", "-e", 'console.log("hi")']), 'node -e "console.log(\\"hi\\")"');
    assert.equal(formatArgv(["echo", "$HOME", "it's", "C:\\dir", ""]), 'echo "$HOME" "it\'s" "C:\\\\dir" ""');
    assert.equal(formatArgv(["a\tb"]), '"a\\tb"');
    assert.equal(formatArgv([]), "");
  });

  it("toTerminalText turns every line end into CRLF without doubling existing CRLFs", () => {
    assert.equal(toTerminalText("1 passing\n2 failing\n"), "1 passing\r\n2 failing\r\n");
    assert.equal(toTerminalText("windows\r\nline\r\n"), "windows\r\nline\r\n");
    assert.equal(toTerminalText("mixed\nends\r\nhere"), "mixed\r\nends\r\nhere");
    assert.equal(toTerminalText("progress 10%\rprogress 20%"), "progress 10%\rprogress 20%");
    assert.equal(toTerminalText(""), "");
  });

  it("syntheticResult fills a neutral result and keeps the fields given", () => {
    assert.deepEqual(syntheticResult({ output: "The test task ended before the tests ran." }), {
      exitCode: null,
      signal: null,
      truncated: false,
      timedOut: false,
      cancelled: false,
      durationMs: 0,
      output: "The test task ended before the tests ran.",
    });
    assert.deepEqual(syntheticResult({ cancelled: true, exitCode: 1, durationMs: 40, output: "" }), {
      exitCode: 1,
      signal: null,
      truncated: false,
      timedOut: false,
      cancelled: true,
      durationMs: 40,
      output: "",
    });
  });
});
