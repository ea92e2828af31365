/** Argument helpers shared by the runner modules. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { TestCommand } from "../types";

/** Test ids use this between suite and test names (see the parsers). */
export const ID_SEPARATOR = " > ";

export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function isPackageManager(program: string): boolean {
  return /^(npm|yarn|pnpm)(\.cmd)?$/.test(baseName(program));
}

/** `cmd` with `extra` arguments at the end, after `--` when it runs through a package manager. */
export function appendArgs(cmd: TestCommand, extra: string[]): TestCommand {
  const viaNpm = isPackageManager(cmd.argv[0] ?? "");
  return {
    ...cmd,
    argv: viaNpm ? [...cmd.argv, ...(cmd.argv.includes("--") ? [] : ["--"]), ...extra] : [...cmd.argv, ...extra],
  };
}

/** mocha, jest and vitest match patterns against suite and test names joined by spaces. */
export function fullTitle(id: string): string {
  return id.split(ID_SEPARATOR).join(" ");
}

export function anchoredAlternation(names: string[]): string {
  return `^(?:${names.map(escapeRegExp).join("|")})$`;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

const JS_CONFIGS = [
  "package.json",
  ".mocharc.js",
  ".mocharc.cjs",
  ".mocharc.json",
  ".mocharc.jsonc",
  ".mocharc.yml",
  ".mocharc.yaml",
];
const CONFIG_STEMS = ["jest.config", "vitest.config", "vite.config", "vitest.workspace"];
const CONFIG_EXTS = [".js", ".cjs", ".mjs", ".ts", ".cts", ".mts", ".json"];

/** True when a JavaScript test configuration in `dir` matches `pattern` (the project sets an option itself). */
export async function projectMentions(dir: string, pattern: RegExp): Promise<boolean> {
  const names = [...JS_CONFIGS, ...CONFIG_STEMS.flatMap((stem) => CONFIG_EXTS.map((ext) => stem + ext))];
  for (const name of names) {
    const text = await readFile(path.join(dir, name), "utf8").catch(() => "");
    if (pattern.test(text)) return true;
  }
  return false;
}
