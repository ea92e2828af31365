/**
 * The languages Greenloop knows, one row each: a new language is one row here (plus its test runner in
 * `testing/runners/`). Used for the language of a file (memory, training), test-file detection (safety),
 * fence tags (edit formats), practice projects' default test command (training) and related-file discovery
 * (a source file's own tests are of the same family).
 */
import * as path from "node:path";
import type { DangerKind } from "./edits/types";

export interface LanguageRow {
  id: string;
  /** The language's name as users write it. */
  displayName: string;
  /** File extensions, lower case, with the dot. */
  extensions: readonly string[];
  /** Tags a fenced code block holding such a file may carry, lower case; the first is the one to write. */
  fenceTags: readonly string[];
  /** Languages of one family share tests and fences (TypeScript code tested from JavaScript and back). */
  family: string;
  /** File names (not paths) that hold tests. */
  testFileNames: readonly RegExp[];
  /** Folder names whose files are all tests (besides the common test/, tests/, __tests__/, spec/). */
  testDirs?: readonly string[];
  /** The command a practice project without its own runs (argv, from the project folder). */
  practiceTestCommand(testFiles: readonly string[]): string[];
  /** The language's own risky calls an edit may add, flagged for review besides the common rules (`edits/safety.ts`). */
  dangers?: readonly { kind: DangerKind; re: RegExp }[];
}

const JS_TEST_NAMES = [/\.(?:test|spec)\.[cm]?[jt]sx?$/i];
const JS_FENCES = ["javascript", "js", "jsx", "mjs", "cjs", "node", "typescript", "ts", "tsx", "mts", "cts"];

export const LANGUAGES = [
  {
    id: "javascript",
    displayName: "JavaScript",
    extensions: [".js", ".mjs", ".cjs", ".jsx"],
    fenceTags: JS_FENCES,
    family: "js",
    testFileNames: JS_TEST_NAMES,
    practiceTestCommand: (tests) => ["node", "--test", ...tests],
  },
  {
    id: "typescript",
    displayName: "TypeScript",
    extensions: [".ts", ".mts", ".cts", ".tsx"],
    fenceTags: ["typescript", ...JS_FENCES],
    family: "js",
    testFileNames: JS_TEST_NAMES,
    // `tsx` is expected on PATH (greenloop's node_modules/.bin).
    practiceTestCommand: (tests) => ["tsx", "--test", ...tests],
  },
  {
    id: "python",
    displayName: "Python",
    extensions: [".py"],
    fenceTags: ["python", "py", "python3", "py3", "pyi"],
    family: "python",
    testFileNames: [/^test_.+\.py$/i, /_test\.py$/i, /^conftest\.py$/i],
    // `python3` is replaced by the runner with an interpreter that can import pytest.
    practiceTestCommand: (tests) => ["python3", "-m", "pytest", "-q", ...tests],
  },
  {
    id: "go",
    displayName: "Go",
    extensions: [".go"],
    fenceTags: ["go", "golang"],
    family: "go",
    testFileNames: [/_test\.go$/i],
    // Go tests run by package, never by file: every package of the project's module.
    practiceTestCommand: () => ["go", "test", "-json", "./..."],
  },
  {
    id: "rust",
    displayName: "Rust",
    extensions: [".rs"],
    fenceTags: ["rust", "rs"],
    family: "rust",
    // Files of tests/ are tests (a common test folder), and a test module kept in its own `tests.rs`; a src file
    // with an inline `#[cfg(test)]` module is the code under test and stays editable.
    testFileNames: [/^tests\.rs$/i],
    // Each file of tests/ is a test binary of its own; Exercism marks all tests but the first #[ignore].
    practiceTestCommand: (tests) => {
      const binaries = tests.map((file) => /^tests\/([^/]+)\.rs$/.exec(file)?.[1]);
      const named = binaries.every((b) => b !== undefined) ? binaries.flatMap((b) => ["--test", b]) : [];
      return ["cargo", "test", ...named, "--", "--include-ignored"];
    },
    dangers: [
      {
        kind: "process",
        re: /\bCommand::new\s*\(|^use\s+std::process::(?:\{[^}]*\b)?Command\b|\blibc::(?:system|fork|exec\w*)\s*\(/,
      },
      { kind: "delete", re: /\bremove_(?:file|dir|dir_all)\s*\(/ },
      { kind: "network", re: /\b(?:TcpStream|TcpListener|UdpSocket)::(?:connect|bind)\w*\s*\(|^use\s+std::net\b/ },
    ],
  },
  {
    id: "java",
    displayName: "Java",
    extensions: [".java"],
    fenceTags: ["java"],
    family: "java",
    // Surefire's default test classes; everything under src/test/ is a test by its folder.
    testFileNames: [/^Test[A-Z]\w*\.java$/, /\w(?:Test|Tests|TestCase|IT)\.java$/],
    // A Maven project; Surefire takes test classes as paths below src/test/java.
    practiceTestCommand: (tests) => [
      "mvn",
      "-q",
      "test",
      `-Dtest=${tests.map((t) => t.replace(/^src\/test\/java\//, "")).join(",")}`,
    ],
  },
] as const satisfies readonly LanguageRow[];

export type LanguageId = (typeof LANGUAGES)[number]["id"];

/** The ids, for enums. */
export const LANGUAGE_IDS = LANGUAGES.map((row) => row.id) as [LanguageId, ...LanguageId[]];

const ROWS: readonly LanguageRow[] = LANGUAGES;

/** The row of language `id`. */
export function languageRow(id: LanguageId): LanguageRow {
  return ROWS.find((row) => row.id === id) as LanguageRow;
}

/** The row of `file`'s language, by its extension, or undefined when no row has it. */
export function languageRowOf(file: string): LanguageRow | undefined {
  const ext = path.extname(file).toLowerCase();
  return ROWS.find((row) => row.extensions.includes(ext));
}

/** The language of `file` from its extension, or undefined when the extension is not a known one. */
export function languageOfFile(file: string): LanguageId | undefined {
  return languageRowOf(file)?.id as LanguageId | undefined;
}

/** True when the file name `name` is a test file by one of the languages' own naming rules. */
export function isTestFileName(name: string): boolean {
  return ROWS.some((row) => row.testFileNames.some((pattern) => pattern.test(name)));
}

/** True when a folder called `name` holds only tests in one of the languages. */
export function isLanguageTestDir(name: string): boolean {
  return ROWS.some((row) => row.testDirs?.includes(name) ?? false);
}
