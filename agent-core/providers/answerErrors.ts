/** Errors that say what a server sent instead of an answer, and the size limits of one answer. */
import { type ErrorContext, redact } from "./errors";
import { type ResponseTap, snippet } from "./responseTap";
import { estimateTokens } from "./tokens";
import {
  ANSWER_CHARS_PER_TOKEN,
  type ChatRequest,
  DEFAULT_MAX_ANSWER_TOKENS,
  ModelError,
  type TokenUsage,
} from "./types";

/** "The model server at URL" / "Ollama at URL", to start a sentence. */
function serverAt(ctx: ErrorContext): string {
  return ctx.provider === "ollama" ? `Ollama at ${ctx.baseUrl}` : `The model server at ${ctx.baseUrl}`;
}

/** "The model server's answer" / "Ollama's answer". */
function answerOf(ctx: ErrorContext): string {
  return ctx.provider === "ollama" ? "Ollama's answer" : "The model server's answer";
}

/** The media type of a Content-Type header, without parameters. */
function mediaType(contentType: string): string {
  return contentType.split(";")[0].trim().toLowerCase();
}

/** True when a content type cannot carry the expected answer (an HTML page from a proxy, plain text). */
function isForeignType(contentType: string): boolean {
  const type = mediaType(contentType);
  return type !== "" && !type.includes("json") && type !== "text/event-stream";
}

/** The server sent something that is not JSON where JSON was due: show it (text, or the body's start), and a foreign content type. */
export function invalidJsonError(
  ctx: ErrorContext,
  tap: ResponseTap,
  text: string | undefined,
  expected: "JSON" | "an event stream",
  cause?: unknown,
): ModelError {
  const shown = redact(text === undefined ? tap.headSnippet() : snippet(text), ctx.secrets);
  const what = isForeignType(tap.contentType) ? `${mediaType(tap.contentType)} instead of ${expected}` : "invalid JSON";
  return new ModelError("bad-response", `${serverAt(ctx)} answered with ${what}: ${shown}`, { retryable: true, cause });
}

/** A complete answer that carried no answer: no choices (OpenAI) or no message (Ollama). */
export function emptyAnswerError(ctx: ErrorContext, tap: ResponseTap, detail = ""): ModelError {
  const missing = ctx.provider === "ollama" ? "no message" : "no choices";
  const shown = tap.bytes > 0 ? `: ${redact(tap.headSnippet(), ctx.secrets)}` : "";
  return new ModelError("bad-response", `${answerOf(ctx)} had ${missing}${detail}${shown}`, { retryable: true });
}

/**
 * What a stream that ended without its end marker actually carried, when the body itself ended normally:
 * nothing, a foreign content type, or events without an answer. Undefined when it looks like a real cut.
 */
export function incompleteStreamError(
  ctx: ErrorContext,
  tap: ResponseTap,
  events: number,
  answerEvents: number,
): ModelError | undefined {
  if (!tap.endedCleanly) return undefined;
  if (tap.badLine !== undefined) return invalidJsonError(ctx, tap, tap.badLine, "an event stream");
  if (tap.bytes === 0)
    return new ModelError("bad-response", `${serverAt(ctx)} answered with an empty body instead of a stream.`, {
      retryable: true,
    });
  if (events === 0) {
    const expected = ctx.provider === "ollama" ? "JSON" : "an event stream";
    return isForeignType(tap.contentType) || ctx.provider === "openai"
      ? invalidJsonError(ctx, tap, undefined, expected)
      : emptyAnswerError(ctx, tap);
  }
  if (answerEvents === 0)
    return emptyAnswerError(ctx, tap, ` (${events} stream event${events === 1 ? "" : "s"}, none with one)`);
  return undefined;
}

/** Tokens an answer stopped part way is counted as: the prompt estimate plus what arrived, up to the cap. */
export function partialUsage(req: ChatRequest, limits: AnswerLimits, receivedChars: number): TokenUsage {
  const promptTokens = estimateTokens(req.messages.map((m) => m.content).join(""));
  return { promptTokens, completionTokens: Math.ceil(Math.min(receivedChars, limits.maxChars) / 4) };
}

/** An answer longer than the caller allows (the server ignored max_tokens / num_predict), stopped at the cap. */
export function answerTooLargeError(
  ctx: ErrorContext,
  req: ChatRequest,
  limits: AnswerLimits,
  receivedChars: number,
): ModelError {
  const where = ctx.provider === "ollama" ? "Ollama" : "the model server";
  const field = ctx.provider === "ollama" ? "num_predict" : "max_tokens";
  return new ModelError(
    "too-large",
    `The answer from ${where} passed ${limits.maxChars} characters (about ${Math.ceil(limits.maxChars / 4)} tokens; ${field} asked for at most ${limits.maxTokens}) and was stopped there.`,
    { retryable: false, usage: partialUsage(req, limits, receivedChars) },
  );
}

/** A response body larger than any answer within the limits could be. */
export function bodyTooLargeError(
  ctx: ErrorContext,
  req: ChatRequest,
  limits: AnswerLimits,
  bytes: number,
): ModelError {
  const where = ctx.provider === "ollama" ? "Ollama" : "the model server";
  const mb = (limits.maxBytes / (1024 * 1024)).toFixed(1);
  return new ModelError(
    "too-large",
    `The answer from ${where} passed ${mb} MB (more than an answer of the asked-for size can be) and was stopped there.`,
    {
      retryable: false,
      usage: partialUsage(req, limits, bytes),
    },
  );
}

/** The size limits of one answer. */
export interface AnswerLimits {
  /** Sent as max_tokens / num_predict. */
  maxTokens: number;
  /** Answer text after which reading stops. */
  maxChars: number;
  /** Raw response bytes after which reading stops (framing included). */
  maxBytes: number;
}

/** Limits for one request: the asked-for tokens, a text cap, and a byte cap generous enough for any framing. */
export function answerLimits(req: ChatRequest, stream: boolean): AnswerLimits {
  const maxTokens = Math.max(1, Math.floor(req.maxTokens ?? DEFAULT_MAX_ANSWER_TOKENS));
  const maxChars = Math.max(1, Math.floor(req.maxAnswerChars ?? maxTokens * ANSWER_CHARS_PER_TOKEN));
  // A streamed token costs a whole event (~150-250 bytes); JSON escaping at most doubles plain text (\uXXXX aside).
  const maxBytes = stream ? Math.max(1 << 20, maxChars * 200) : Math.max(1 << 20, maxChars * 4);
  return { maxTokens, maxChars, maxBytes };
}
