/**
 * Per-test timeouts for the JavaScript runners, so a test that never finishes fails on its own (named by the
 * runner) instead of holding the whole run until its overall timeout. pytest's comes with its command
 * (pytest-timeout, when installed).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { runProcess } from "./processRunner";
import type { PerTestTimeout, TestCommand } from "./types";

const JS_CONFIGS = ["package.json", ".mocharc.js", ".mocharc.cjs", ".mocharc.json", ".mocharc.jsonc", ".mocharc.yml", ".mocharc.yaml"];
const CONFIG_STEMS = ["jest.config", "vitest.config", "vite.config", "vitest.workspace"];
const CONFIG_EXTS = [".js", ".cjs", ".mjs", ".ts", ".cts", ".mts", ".json"];

/**
 * The runner's per-test timeout option for `cmd`, or undefined when it has none, when the project or the command
 * sets one itself (a project's longer timeout is never overridden), or when the command cannot take one.
 */
export async function perTestTimeoutFor(cmd: TestCommand): Promise<PerTestTimeout | undefined> {
  const program = path.basename(cmd.argv[0] ?? "").replace(/\.(cmd|exe)$/, "");
  const viaNpm = /^(npm|yarn|pnpm)$/.test(program);
  if (viaNpm && cmd.filterable === false) return undefined;
  switch (cmd.framework) {
    case "node":
      // Node options must come before the files; through a package script they would land after them.
      if (program !== "node" || cmd.argv.some((a) => a.startsWith("--test-timeout"))) return undefined;
      return (await nodeHasTestTimeout(cmd)) ? { flag: "--test-timeout=", unit: "ms" } : undefined;
    case "jest":
    case "vitest":
      if (cmd.argv.some((a) => a.startsWith("--testTimeout")) || (await projectMentions(cmd.cwd, /testTimeout/))) return undefined;
      return { flag: "--testTimeout=", unit: "ms" };
    case "mocha":
      if (cmd.argv.some((a) => a === "-t" || a.startsWith("--timeout")) || (await projectMentions(cmd.cwd, /\btimeout\b/))) return undefined;
      return { flag: "--timeout=", unit: "ms" };
    default:
      return undefined;
  }
}

/** `--test-timeout` arrived in Node 20.11 and 21.2. */
async function nodeHasTestTimeout(cmd: TestCommand): Promise<boolean> {
  const probe = await runProcess({ argv: [cmd.argv[0], "--version"], cwd: cmd.cwd, framework: "unknown", env: cmd.env }, { timeoutMs: 30_000, maxOutputBytes: 4096 });
  const match = /v(\d+)\.(\d+)/.exec(probe.output);
  if (probe.exitCode !== 0 || !match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 21 || (major === 21 && minor >= 2) || (major === 20 && minor >= 11);
}

async function projectMentions(dir: string, pattern: RegExp): Promise<boolean> {
  const names = [...JS_CONFIGS, ...CONFIG_STEMS.flatMap((stem) => CONFIG_EXTS.map((ext) => stem + ext))];
  for (const name of names) {
    const text = await readFile(path.join(dir, name), "utf8").catch(() => "");
    if (pattern.test(text)) return true;
  }
  return false;
}
