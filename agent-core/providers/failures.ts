/** Turns a failed call into the right ModelError, giving cancellation and the inactivity timeout priority. */
import type { CallGuard } from "./callGuard";
import { toModelError, type ErrorContext } from "./errors";
import { ModelError } from "./types";

/** The error for a stream that stopped before the server said it was finished. */
export function streamCutError(ctx: ErrorContext, receivedChars: number, cause?: unknown): ModelError {
  const where = ctx.provider === "ollama" ? "Ollama" : "the model server";
  return new ModelError(
    "bad-response",
    `The answer from ${where} was cut off mid-stream (after ${receivedChars} characters, before the end marker); the connection probably dropped. Retrying may help.`,
    { retryable: true, cause },
  );
}

/** Classifies a failure seen while the guard was active. */
export function guardedFailure(err: unknown, guard: CallGuard, ctx: ErrorContext, timeoutMs: number): ModelError {
  if (guard.cancelled) return new ModelError("cancelled", "The model request was cancelled.");
  if (guard.timedOut) {
    const where = ctx.provider === "ollama" ? "Ollama" : "The model server";
    return new ModelError("timeout", `${where} at ${ctx.baseUrl} sent nothing for ${timeoutMs} ms; giving up on this attempt.`, { cause: err });
  }
  return toModelError(err, ctx);
}

/** Rough token count for servers that report none: ceil(chars / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
