/**
 * Failure normalisation and exact-match keys.
 *
 * Test output is full of parts that change between runs without changing the failure: line/column numbers,
 * temp-folder paths, durations, addresses, timestamps. Masking them makes "the same failure" compare equal.
 */
import { createHash } from "node:crypto";
import { stripAnsi } from "../testing/cappedOutput";

/** ANSI codes are stripped the one way test output is: the first step of every normalisation. */
export { stripAnsi };

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX_LITERAL = /\b0x[0-9a-f]+\b/gi;
// Long hex runs (hashes, object ids) must contain a digit so words like "deadbeef" or "facade" survive.
const HEX_HASH = /\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi;
// Absolute POSIX, Windows and file:// paths; the directory part is dropped and the file name kept, since
// the name tells which module failed while the folder is machine-specific.
const FILE_URL = /file:\/\/\/?/g;
const POSIX_PATH = /(?<![\w.])\/(?:[\w.@+-]+\/)+([\w.@+-]+)/g;
const WINDOWS_PATH = /\b[a-zA-Z]:\\(?:[^\\\s:"'()<>]+\\)+([^\\\s:"'()<>]+)/g;
const LINE_COL = /:\d+(?::\d+)?\b/g;
const LINE_WORD = /\b(line|col|column|row)\s+\d+/gi;
const DURATION = /\b\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds|µs|us|ns)\b/g;
// Standalone numbers only: identifiers with digits (TS2345, E501, utf8) are error codes worth keeping.
const NUMBER = /(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w])/gi;
const LONG_QUOTED = /(["'`])([^"'`\n]{48,})\1/g;
const SPACES = /[ \t]+/g;

/**
 * Mask the volatile parts of a failure text: ANSI codes, timestamps, UUIDs, hex values, absolute paths
 * (keeping the file name), line:col, durations, standalone numbers and long quoted values. Short quoted
 * values stay because they usually name the symbol at fault (`Property 'foo' does not exist`).
 */
export function normaliseFailure(text: string): string {
  return stripAnsi(text)
    .replace(/\r\n?/g, "\n")
    .replace(ISO_TIME, "<time>")
    .replace(UUID, "<uuid>")
    .replace(FILE_URL, "/")
    .replace(WINDOWS_PATH, "<path>/$1")
    .replace(POSIX_PATH, "<path>/$1")
    .replace(LINE_COL, ":<n>")
    .replace(LINE_WORD, "$1 <n>")
    .replace(HEX_LITERAL, "<hex>")
    .replace(HEX_HASH, "<hex>")
    .replace(DURATION, "<dur>")
    .replace(NUMBER, "<n>")
    .replace(LONG_QUOTED, "$1<str>$1")
    .split("\n")
    .map((line) => line.replace(SPACES, " ").trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

/** What identifies one failure for exact (replay) matching. */
export interface FailureKeyInput {
  testId: string;
  /** The runner's one-line failure message; may be empty. */
  message?: string;
  /** Longer output; used when the message is empty. */
  errorText?: string;
  framework?: string;
}

const STACK_LINE = /^\s*(at\s|File\s"|\s*\^+\s*$|[-~]{3,})/;

/** First few informative lines of a failure: stack frames and caret lines say where, not what. */
function headline(input: FailureKeyInput): string {
  const source = input.message?.trim() ? input.message : (input.errorText ?? "");
  const lines = normaliseFailure(source)
    .split("\n")
    .filter((line) => !STACK_LINE.test(line));
  return lines.slice(0, 3).join("\n");
}

/** Short stable hex digest. */
export function shortHash(text: string): string {
  return createHash("sha1").update(text).digest("hex").slice(0, 16);
}

/**
 * The normalised signature of a failure: framework + test id + the masked headline. Two runs of the same
 * test failing the same way at other lines, in other temp folders, with other timings get the same key.
 */
export function failureKey(input: FailureKeyInput): string {
  const test = normaliseFailure(input.testId).replace(/\n/g, " ");
  return `sig-${shortHash(`${input.framework ?? ""}\u0000${test}\u0000${headline(input)}`)}`;
}

/** Whitespace-insensitive hash of a code snippet: reformatting does not change it, any token change does. */
export function codeContextHash(snippet: string): string {
  return `ctx-${shortHash(snippet.replace(/\s+/g, ""))}`;
}
