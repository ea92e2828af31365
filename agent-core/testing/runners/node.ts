/** node:test (`node --test`). */

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { isNodeSpec, parseNodeSpec } from "../parsers/nodeSpec";
import { isNodeTap, parseNodeTap } from "../parsers/nodeTap";
import { runProcess } from "../processRunner";
import type { TestCommand } from "../types";
import { anchoredAlternation, baseName, ID_SEPARATOR } from "./args";
import type { TestRunner } from "./types";

export const nodeRunner: TestRunner<"node"> = {
  id: "node",
  sniffCommand: (text) => /(^|\s)--test(\s|$)/.test(text),
  sniffOutput: (text) => isNodeTap(text) || isNodeSpec(text),
  // TAP when piped on Node 20/22; spec on a terminal and from Node 23 on.
  parse: (text) => (isNodeTap(text) ? parseNodeTap(text) : parseNodeSpec(text)),
  filterTests(cmd, ids, viaNpm) {
    // Options after a file argument would go to the test files, so put the pattern right after `node`.
    if (viaNpm || baseName(cmd.argv[0]) !== "node") return undefined;
    const leaves = ids.map((id) => id.split(ID_SEPARATOR).pop() ?? id);
    return { ...cmd, argv: [cmd.argv[0], `--test-name-pattern=${anchoredAlternation(leaves)}`, ...cmd.argv.slice(1)] };
  },
  filterFiles(cmd, program, args, files) {
    if (baseName(program) !== "node" || !args.includes("--test") || !args.every((a) => a.startsWith("-")))
      return undefined;
    return { ...cmd, argv: [...cmd.argv, ...files] };
  },
  async perTestTimeout(cmd, program) {
    // Node options must come before the files; through a package script they would land after them.
    if (program !== "node" || cmd.argv.some((a) => a.startsWith("--test-timeout"))) return undefined;
    return (await nodeHasTestTimeout(cmd)) ? { flag: "--test-timeout=", unit: "ms" } : undefined;
  },
  optionsFirst: true,
  timeoutMessage: { pattern: /test timed out after (\d+)\s*ms/i, unit: "ms" },
  async detectProject(cwd) {
    return (await hasNodeTestFiles(cwd)) ? { argv: ["node", "--test"], cwd, framework: "node" } : undefined;
  },
};

/** Names `node --test` finds on its own: `x.test.js`, `x-test.mjs`, `x_test.cjs`, `test-x.js`, `test.js`. */
const NODE_TEST_NAME = /^(?:.+[.\-_]test|test-.+|test)\.[cm]?js$/;
const IMPORTS_NODE_TEST = /["']node:test["']/;

/**
 * A project without a package.json test script whose test files use node:test (at the top, or in `test/` or
 * `tests/`, which `node --test` also searches): plain `node --test` runs them.
 */
async function hasNodeTestFiles(cwd: string): Promise<boolean> {
  const places = [
    { dir: cwd, any: false },
    { dir: join(cwd, "test"), any: true },
    { dir: join(cwd, "tests"), any: false },
  ];
  for (const { dir, any } of places) {
    const names = await readdir(dir).catch(() => [] as string[]);
    const candidates = names.filter((n) => (any ? /\.[cm]?js$/.test(n) : NODE_TEST_NAME.test(n))).slice(0, 20);
    for (const name of candidates) {
      const text = await readFile(join(dir, name), "utf8").catch(() => "");
      if (IMPORTS_NODE_TEST.test(text)) return true;
    }
  }
  return false;
}

/** `--test-timeout` arrived in Node 20.11 and 21.2. */
async function nodeHasTestTimeout(cmd: TestCommand): Promise<boolean> {
  const probe = await runProcess(
    { argv: [cmd.argv[0], "--version"], cwd: cmd.cwd, framework: "unknown", env: cmd.env },
    { timeoutMs: 30_000, maxOutputBytes: 4096 },
  );
  const match = /v(\d+)\.(\d+)/.exec(probe.output);
  if (probe.exitCode !== 0 || !match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 21 || (major === 21 && minor >= 2) || (major === 20 && minor >= 11);
}
