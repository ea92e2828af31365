/** `greenloop fix` on Rust crates with the real cargo and the scripted model server. */
import assert from "node:assert/strict";
import path from "node:path";
import { block, cliSession, makeProject, read } from "../../support/cliHarness";
import { scriptedModelFlags } from "../../support/scriptedFix";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

const CARGO_TOML = '[package]\nname = "temperature"\nversion = "0.1.0"\nedition = "2021"\n';
const TO_CELSIUS = "pub fn to_celsius(fahrenheit: i32) -> i32 {\n    (fahrenheit - 32) * 5 / 9\n}\n\n";
const BUGGY = `${TO_CELSIUS}pub fn to_fahrenheit(celsius: i32) -> i32 {\n    celsius * 9 / 5 - 32\n}\n`;
const FIXED = `${TO_CELSIUS}pub fn to_fahrenheit(celsius: i32) -> i32 {\n    celsius * 9 / 5 + 32\n}\n`;
/** Unit tests inside the source file, as Rust code usually has them. */
const IN_FILE_TESTS = [
  "",
  "#[cfg(test)]",
  "mod tests {",
  "    use super::*;",
  "",
  "    #[test]",
  "    fn body_temperature() {",
  "        assert_eq!(to_fahrenheit(37), 98);",
  "    }",
  "}",
  "",
].join("\n");
const INTEGRATION_TESTS = [
  "use temperature::{to_celsius, to_fahrenheit};",
  "",
  "#[test]",
  "fn celsius_of_boiling_water() {",
  "    assert_eq!(to_celsius(212), 100);",
  "}",
  "",
  "#[test]",
  "fn boiling_point() {",
  "    assert_eq!(to_fahrenheit(100), 212);",
  "}",
  "",
  "#[test]",
  "fn freezing_point() {",
  "    assert_eq!(to_fahrenheit(0), 32);",
  "}",
  "",
].join("\n");

describe("greenloop fix on a Rust crate (real cargo)", function () {
  this.timeout(180_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());
  const openai = () => [...scriptedModelFlags(server), "--yes"];

  it("takes a failing crate to green: failures read from libtest, then the failing tests run alone", async () => {
    server = await startScriptedModelServer([
      { reply: block("src/lib.rs", "    celsius * 9 / 5 - 32", "    celsius * 9 / 5 + 32") },
    ]);
    const ws = await makeProject({
      "Cargo.toml": CARGO_TOML,
      "src/lib.rs": BUGGY + IN_FILE_TESTS,
      "tests/temperature.rs": INTEGRATION_TESTS,
    });
    const cli = await cliSession();
    const result = await cli.run(["fix", path.join(ws, "src/lib.rs"), ...openai()]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await read(ws, "src/lib.rs"), FIXED + IN_FILE_TESTS);
    assert.match(result.stderr, /test project: the workspace folder/);
    assert.match(result.stderr, /tests: \S*cargo test --no-fail-fast/);
    assert.match(result.stderr, /1 passed, 3 failed \(full,/);
    const prompt = server.chatRequests()[0].messages.at(-1)!.content;
    assert.match(prompt, /```rust\n/, "the source is fenced as Rust");
    assert.match(
      prompt,
      /- boiling_point: assertion `left == right` failed \(expected 212, got 148\) at tests\/temperature.rs:10/,
    );
    assert.match(prompt, /- tests::body_temperature: .*\(expected 98, got 34\) at src\/lib.rs:\d+/);
    assert.match(
      result.stderr,
      /3 passed, 0 failed \(failing,/,
      "the three failing tests run first, alone: the passing one is filtered out by name",
    );
    assert.match(result.stderr, /4 passed, 0 failed \(full,/);
  });

  it("fixes a crate that does not compile, with cargo found in ~/.cargo/bin when it is not on PATH", async () => {
    server = await startScriptedModelServer([
      { reply: block("src/lib.rs", '    celsius * 9 / 5 + "32"', "    celsius * 9 / 5 + 32") },
    ]);
    const ws = await makeProject({
      "Cargo.toml": CARGO_TOML,
      "src/lib.rs": `${TO_CELSIUS}pub fn to_fahrenheit(celsius: i32) -> i32 {\n    celsius * 9 / 5 + "32"\n}\n`,
      "tests/temperature.rs": INTEGRATION_TESTS,
    });
    const cli = await cliSession();
    // An editor started from a desktop menu: rustup's folder is not on its PATH.
    const savedPath = process.env.PATH;
    process.env.PATH = (savedPath ?? "")
      .split(path.delimiter)
      .filter((dir) => !/[\\/]\.cargo[\\/]bin$/.test(dir))
      .join(path.delimiter);
    let result: Awaited<ReturnType<typeof cli.run>>;
    try {
      result = await cli.run(["fix", path.join(ws, "src/lib.rs"), ...openai()]);
    } finally {
      process.env.PATH = savedPath;
    }
    assert.equal(result.code, 0, result.stderr);
    assert.equal(await read(ws, "src/lib.rs"), FIXED);
    assert.match(result.stderr, /cargo: \S+[\\/]\.cargo[\\/]bin[\\/]cargo(\.exe)? \(not on PATH\)/);
    const prompt = server.chatRequests()[0].messages.at(-1)!.content;
    assert.match(prompt, /## The test run crashed before tests ran/);
    assert.match(prompt, /error\[E0277\]: cannot add `&str` to `i32`\n --> src\/lib.rs:6:/);
    assert.match(result.stderr, /3 passed, 0 failed \(full,/);
  });
});
