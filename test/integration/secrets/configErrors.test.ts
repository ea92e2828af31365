import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findJsonSyntaxError } from "../../../agent-core/cli/jsonPosition";
import { readSettingsFile, UsageError } from "../../../agent-core/cli/settings";

describe("config file errors never echo the file", () => {
  it("a broken file is reported by line and column, without any of its content", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "gl-config-"));
    const secret = "Vq7Rk2Lm9Xz4Np1Tb8Hd";
    const cases = [
      `{\n  "provider": "openai",\n  "model": ${secret}\n}\n`,
      `{ "model": "gpt", "baseUrl": "https://h/v1?api-key=${secret}" "x": 1 }`,
      `{ "model": '${secret}' }`,
      `{ "model": "${secret}`,
    ];
    for (const [i, text] of cases.entries()) {
      const file = path.join(dir, `config-${i}.json`);
      await writeFile(file, text);
      assert.throws(
        () => readSettingsFile(file),
        (error: Error) => {
          assert.ok(error instanceof UsageError);
          assert.match(error.message, /is not valid JSON \(line \d+, column \d+/);
          for (let at = 0; at + 6 <= secret.length; at++)
            assert.ok(!error.message.includes(secret.slice(at, at + 6)), error.message);
          return true;
        },
      );
    }
  });

  it("finds the first syntax error where JSON.parse does, and none in valid JSON", () => {
    assert.deepEqual(findJsonSyntaxError('{\n  "provider": "openai",\n  "model": abc\n}'), {
      line: 3,
      column: 12,
      expected: "a value (strings need double quotes)",
    });
    assert.deepEqual(findJsonSyntaxError('{"a": 1'), { line: 1, column: 8, expected: "',' or '}'" });
    assert.deepEqual(findJsonSyntaxError('{"a": 1,}'), {
      line: 1,
      column: 9,
      expected: "a property name in double quotes",
    });
    assert.deepEqual(findJsonSyntaxError("[1, 2] x"), { line: 1, column: 8, expected: "the end of the file" });
    assert.deepEqual(findJsonSyntaxError('"bad \\q escape"'), { line: 1, column: 7, expected: "an escape sequence" });
    assert.deepEqual(findJsonSyntaxError(""), { line: 1, column: 1, expected: "a value (strings need double quotes)" });
    for (const valid of ['{"a": [1, -2.5e3, true, false, null, {"b": "\\u00e9\\n"}]}', "  []  ", '"x"', "0"]) {
      JSON.parse(valid);
      assert.equal(findJsonSyntaxError(valid), undefined, valid);
    }
  });
});
