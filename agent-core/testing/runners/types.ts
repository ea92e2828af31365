/** What a test runner plug-in provides: one module per runner, listed in `index.ts`. */
import type { PerTestTimeout, TestCommand, TestReport } from "../types";

/** How a runner's per-test timeout failure reads, for naming hanging tests. */
export interface TimeoutMessage {
  /** Its first group is the limit. */
  pattern: RegExp;
  unit: "ms" | "s";
}

/** A runner installed as a package binary (`node_modules/.bin/<id>`), run directly instead of through npm. */
export interface PackageBinary {
  /** The arguments to run it with, from the script's own (`vitest` asks for a single run, `jest` for names). */
  directArgs(args: string[]): string[];
  /** A package.json key that alone says the project uses it (`"jest": {…}`). */
  packageKey?: string;
}

export interface TestRunner<Id extends string = string> {
  id: Id;
  /** Recognises the runner in command text (a script, an override, a resolved npm script). */
  sniffCommand(text: string): boolean;
  /** Recognises the runner from its output, for commands whose runner could not be guessed. */
  sniffOutput(text: string): boolean;
  /** Parses its output (ANSI codes stripped, `\n` line ends); may throw, the caller falls back. */
  parse(text: string): TestReport;
  /** A command running only the tests `ids` (parser ids), or undefined when it cannot. */
  filterTests(cmd: TestCommand, ids: string[], viaNpm: boolean): TestCommand | undefined;
  /** A command running only the files `files`, or undefined when it cannot (the command is not through npm). */
  filterFiles(cmd: TestCommand, program: string, args: string[], files: string[]): TestCommand | undefined;
  /** Its per-test timeout option for `cmd`, or undefined (none, or the project sets its own). */
  perTestTimeout(cmd: TestCommand, program: string): Promise<PerTestTimeout | undefined>;
  /** Options must go right after the program, before any file (node). Otherwise they are appended. */
  optionsFirst?: boolean;
  timeoutMessage?: TimeoutMessage;
  /** Stack frames of the language or installed packages, which say nothing about the user's code. */
  libraryFrame?: RegExp;
  /** The test a run killed on its overall timeout was still in, when the runner prints it. */
  stillRunning?(output: string, cwd: string): string | undefined;
  packageBinary?: PackageBinary;
  /** The executable for a command's program name when it is not on PATH (cargo in rustup's ~/.cargo/bin). */
  findProgram?(program: string): string | undefined;
  /** Folders (relative to the project) where it writes JUnit XML reports, read after each run (`TestCommand.reports`). */
  reports?: readonly string[];
  /** Finds the project's command when it has no package.json test script (pytest). */
  detectProject?(cwd: string, opts: { python?: string; configDirs?: string[] }): Promise<TestCommand | undefined>;
}
