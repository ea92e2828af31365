/**
 * The text of a failure: as it is stored, as the embedder sees it (the parts that change between runs without
 * changing the kind of failure masked) and as the exact replay key sees it (as printed); secrets taken out first.
 */
import type { FailureQuery } from "../ports";
import type { Redactor } from "../secrets/redact";
import { stripAnsi } from "../testing/cappedOutput";
import type { FailureRecordJson } from "./records";
import { shortHash } from "./store";

/** Text that represents a failure for embedding (message first, then the longer output). */
export function failureText(failure: Pick<FailureQuery, "message" | "errorText">): string {
  const message = failure.message.trim();
  const errorText = failure.errorText.trim();
  if (!message) return errorText;
  return errorText.startsWith(message) ? errorText : `${message}\n${errorText}`;
}

/** First line of an embedding text that carries the test's name. */
const TEST_LINE_PREFIX = "[test] ";

/**
 * Text the embedder sees for a failure: a `[test] <id>` first line, then `failureText`. The test name often
 * says what the code should do ("rejects max below 1"); the stored errorText stays `failureText` only.
 */
export function embeddingText(failure: Pick<FailureQuery, "testId" | "message" | "errorText">): string {
  const test = failure.testId.replace(/\s+/g, " ").trim();
  const text = failureText(failure);
  return test ? `${TEST_LINE_PREFIX}${test}\n${text}` : text;
}

/** Split an embedding text into the test name (empty when absent) and the failure text. */
export function splitEmbeddingText(text: string): { test: string; body: string } {
  if (!text.startsWith(TEST_LINE_PREFIX)) return { test: "", body: text };
  const end = text.includes("\n") ? text.indexOf("\n") : text.length;
  return { test: text.slice(TEST_LINE_PREFIX.length, end), body: text.slice(end + 1) };
}

/** Volatile parts of a failure text and what they become, in order. */
const MASKS: Array<[RegExp, string]> = [
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b/g, "<time>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  // Absolute POSIX, Windows and file:// paths: the folder is machine-specific, the file name says which module.
  [/file:\/\/\/?/g, "/"],
  [/\b[a-zA-Z]:\\(?:[^\\\s:"'()<>]+\\)+([^\\\s:"'()<>]+)/g, "<path>/$1"],
  [/(?<![\w.])\/(?:[\w.@+-]+\/)+([\w.@+-]+)/g, "<path>/$1"],
  [/:\d+(?::\d+)?\b/g, ":<n>"],
  [/\b(line|col|column|row)\s+\d+/gi, "$1 <n>"],
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  // Long hex runs (hashes, object ids) must contain a digit so words like "deadbeef" or "facade" survive.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, "<hex>"],
  [/\b\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds|µs|us|ns)\b/g, "<dur>"],
  // Standalone numbers only: identifiers with digits (TS2345, E501, utf8) are error codes worth keeping.
  [/(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w])/gi, "<n>"],
  // Short quoted values stay: they usually name the symbol at fault (`Property 'foo' does not exist`).
  [/(["'`])([^"'`\n]{48,})\1/g, "$1<str>$1"],
];

/** A failure text with ANSI codes stripped, its volatile parts masked and its white space collapsed. */
export function normaliseFailure(text: string): string {
  return MASKS.reduce((out, [pattern, mask]) => out.replace(pattern, mask), stripAnsi(text).replace(/\r\n?/g, "\n"))
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

/** Hash of a whole file's text, as FailureQuery.fileHash carries it (line endings as they are). */
export const contentHash = (text: string): string => `sha-${shortHash(text)}`;

/**
 * The exact replay key of a failure: project, target path and whole-file hash, test files' hash, framework,
 * test id and the failure text as printed (ANSI codes and line endings aside, nothing masked: `4 == 5` and
 * `5 == 4` are different failures). A replay needs every part equal.
 */
export function exactKey(failure: FailureQuery): string {
  const text = stripAnsi(failureText(failure)).replace(/\r\n?/g, "\n").trim();
  const { project, file, fileHash = "", testFilesHash = "", framework, testId } = failure;
  return `key-${shortHash([project?.id ?? "", file, fileHash, testFilesHash, framework, testId, text].join("\u0000"))}`;
}

/** A failure with secrets taken out of every text field (before signatures, vectors and caps are computed). */
export const redactFailure = (failure: FailureQuery, redactor: Redactor): FailureQuery =>
  redactFields(failure, ["testId", "message", "errorText", "file", "codeContext", "recentChange"], redactor);

type RecordText = Pick<FailureRecordJson, "errorText" | "testId" | "file" | "codeContext" | "fixPatch">;

/** A stored or exported record with secrets taken out of its text fields (older stores may hold some). */
export const redactRecordText = <R extends RecordText>(record: R, redactor: Redactor): R =>
  redactFields(record, ["errorText", "testId", "file", "codeContext", "fixPatch"], redactor);

function redactFields<T extends object>(value: T, keys: Array<keyof T>, redactor: Redactor): T {
  const out = { ...value };
  for (const key of keys) if (typeof out[key] === "string") out[key] = redactor.redact(out[key]) as T[keyof T];
  return out;
}
