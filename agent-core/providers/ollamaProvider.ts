/** ModelProvider for Ollama's native API (/api/chat, /api/embed). */
import {
  type Message,
  Ollama,
  type ChatRequest as OllamaChatRequest,
  type ChatResponse as OllamaChatResponse,
} from "ollama";
import {
  type AnswerLimits,
  answerLimits,
  answerTooLargeError,
  bodyTooLargeError,
  emptyAnswerError,
  incompleteStreamError,
  invalidJsonError,
} from "./answerErrors";
import { type CallGuard, guardCall } from "./callGuard";
import { displayUrl, type ErrorContext, parseRetryAfter } from "./errors";
import { emitText, guardedFailure, isPassThrough, streamCutError } from "./failures";
import { ResponseTap, tappedFetch } from "./responseTap";
import { estimateTokens } from "./tokens";
import { type ChatRequest, type ChatResponse, ModelError, type ModelProvider } from "./types";

/** Settings for one Ollama model. */
export interface OllamaProviderOptions {
  model: string;
  /** Ollama host, e.g. http://127.0.0.1:11434. */
  baseUrl: string;
  timeoutMs: number;
  stream: boolean;
  /** Context window; Ollama's small default silently drops the start of long prompts. */
  numCtx: number;
  embeddingModel?: string;
  /** Sent as a bearer token, for Ollama behind an authenticating proxy or ollama.com. */
  apiKey?: string;
}

/** What the custom fetch saw of the last response (the ollama client drops headers). */
interface ResponseNotes {
  retryAfterMs?: number;
}

/** A fetch that also honours our signal (the ollama client passes none for non-streamed calls) and reads through a tap. */
function guardedFetch(guard: CallGuard, notes: ResponseNotes, tap?: ResponseTap): typeof fetch {
  const base: typeof fetch = async (input, init) => {
    const signal = init?.signal ? AbortSignal.any([init.signal, guard.signal]) : guard.signal;
    const res = await fetch(input, { ...init, signal });
    guard.touch();
    notes.retryAfterMs = parseRetryAfter(res.headers);
    return res;
  };
  return tap ? tappedFetch(tap, base) : base;
}

/** Talks to one model through the official ollama client. Retries are left to withResilience. */
export class OllamaProvider implements ModelProvider {
  readonly id = "ollama";
  readonly model: string;
  private readonly ctx: ErrorContext;

  constructor(private readonly options: OllamaProviderOptions) {
    this.model = options.model;
    this.ctx = {
      provider: "ollama",
      baseUrl: displayUrl(options.baseUrl),
      model: options.model,
      secrets: options.apiKey ? [options.apiKey] : [],
    };
  }

  /** One client per call, so each call's fetch carries that call's signal and tap. */
  private clientFor(guard: CallGuard, notes: ResponseNotes, tap?: ResponseTap): Ollama {
    const headers = this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : undefined;
    return new Ollama({ host: this.options.baseUrl, fetch: guardedFetch(guard, notes, tap), headers });
  }

  async chat(req: ChatRequest): Promise<ChatResponse> {
    const started = Date.now();
    const guard = guardCall(req.signal, this.options.timeoutMs);
    const notes: ResponseNotes = {};
    const limits = answerLimits(req, this.options.stream);
    const tap = new ResponseTap({
      framing: this.options.stream ? "ndjson" : "json",
      maxBytes: limits.maxBytes,
      tooLarge: (bytes) => bodyTooLargeError(this.ctx, req, limits, bytes),
      // The client would only warn on the console and skip the line.
      invalidLine: (line) => invalidJsonError(this.ctx, tap, line, "JSON"),
    });
    const client = this.clientFor(guard, notes, tap);
    const request = {
      model: this.model,
      messages: req.messages.map((m): Message => ({ role: m.role, content: m.content })),
      options: {
        num_ctx: this.options.numCtx,
        num_predict: limits.maxTokens,
        ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      },
    };
    let answer: { content: string; final: OllamaChatResponse };
    try {
      answer = this.options.stream
        ? await this.streamChat(client, request, req, guard, limits, tap)
        : await this.singleChat(client, request, req, limits, tap);
    } catch (err) {
      throw guardedFailure(err, guard, { ...this.ctx, retryAfterMs: notes.retryAfterMs }, this.options.timeoutMs);
    } finally {
      guard.dispose();
    }
    const { content, final } = answer;
    const promptText = req.messages.map((m) => m.content).join("");
    const counted = typeof final.prompt_eval_count === "number" && typeof final.eval_count === "number";
    return {
      content,
      usage: {
        promptTokens: final.prompt_eval_count ?? estimateTokens(promptText),
        completionTokens: final.eval_count ?? estimateTokens(content),
      },
      model: final.model || this.model,
      finishReason: final.done_reason || "stop",
      durationMs: Date.now() - started,
      usageEstimated: !counted,
    };
  }

  private async singleChat(
    client: Ollama,
    request: OllamaChatRequest,
    req: ChatRequest,
    limits: AnswerLimits,
    tap: ResponseTap,
  ) {
    let final: OllamaChatResponse;
    try {
      final = await client.chat({ ...request, stream: false });
    } catch (err) {
      if (err instanceof SyntaxError) throw invalidJsonError(this.ctx, tap, undefined, "JSON", err);
      throw err;
    }
    if (!final || typeof final !== "object" || !final.message || typeof final.message !== "object")
      throw emptyAnswerError(this.ctx, tap);
    const content = final.message.content ?? "";
    if (content.length > limits.maxChars) throw answerTooLargeError(this.ctx, req, limits, content.length);
    return { content, final };
  }

  private async streamChat(
    client: Ollama,
    request: OllamaChatRequest,
    req: ChatRequest,
    guard: CallGuard,
    limits: AnswerLimits,
    tap: ResponseTap,
  ) {
    let content = "";
    let final: OllamaChatResponse | undefined;
    let events = 0;
    let answerEvents = 0;
    const parts = await client.chat({ ...request, stream: true });
    try {
      for await (const part of parts) {
        guard.touch();
        events++;
        if (part.message && typeof part.message === "object") answerEvents++;
        const delta = part.message?.content ?? "";
        if (delta) {
          content += delta;
          if (content.length > limits.maxChars) throw answerTooLargeError(this.ctx, req, limits, content.length);
          emitText(req, delta);
        }
        if (part.done) final = part;
      }
    } catch (err) {
      if (guard.signal.aborted || isPassThrough(err)) throw err;
      // The client throws a plain Error for an {"error": ...} line or a stream without "done", a TypeError when the socket drops.
      const message = err instanceof Error ? err.message : String(err);
      const noDone = /did not receive done/i.test(message);
      if (noDone)
        throw (
          incompleteStreamError(this.ctx, tap, events, answerEvents) ??
          streamCutError(this.ctx, content.length, err, tap.endedCleanly)
        );
      if (err instanceof TypeError) throw streamCutError(this.ctx, content.length, err);
      throw new ModelError("server", `Ollama reported an error while answering: ${message}`, { cause: err });
    }
    if (guard.signal.aborted) throw new Error("aborted");
    if (!final)
      throw (
        incompleteStreamError(this.ctx, tap, events, answerEvents) ??
        streamCutError(this.ctx, content.length, undefined, tap.endedCleanly)
      );
    return { content, final };
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    const guard = guardCall(signal, this.options.timeoutMs);
    const notes: ResponseNotes = {};
    try {
      const res = await this.clientFor(guard, notes).embed({
        model: this.options.embeddingModel ?? this.model,
        input: texts,
      });
      if (!Array.isArray(res.embeddings) || res.embeddings.length !== texts.length) {
        throw new ModelError(
          "bad-response",
          `Ollama returned ${res.embeddings?.length ?? 0} embeddings for ${texts.length} texts.`,
          { retryable: false },
        );
      }
      return res.embeddings;
    } catch (err) {
      throw guardedFailure(err, guard, { ...this.ctx, retryAfterMs: notes.retryAfterMs }, this.options.timeoutMs);
    } finally {
      guard.dispose();
    }
  }
}
