/**
 * Failure text normalisation for the embedder, and the exact key for replay.
 *
 * Test output is full of parts that change between runs without changing the kind of failure: line/column
 * numbers, temp-folder paths, durations, addresses, timestamps. The embedder sees them masked; the replay key
 * sees the text exactly as printed.
 */
import type { FailureQuery } from "../ports";
import { stripAnsi } from "../testing/cappedOutput";
import { shortHash } from "./store";
import { failureText } from "./text";

/** ANSI codes are stripped the one way test output is: the first step of every normalisation. */

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

/** Hash of a whole file's text, as FailureQuery.fileHash carries it (line endings as they are). */
export function contentHash(text: string): string {
  return `sha-${shortHash(text)}`;
}

/**
 * The exact replay key of a failure: project, target path and whole-file hash, test files' hash, framework,
 * test id and the failure text as printed (ANSI codes and line endings aside, nothing masked: `4 == 5` and
 * `5 == 4` are different failures). A replay needs every part equal.
 */
export function exactKey(failure: FailureQuery): string {
  const text = stripAnsi(failureText(failure)).replace(/\r\n?/g, "\n").trim();
  const parts = [
    failure.project?.id ?? "",
    failure.file,
    failure.fileHash ?? "",
    failure.testFilesHash ?? "",
    failure.framework,
    failure.testId,
    text,
  ];
  return `key-${shortHash(parts.join("\u0000"))}`;
}
