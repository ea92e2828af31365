/**
 * The languages Greenloop knows, one row each: a new language is one row here (plus its test runner in
 * `testing/runners/`). Used for the language of a file (memory, training), test-file detection (safety) and
 * related-file discovery (a source file's own tests are of the same family).
 */
import * as path from "node:path";

export interface LanguageRow {
  id: string;
  /** File extensions, lower case, with the dot. */
  extensions: readonly string[];
  /** The tag of a fenced code block holding such a file. */
  fenceTag: string;
  /** Languages of one family share tests and fences (TypeScript code tested from JavaScript and back). */
  family: string;
  /** File names (not paths) that hold tests. */
  testFileNames: readonly RegExp[];
}

const JS_TEST_NAMES = [/\.(?:test|spec)\.[cm]?[jt]sx?$/i];

export const LANGUAGES = [
  {
    id: "javascript",
    extensions: [".js", ".mjs", ".cjs", ".jsx"],
    fenceTag: "javascript",
    family: "js",
    testFileNames: JS_TEST_NAMES,
  },
  {
    id: "typescript",
    extensions: [".ts", ".mts", ".cts", ".tsx"],
    fenceTag: "typescript",
    family: "js",
    testFileNames: JS_TEST_NAMES,
  },
  {
    id: "python",
    extensions: [".py"],
    fenceTag: "python",
    family: "python",
    testFileNames: [/^test_.+\.py$/i, /_test\.py$/i, /^conftest\.py$/i],
  },
] as const satisfies readonly LanguageRow[];

export type LanguageId = (typeof LANGUAGES)[number]["id"];

const ROWS: readonly LanguageRow[] = LANGUAGES;

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
