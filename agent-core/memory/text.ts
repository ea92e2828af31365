/** The text of a failure as the embedder sees it and as it is stored, with secrets taken out first. */
import type { FailureQuery } from "../ports";
import type { Redactor } from "../secrets/redact";
import type { FailureRecordJson } from "./records";

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

/** A failure with secrets taken out of every text field (before signatures, vectors and caps are computed). */
export function redactFailure(failure: FailureQuery, redactor: Redactor): FailureQuery {
  return redactFields(failure, ["testId", "message", "errorText", "file", "codeContext", "recentChange"], redactor);
}

/** A stored or exported record with secrets taken out of its text fields (older stores may hold some). */
export function redactRecordText<
  R extends Pick<FailureRecordJson, "errorText" | "testId" | "file" | "codeContext" | "fixPatch">,
>(record: R, redactor: Redactor): R {
  return redactFields(record, ["errorText", "testId", "file", "codeContext", "fixPatch"], redactor);
}

function redactFields<T extends object>(value: T, keys: Array<keyof T>, redactor: Redactor): T {
  const out = { ...value };
  for (const key of keys) if (typeof out[key] === "string") out[key] = redactor.redact(out[key]) as T[keyof T];
  return out;
}
