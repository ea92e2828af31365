/**
 * Where a parsed test lives: its test file and the line that declares it, so Greenloop's results sit on the
 * test in the editor. Runners name the file in pytest ids and in failure locations; for the rest (a passing
 * node:test or mocha test) the project's test files are searched for the test's name as a string literal, the
 * files and folders the command named first (one workspace can hold several projects with the same tests).
 * No `vscode` import: checked in plain Node against real files.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isTestFile } from "../../agent-core/edits/safety";
import { listWorkspaceFiles } from "../../agent-core/loop/related";
import type { TestCaseResult, TestCommand } from "../../agent-core/testing/types";

/** The parsers join suite and test names with this. */
const ID_SEPARATOR = " > ";

const SOURCE_OR_TEST = /\.(?:[cm]?[jt]sx?|py)$/;

/** A test's place: absolute file and 0-based line, each when known. */
export interface TestPlace {
  file?: string;
  line?: number;
}

/** A parsed id as a file (pytest) and the names from the outermost suite to the test. */
export function splitTestId(id: string): { file?: string; names: string[] } {
  if (id.includes("::")) {
    const [file, ...names] = id.split("::");
    return { file, names };
  }
  return { names: id.split(ID_SEPARATOR) };
}

/**
 * The id a runner's filter matches for a test named `names` (outermost suite first) in `file`: the id Greenloop
 * parsed when the test is one of its own results from the same folder, a pytest node id, or "suite > test".
 * Undefined when it cannot be named (a whole file, a pytest test without its file).
 */
export function runnerTestId(
  test: { names: string[]; file?: string; greenloop?: { testId: string; cwd: string } },
  command: Pick<TestCommand, "cwd" | "framework">,
): string | undefined {
  if (test.greenloop && path.resolve(test.greenloop.cwd) === path.resolve(command.cwd)) return test.greenloop.testId;
  if (test.names.length === 0) return undefined;
  if (command.framework !== "pytest") return test.names.join(ID_SEPARATOR);
  if (!test.file) return undefined;
  return [path.relative(command.cwd, test.file).split(path.sep).join("/"), ...test.names].join("::");
}

/** "file:line" or "file:line:col" (relative to `cwd` or absolute) as an absolute file and 0-based line. */
export function parseLocation(location: string | undefined, cwd: string): { file: string; line: number } | undefined {
  const m = location ? /^(.+?):(\d+)(?::\d+)?$/.exec(location.trim()) : null;
  if (!m) return undefined;
  return { file: path.resolve(cwd, m[1]), line: Math.max(0, Number(m[2]) - 1) };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The 0-based line declaring `name` in `text`: a Python def/class, else the name as a string literal. */
export function declarationLine(text: string, name: string, python: boolean): number | undefined {
  const bare = name.replace(/\[.*\]$/, ""); // pytest parameters: test_add[1-2]
  const pattern = python
    ? new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+${escapeRegExp(bare)}\\b`)
    : new RegExp(`(["'\`])${escapeRegExp(bare)}\\1`);
  const index = text.split("\n").findIndex((line) => pattern.test(line));
  return index >= 0 ? index : undefined;
}

/** Finds the places of the tests of one run; files are listed and read once per instance. */
export class TestPlaces {
  private testFiles?: Promise<string[]>;
  private readonly texts = new Map<string, Promise<string | undefined>>();

  private readonly namedFiles: Set<string>;
  private readonly namedDirs: string[];

  /**
   * `cwd`: the folder the tests ran in (ids and locations are relative to it). `named`: paths the run named
   * (the command's file and folder arguments, failure locations), relative to `cwd` or absolute.
   */
  constructor(
    private readonly cwd: string,
    named: string[] = [],
  ) {
    const abs = named.map((p) => path.resolve(cwd, p));
    this.namedFiles = new Set(abs.filter((p) => SOURCE_OR_TEST.test(p)));
    this.namedDirs = abs.filter((p) => !SOURCE_OR_TEST.test(p)).map((p) => p + path.sep);
  }

  async place(test: TestCaseResult): Promise<TestPlace> {
    const { file, names } = splitTestId(test.id);
    const leaf = names[names.length - 1] ?? test.id;
    if (file) {
      const abs = path.resolve(this.cwd, file);
      const text = await this.text(abs);
      if (text !== undefined) return { file: abs, line: declarationLine(text, leaf, /\.py$/.test(abs)) };
    }
    const at = parseLocation(test.location, this.cwd);
    if (at && isTestFile(path.relative(this.cwd, at.file))) {
      const text = await this.text(at.file);
      if (text !== undefined)
        return { file: at.file, line: declarationLine(text, leaf, /\.py$/.test(at.file)) ?? at.line };
    }
    return this.search(names);
  }

  /**
   * The test file holding the test's name and its suites' names (else the name alone): the files the run named
   * first, then those under the folders it named, then the rest of the project.
   */
  private async search(names: string[]): Promise<TestPlace> {
    const leaf = names[names.length - 1];
    if (!leaf) return {};
    const rank = (abs: string) =>
      this.namedFiles.has(abs) ? 0 : this.namedDirs.some((dir) => abs.startsWith(dir)) ? 1 : 2;
    const files = (await this.listTestFiles()).map((rel) => path.join(this.cwd, rel)).sort((a, b) => rank(a) - rank(b));
    const holding: Array<{ file: string; text: string; line: number }> = [];
    for (const abs of files) {
      const text = await this.text(abs);
      const line = text === undefined ? undefined : declarationLine(text, leaf, /\.py$/.test(abs));
      if (text !== undefined && line !== undefined) holding.push({ file: abs, text, line });
    }
    const suites = names.slice(0, -1);
    const best =
      holding.find((h) => suites.every((s) => declarationLine(h.text, s, false) !== undefined)) ?? holding[0];
    return best ? { file: best.file, line: best.line } : {};
  }

  private listTestFiles(): Promise<string[]> {
    this.testFiles ??= listWorkspaceFiles(this.cwd).then((files) =>
      files.filter((f) => isTestFile(f) && /\.(?:[cm]?[jt]sx?|py)$/.test(f)),
    );
    return this.testFiles;
  }

  private text(abs: string): Promise<string | undefined> {
    let text = this.texts.get(abs);
    if (!text) {
      text = readFile(abs, "utf8").catch(() => undefined);
      this.texts.set(abs, text);
    }
    return text;
  }
}
