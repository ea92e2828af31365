/** ModelProvider for OpenAI-compatible servers (OpenAI, vLLM, llama.cpp, LM Studio, Ollama's /v1). */
import OpenAI, { APIConnectionError, APIError } from "openai";
import { guardCall, type CallGuard } from "./callGuard";
import { displayUrl, redact, type ErrorContext } from "./errors";
import { emitText, guardedFailure, isPassThrough, streamCutError } from "./failures";
import { estimateTokens } from "./tokens";
import { ModelError, type ChatRequest, type ChatResponse, type ModelProvider, type TokenUsage } from "./types";

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
    // Local servers ignore the key, but the client insists on one.
    this.client = new OpenAI({ baseURL: options.baseUrl, apiKey: options.apiKey ?? "not-needed", maxRetries: 0, timeout: options.timeoutMs, logLevel: "off" });
    this.ctx = { provider: "openai", baseUrl: displayUrl(options.baseUrl), model: options.model, secrets: options.apiKey ? [options.apiKey] : [] };
  }

  async chat(req: ChatRequest): Promise<ChatResponse> {
    const started = Date.now();
    const guard = guardCall(req.signal, this.options.timeoutMs);
    let draft: Draft = { content: "", model: this.model };
    try {
      draft = this.options.stream ? await this.streamChat(req, guard, draft) : await this.singleChat(req, guard);
    } catch (err) {
      throw guardedFailure(err, guard, this.ctx, this.options.timeoutMs);
    } finally {
      guard.dispose();
    }
    const promptText = req.messages.map((m) => m.content).join("");
    const usage = draft.usage ?? { promptTokens: estimateTokens(promptText), completionTokens: estimateTokens(draft.content) };
    return { content: draft.content, usage, model: draft.model, finishReason: draft.finishReason ?? "stop", durationMs: Date.now() - started, usageEstimated: !draft.usage };
  }

  private params(req: ChatRequest) {
    return {
      model: this.model,
      messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    };
  }

  private async singleChat(req: ChatRequest, guard: CallGuard): Promise<Draft> {
    const completion = await this.client.chat.completions.create({ ...this.params(req), stream: false }, { signal: guard.signal });
    const choice = completion.choices?.[0];
    if (!choice) throw new ModelError("bad-response", `The model server at ${this.ctx.baseUrl} answered without any choices.`);
    const usage = completion.usage ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens } : undefined;
    return { content: choice.message?.content ?? "", usage, model: completion.model || this.model, finishReason: choice.finish_reason ?? undefined };
  }

  private async streamChat(req: ChatRequest, guard: CallGuard, draft: Draft): Promise<Draft> {
    const stream = await this.client.chat.completions.create(
      { ...this.params(req), stream: true, stream_options: { include_usage: true } },
      { signal: guard.signal },
    );
    guard.touch();
    try {
      for await (const chunk of stream) {
        guard.touch();
        if (chunk.model) draft.model = chunk.model;
        if (chunk.usage) draft.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (delta) {
          draft.content += delta;
          emitText(req, delta);
        }
        if (choice?.finish_reason) draft.finishReason = choice.finish_reason;
      }
    } catch (err) {
      if (guard.signal.aborted || isPassThrough(err)) throw err;
      if (err instanceof APIError && !(err instanceof APIConnectionError)) {
        // An error event inside the stream: the server gave up mid-answer.
        throw new ModelError("server", `The model server reported an error while answering: ${redact(err.message, this.ctx.secrets)}`);
      }
      throw streamCutError(this.ctx, draft.content.length, err);
    }
    // Aborting ends the loop without an error; only the signal tells.
    if (guard.signal.aborted) throw new Error("aborted");
    if (!draft.finishReason) throw streamCutError(this.ctx, draft.content.length);
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
        throw new ModelError("bad-response", `The model server returned ${rows.length} embeddings for ${texts.length} texts.`, { retryable: false });
      }
      return rows;
    } catch (err) {
      throw guardedFailure(err, guard, this.ctx, this.options.timeoutMs);
    } finally {
      guard.dispose();
    }
  }
}
