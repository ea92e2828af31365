import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigSyntaxError, parseConfig } from "./config_parser";

function errorLine(text: string): number {
  try {
    parseConfig(text);
  } catch (error) {
    assert.ok(error instanceof ConfigSyntaxError, `expected ConfigSyntaxError, got ${String(error)}`);
    return error.line;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

test("parses trimmed key = value pairs", () => {
  assert.deepEqual(parseConfig("name = greenloop\n  owner=ada  \n"), { name: "greenloop", owner: "ada" });
});

test("an empty text gives an empty object", () => {
  assert.deepEqual(parseConfig(""), {});
});

test("skips blank lines and comments, accepts CRLF", () => {
  const text = "# comment\r\n\r\n; another\r\nkey = value\r\n   # indented comment\r\n";
  assert.deepEqual(parseConfig(text), { key: "value" });
});

test("sections prefix keys", () => {
  const text = "debug = false\n[server]\nport = 8080\n[db.main]\nhost = localhost\n";
  assert.deepEqual(parseConfig(text), { debug: false, "server.port": 8080, "db.main.host": "localhost" });
});

test("coerces booleans and numbers, keeps other text as strings", () => {
  const config = parseConfig("a = true\nb = FALSE\nc = 42\nd = -3.5\ne = 1.2.3\nf = 12px\ng =\n");
  assert.deepEqual(config, { a: true, b: false, c: 42, d: -3.5, e: "1.2.3", f: "12px", g: "" });
});

test("strips inline comments from unquoted values only", () => {
  const config = parseConfig('color = red # primary\nlabel = "a # b"  # note\nurl = http://x/#top\n');
  assert.deepEqual(config, { color: "red", label: "a # b", url: "http://x/#top" });
});

test("quoted values stay strings and support escapes", () => {
  const config = parseConfig('n = "42"\nt = "true"\ns = "  padded  "\nq = "say \\"hi\\"\\nbye \\\\"\n');
  assert.deepEqual(config, { n: "42", t: "true", s: "  padded  ", q: 'say "hi"\nbye \\' });
});

test("a value may contain '='", () => {
  assert.deepEqual(parseConfig("query = a=1&b=2\n"), { query: "a=1&b=2" });
});

test("syntax errors report the line number", () => {
  assert.equal(errorLine("ok = 1\nbroken line\n"), 2);
  assert.equal(errorLine("\n = value\n"), 2);
  assert.equal(errorLine("[]\n"), 1);
  assert.equal(errorLine("bad key = 1\n"), 1);
  assert.equal(errorLine('a = "open\n'), 1);
  assert.equal(errorLine('a = "x" trailing\n'), 1);
});

test("duplicate keys are errors, also across the same section", () => {
  assert.equal(errorLine("a = 1\nb = 2\na = 3\n"), 3);
  assert.equal(errorLine("[s]\nk = 1\n[t]\nk = 2\n[s]\nk = 3\n"), 6);
});

test("ConfigSyntaxError message names the line", () => {
  assert.throws(() => parseConfig("x\n"), /line 1/);
});
