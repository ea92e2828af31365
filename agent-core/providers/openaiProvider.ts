/** ModelProvider for OpenAI-compatible servers (OpenAI, vLLM, llama.cpp, LM Studio, Ollama's /v1). */
import OpenAI, { APIConnectionError, APIError } from "openai";
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
import { displayUrl, type ErrorContext, redact } from "./errors";
import { emitText, guardedFailure, isPassThrough, streamCutError } from "./failures";
import { ResponseTap, tappedFetch } from "./responseTap";
import { estimateTokens } from "./tokens";
import { type ChatRequest, type ChatResponse, ModelError, type ModelProvider, type TokenUsage } from "./types";

/** Settings for one OpenAI-compatible model. */
export interface OpenAiProviderOptions {
  model: string;
  /** Base URL including /v1, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey?: string;
  /** Longest wait without progress, in ms. */
  timeoutMs: number;
  stream: boolean;
  embeddingModel?: string;
}

interface Draft {
  content: string;
  usage?: TokenUsage;
  model: string;
  finishReason?: string;
}

/** Talks to one model through the official openai client. Retries are left to withResilience. */
export class OpenAiProvider implements ModelProvider {
  readonly id = "openai";
  readonly model: string;
  private readonly client: OpenAI;
  private readonly ctx: ErrorContext;

  constructor(private readonly options: OpenAiProviderOptions) {
    this.model = options.model;
    this.client = this.makeClient();
    this.ctx = {
      provider: "openai",
      baseUrl: displayUrl(options.baseUrl),
      model: options.model,
      secrets: options.apiKey ? [options.apiKey] : [],
    };
  }

  async chat(req: ChatRequest): Promise<ChatResponse> {
    const started = Date.now();
    const guard = guardCall(req.signal, this.options.timeoutMs);
    const limits = answerLimits(req, this.options.stream);
    const tap = new ResponseTap({
      framing: this.options.stream ? "sse" : "json",
      maxBytes: limits.maxBytes,
      tooLarge: (bytes) => bodyTooLargeError(this.ctx, req, limits, bytes),
    });
    // One client per call, so the call's responses pass through its own tap.
    const client = this.makeClient(tappedFetch(tap));
    let draft: Draft = { content: "", model: this.model };
    try {
      draft = this.options.stream
        ? await this.streamChat(client, req, guard, limits, tap, draft)
        : await this.singleChat(client, req, guard, limits, tap);
    } catch (err) {
      throw guardedFailure(err, guard, this.ctx, this.options.timeoutMs);
    } finally {
      guard.dispose();
    }
    const promptText = req.messages.map((m) => m.content).join("");
    const usage = draft.usage ?? {
      promptTokens: estimateTokens(promptText),
      completionTokens: estimateTokens(draft.content),
    };
    return {
      content: draft.content,
      usage,
      model: draft.model,
      finishReason: draft.finishReason ?? "stop",
      durationMs: Date.now() - started,
      usageEstimated: !draft.usage,
    };
  }

  private makeClient(fetchFn?: typeof fetch): OpenAI {
    // Local servers ignore the key, but the client insists on one.
    const { baseUrl, apiKey, timeoutMs } = this.options;
    return new OpenAI({
      baseURL: baseUrl,
      apiKey: apiKey ?? "not-needed",
      maxRetries: 0,
      timeout: timeoutMs,
      logLevel: "off",
      ...(fetchFn ? { fetch: fetchFn } : {}),
    });
  }

  private params(req: ChatRequest, limits: AnswerLimits) {
    return {
      model: this.model,
      messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
      max_tokens: limits.maxTokens,
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    };
  }

  private async singleChat(
    client: OpenAI,
    req: ChatRequest,
    guard: CallGuard,
    limits: AnswerLimits,
    tap: ResponseTap,
  ): Promise<Draft> {
    let completion: unknown;
    try {
      completion = await client.chat.completions.create(
        { ...this.params(req, limits), stream: false },
        { signal: guard.signal },
      );
    } catch (err) {
      if (err instanceof SyntaxError) throw invalidJsonError(this.ctx, tap, undefined, "JSON", err);
      throw err;
    }
    // The client hands back text for a body that is not JSON-typed, and nothing for an empty one.
    if (completion === undefined || completion === null || completion === "")
      throw invalidJsonError(this.ctx, tap, "(an empty body)", "JSON");
    if (typeof completion !== "object") throw invalidJsonError(this.ctx, tap, String(completion), "JSON");
    const body = completion as Partial<OpenAI.Chat.Completions.ChatCompletion>;
    const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
    if (!choice) throw emptyAnswerError(this.ctx, tap);
    const content = choice.message?.content ?? "";
    if (content.length > limits.maxChars) throw answerTooLargeError(this.ctx, req, limits, content.length);
    const usage = body.usage
      ? { promptTokens: body.usage.prompt_tokens, completionTokens: body.usage.completion_tokens }
      : undefined;
    return { content, usage, model: body.model || this.model, finishReason: choice.finish_reason ?? undefined };
  }

  private async streamChat(
    client: OpenAI,
    req: ChatRequest,
    guard: CallGuard,
    limits: AnswerLimits,
    tap: ResponseTap,
    draft: Draft,
  ): Promise<Draft> {
    const stream = await client.chat.completions.create(
      { ...this.params(req, limits), stream: true, stream_options: { include_usage: true } },
      { signal: guard.signal },
    );
    guard.touch();
    let events = 0;
    let answerEvents = 0;
    try {
      for await (const chunk of stream) {
        guard.touch();
        events++;
        if (chunk.model) draft.model = chunk.model;
        if (chunk.usage)
          draft.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
        const choice = chunk.choices?.[0];
        if (choice) answerEvents++;
        const delta = choice?.delta?.content;
        if (delta) {
          draft.content += delta;
          if (draft.content.length > limits.maxChars)
            throw answerTooLargeError(this.ctx, req, limits, draft.content.length);
          emitText(req, delta);
        }
        if (choice?.finish_reason) draft.finishReason = choice.finish_reason;
      }
    } catch (err) {
      if (guard.signal.aborted) throw err;
      if (err instanceof SyntaxError) throw invalidJsonError(this.ctx, tap, tap.badLine, "an event stream", err);
      if (isPassThrough(err)) throw err;
      if (err instanceof APIError && !(err instanceof APIConnectionError)) {
        // An error event inside the stream: the server gave up mid-answer.
        throw new ModelError(
          "server",
          `The model server reported an error while answering: ${redact(err.message, this.ctx.secrets)}`,
        );
      }
      throw streamCutError(this.ctx, draft.content.length, err);
    }
    // Aborting ends the loop without an error; only the signal tells.
    if (guard.signal.aborted) throw new Error("aborted");
    if (!draft.finishReason) {
      const notAnAnswer = incompleteStreamError(this.ctx, tap, events, answerEvents);
      if (notAnAnswer) throw notAnAnswer;
      // "[DONE]" is the server saying it finished, even without a finish reason.
      if (!(tap.endedCleanly && tap.sawDone))
        throw streamCutError(this.ctx, draft.content.length, undefined, tap.endedCleanly);
    }
    return draft;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    const guard = guardCall(signal, this.options.timeoutMs);
    try {
      // Without it the client asks for base64 and garbles servers that send floats anyway.
      const res = await this.client.embeddings.create(
        { model: this.options.embeddingModel ?? this.model, input: texts, encoding_format: "float" },
        { signal: guard.signal },
      );
      const rows = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      if (rows.length !== texts.length) {
        throw new ModelError(
          "bad-response",
          `The model server returned ${rows.length} embeddings for ${texts.length} texts.`,
          { retryable: false },
        );
      }
      return rows;
    } catch (err) {
      throw guardedFailure(err, guard, this.ctx, this.options.timeoutMs);
    } finally {
      guard.dispose();
    }
  }
}
