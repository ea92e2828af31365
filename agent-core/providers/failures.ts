/** Turns a failed call into the right ModelError, giving cancellation and the inactivity timeout priority. */
import type { CallGuard } from "./callGuard";
import { type ErrorContext, toModelError } from "./errors";
import { type ChatRequest, ModelError } from "./types";

/** The error for a stream that stopped before the server said it was finished. */
export function streamCutError(
  ctx: ErrorContext,
  receivedChars: number,
  cause?: unknown,
  endedCleanly = false,
): ModelError {
  const where = ctx.provider === "ollama" ? "Ollama" : "the model server";
  const why = endedCleanly ? "the server ended the stream early" : "the connection probably dropped";
  return new ModelError(
    "bad-response",
    `The answer from ${where} was cut off mid-stream (after ${receivedChars} characters, before the end marker); ${why}. Retrying may help.`,
    { retryable: true, cause },
  );
}

/** Marks a failure of the caller's own onText callback, so it is neither retried nor blamed on the server. */
class CallbackFailure extends ModelError {}

/** Passes a streamed delta to the caller's onText. */
export function emitText(req: ChatRequest, delta: string): void {
  try {
    req.onText?.(delta);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new CallbackFailure("bad-response", `The onText callback failed: ${message}`, {
      retryable: false,
      cause: err,
    });
  }
}

/** True for errors that must pass through stream handlers unchanged. */
export function isPassThrough(err: unknown): boolean {
  return err instanceof ModelError || err instanceof SyntaxError;
}

/** Classifies a failure seen while the guard was active. */
export function guardedFailure(err: unknown, guard: CallGuard, ctx: ErrorContext, timeoutMs: number): ModelError {
  if (guard.cancelled) return new ModelError("cancelled", "The model request was cancelled.");
  if (err instanceof CallbackFailure) return err;
  if (guard.timedOut) {
    const where = ctx.provider === "ollama" ? "Ollama" : "the model server";
    const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    return new ModelError(
      "timeout",
      `The model request timed out: ${where} at ${ctx.baseUrl} sent nothing for ${waited}.`,
      { cause: err },
    );
  }
  return toModelError(err, ctx);
}
