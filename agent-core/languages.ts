/**
 * The languages Greenloop knows, one row each: a new language is one row here (plus its test runner in
 * `testing/runners/`). Used for the language of a file (memory, training), test-file detection (safety),
 * fence tags (edit formats), practice projects' default test command (training) and related-file discovery
 * (a source file's own tests are of the same family).
 */
import * as path from "node:path";

export interface LanguageRow {
  id: string;
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
}

const JS_TEST_NAMES = [/\.(?:test|spec)\.[cm]?[jt]sx?$/i];
const JS_FENCES = ["javascript", "js", "jsx", "mjs", "cjs", "node", "typescript", "ts", "tsx", "mts", "cts"];

export const LANGUAGES = [
  {
    id: "javascript",
    extensions: [".js", ".mjs", ".cjs", ".jsx"],
    fenceTags: JS_FENCES,
    family: "js",
    testFileNames: JS_TEST_NAMES,
    practiceTestCommand: (tests) => ["node", "--test", ...tests],
  },
  {
    id: "typescript",
    extensions: [".ts", ".mts", ".cts", ".tsx"],
    fenceTags: ["typescript", ...JS_FENCES],
    family: "js",
    testFileNames: JS_TEST_NAMES,
    // `tsx` is expected on PATH (greenloop's node_modules/.bin).
    practiceTestCommand: (tests) => ["tsx", "--test", ...tests],
  },
  {
    id: "python",
    extensions: [".py"],
    fenceTags: ["python", "py", "python3", "py3", "pyi"],
    family: "python",
    testFileNames: [/^test_.+\.py$/i, /_test\.py$/i, /^conftest\.py$/i],
    // `python3` is replaced by the runner with an interpreter that can import pytest.
    practiceTestCommand: (tests) => ["python3", "-m", "pytest", "-q", ...tests],
  },
  {
    id: "java",
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
