import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import type { CliIO } from "../../agent-core/cli/io";
import { main } from "../../agent-core/cli/main";

/** Writes a project into a new temp folder; returns its path. */
export async function makeProject(files: Record<string, string>, prefix = "gl-proj-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
  return dir;
}

export const read = (dir: string, rel: string) => readFile(path.join(dir, rel), "utf8");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliSession {
  /** Runs `greenloop <args>` in-process with captured output. */
  run(
    args: string[],
    options?: { stdin?: string; cwd?: string; onStart?: (interrupt: () => void) => void },
  ): Promise<CliRun>;
  home: string;
}

/** A CLI with its own GREENLOOP_HOME, so memory, checkpoints and history stay in a temp folder. */
export async function cliSession(env: Record<string, string> = {}): Promise<CliSession> {
  const home = await mkdtemp(path.join(os.tmpdir(), "gl-home-"));
  return {
    home,
    async run(args, options = {}) {
      let stdout = "";
      let stderr = "";
      const stdin = new PassThrough();
      if (options.stdin !== undefined) stdin.end(options.stdin);
      else stdin.end();
      const listeners = new Set<() => void>();
      const interrupted = new AbortController();
      const io: CliIO = {
        interrupted: interrupted.signal,
        cwd: options.cwd ?? process.cwd(),
        env: { ...process.env, GREENLOOP_HOME: home, GREENLOOP_API_KEY: "test-key", ...env },
        stdin,
        out: (t) => void (stdout += t),
        err: (t) => void (stderr += t),
        color: false,
        onInterrupt: (l) => void listeners.add(l),
        offInterrupt: (l) => void listeners.delete(l),
      };
      options.onStart?.(() => {
        interrupted.abort();
        listeners.forEach((l) => l());
      });
      const code = await main(args, io);
      return { code, stdout, stderr };
    },
  };
}

/** A SEARCH/REPLACE answer for one block. */
export function block(file: string, search: string, replace: string): string {
  return `${file}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;
}

/** A small red JavaScript project: add works once fixed, multiply too. */
export const JS_CALC = {
  "package.json": JSON.stringify({ name: "calc", version: "1.0.0", scripts: { test: "node --test" } }, null, 2),
  "calc.js": [
    "// TODO: implement add and multiply",
    "function add(a, b) {",
    '  throw new Error("TODO: add");',
    "}",
    "",
    "/** Subtracts b from a. */",
    "function subtract(a, b) {",
    "  return a - b;",
    "}",
    "",
    "function multiply(a, b) {",
    '  throw new Error("TODO: multiply");',
    "}",
    "",
    "module.exports = { add, subtract, multiply };",
    "",
  ].join("\n"),
  "test/calc.test.js": [
    'const test = require("node:test");',
    'const assert = require("node:assert/strict");',
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
  ].join("\n"),
};

export const FIX_ADD = block(
  "calc.js",
  'function add(a, b) {\n  throw new Error("TODO: add");\n}',
  "function add(a, b) {\n  return a + b;\n}",
);
export const FIX_MULTIPLY = block(
  "calc.js",
  'function multiply(a, b) {\n  throw new Error("TODO: multiply");\n}',
  "function multiply(a, b) {\n  return a * b;\n}",
);
export const WRONG_MULTIPLY = block(
  "calc.js",
  'function multiply(a, b) {\n  throw new Error("TODO: multiply");\n}',
  "function multiply(a, b) {\n  return a + b;\n}",
);
