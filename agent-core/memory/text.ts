/** The text of a failure as the embedder sees it and as it is stored. */
import type { FailureQuery } from "../ports";
import { TEST_LINE_PREFIX } from "./symptoms";

/** Text that represents a failure for embedding (message first, then the longer output). */
export function failureText(failure: Pick<FailureQuery, "message" | "errorText">): string {
  const message = failure.message.trim();
  const errorText = failure.errorText.trim();
  if (!message) return errorText;
  return errorText.startsWith(message) ? errorText : `${message}\n${errorText}`;
}

/**
 * Text the embedder sees for a failure: a `[test] <id>` first line, then `failureText`. The test name often
 * says what the code should do ("rejects max below 1"); the stored errorText stays `failureText` only.
 */
export function embeddingText(failure: Pick<FailureQuery, "testId" | "message" | "errorText">): string {
  const test = failure.testId.replace(/\s+/g, " ").trim();
  const text = failureText(failure);
  return test ? `${TEST_LINE_PREFIX}${test}\n${text}` : text;
}
