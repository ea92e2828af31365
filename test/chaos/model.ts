/** The scripted model's answers for a trial, and the exact bytes a correct fix leaves. */
import type { RecordedRequest, Responder, ScriptStep } from "../support/scriptedModelServer";
import type { Detour } from "./plan";

export const TARGET = "calc.js";
const BUGGY = "return a - b;";
const FIXED = "return a + b;";

/** The target's text (LF, ASCII apart from the accent; the workspace builder changes encoding and line ends). */
export const TARGET_TEXT = [
  "// Small arithmetic helpers (caf\u00e9 edition).",
  "function add(a, b) {",
  `  ${BUGGY}`,
  "}",
  "",
  "function multiply(a, b) {",
  "  return a * b;",
  "}",
  "",
  "module.exports = { add, multiply };",
  "",
].join("\n");

/** The test file; it notes every start in the probe file so the harness sees test runs begin. */
export const TEST_TEXT = [
  'const test = require("node:test");',
  'const assert = require("node:assert/strict");',
  "const probe = process.env.GREENLOOP_CHAOS_PROBE;",
  'if (probe) require("node:fs").appendFileSync(probe, `${process.pid}\\n`);',
  'const { add, multiply } = require("../calc");',
  "",
  'test("add adds two numbers", () => {',
  "  assert.equal(add(2, 3), 5);",
  "});",
  "",
  'test("multiply multiplies two numbers", () => {',
  "  assert.equal(multiply(3, 4), 12);",
  "});",
  "",
].join("\n");

/** The target's bytes once fixed: the original bytes with only the buggy statement replaced. */
export function fixedBytes(original: Buffer): Buffer {
  const text = original.toString("latin1");
  const at = text.indexOf(BUGGY);
  if (at < 0 || text.indexOf(BUGGY, at + 1) >= 0) throw new Error(`the target must hold "${BUGGY}" exactly once`);
  return Buffer.from(text.slice(0, at) + FIXED + text.slice(at + BUGGY.length), "latin1");
}

function block(search: string, replace: string): string {
  return `${TARGET}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;
}

/** The body line of `add` as the prompt shows the target now (the first file in the prompt is the target). */
function currentAddBody(req: RecordedRequest): string {
  const prompt = req.messages.at(-1)?.content ?? "";
  const match = /function add\(a, b\) \{\r?\n([^\r\n]*)\r?\n\}/.exec(prompt);
  if (!match) throw new Error("the prompt does not show the target's add function");
  return match[1];
}

const addWith = (body: string) => `function add(a, b) {\n${body}\n}`;
const MULTIPLY = "function multiply(a, b) {\n  return a * b;\n}";

function answer(kind: Detour | "fix", req: RecordedRequest): string {
  const now = addWith(currentAddBody(req));
  switch (kind) {
    case "fix":
      return block(now, addWith(`  ${FIXED}`));
    case "wrong": // still red, nothing regresses: the loop keeps it and asks again
      return block(now, addWith("  return a * b;"));
    case "regress": // fixes add but breaks multiply: the full run catches it and the loop reverts
      return (
        block(now, addWith(`  ${FIXED}`)) + "\n" + block(MULTIPLY, "function multiply(a, b) {\n  return a + b;\n}")
      );
    case "hang": // the test run never ends: the test timeout kills it and the loop reverts
      return block(now, addWith("  while (true) {}"));
    case "malformed":
      return "The bug is in add: it subtracts instead of adding.";
  }
}

/** Answers the detours in order, then the fix, then the fix again for any further request. */
export function modelScript(detours: readonly Detour[]): Responder {
  let calls = 0;
  return (req): ScriptStep => {
    const kind = calls < detours.length ? detours[calls] : "fix";
    calls++;
    return { reply: answer(kind, req) };
  };
}
