/** ModelProvider for Ollama's native API (/api/chat, /api/embed). */
import { Ollama, type ChatResponse as OllamaChatResponse, type Message } from "ollama";
import { guardCall, type CallGuard } from "./callGuard";
import { displayUrl, parseRetryAfter, type ErrorContext } from "./errors";
import { emitText, guardedFailure, isPassThrough, streamCutError } from "./failures";
import { estimateTokens } from "./tokens";
import { ModelError, type ChatRequest, type ChatResponse, type ModelProvider } from "./types";

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

/** A fetch that also honours our signal: the ollama client passes none for non-streamed calls. */
function guardedFetch(guard: CallGuard, notes: ResponseNotes): typeof fetch {
  return async (input, init) => {
    const signal = init?.signal ? AbortSignal.any([init.signal, guard.signal]) : guard.signal;
    const res = await fetch(input, { ...init, signal });
    guard.touch();
    notes.retryAfterMs = parseRetryAfter(res.headers);
    return res;
  };
}

/** Talks to one model through the official ollama client. Retries are left to withResilience. */
export class OllamaProvider implements ModelProvider {
  readonly id = "ollama";
  readonly model: string;
  private readonly ctx: ErrorContext;

  constructor(private readonly options: OllamaProviderOptions) {
    this.model = options.model;
    this.ctx = { provider: "ollama", baseUrl: displayUrl(options.baseUrl), model: options.model, secrets: options.apiKey ? [options.apiKey] : [] };
  }

  /** One client per call, so each call's fetch carries that call's signal. */
  private clientFor(guard: CallGuard, notes: ResponseNotes): Ollama {
    const headers = this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : undefined;
    return new Ollama({ host: this.options.baseUrl, fetch: guardedFetch(guard, notes), headers });
  }

  async chat(req: ChatRequest): Promise<ChatResponse> {
    const started = Date.now();
    const guard = guardCall(req.signal, this.options.timeoutMs);
    const notes: ResponseNotes = {};
    const client = this.clientFor(guard, notes);
    const request = {
      model: this.model,
      messages: req.messages.map((m): Message => ({ role: m.role, content: m.content })),
      options: {
        num_ctx: this.options.numCtx,
        ...(req.maxTokens !== undefined ? { num_predict: req.maxTokens } : {}),
        ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      },
    };
    let content = "";
    let final: OllamaChatResponse | undefined;
    try {
      if (this.options.stream) {
        const parts = await client.chat({ ...request, stream: true });
        try {
          for await (const part of parts) {
            guard.touch();
            const delta = part.message?.content ?? "";
            if (delta) {
              content += delta;
              emitText(req, delta);
            }
            if (part.done) final = part;
          }
        } catch (err) {
          if (guard.signal.aborted || isPassThrough(err)) throw err;
          // The client throws a plain Error for an {"error": ...} line, a TypeError when the socket drops.
          const message = err instanceof Error ? err.message : String(err);
          const cut = err instanceof TypeError || /did not receive done/i.test(message);
          if (cut) throw streamCutError(this.ctx, content.length, err);
          throw new ModelError("server", `Ollama reported an error while answering: ${message}`, { cause: err });
        }
        if (guard.signal.aborted) throw new Error("aborted");
        if (!final) throw streamCutError(this.ctx, content.length);
      } else {
        final = await client.chat({ ...request, stream: false });
        content = final.message?.content ?? "";
      }
    } catch (err) {
      throw guardedFailure(err, guard, { ...this.ctx, retryAfterMs: notes.retryAfterMs }, this.options.timeoutMs);
    } finally {
      guard.dispose();
    }
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

  async embed(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    if (texts.length === 0) return [];
    const guard = guardCall(signal, this.options.timeoutMs);
    const notes: ResponseNotes = {};
    try {
      const res = await this.clientFor(guard, notes).embed({ model: this.options.embeddingModel ?? this.model, input: texts });
      if (!Array.isArray(res.embeddings) || res.embeddings.length !== texts.length) {
        throw new ModelError("bad-response", `Ollama returned ${res.embeddings?.length ?? 0} embeddings for ${texts.length} texts.`, { retryable: false });
      }
      return res.embeddings;
    } catch (err) {
      throw guardedFailure(err, guard, { ...this.ctx, retryAfterMs: notes.retryAfterMs }, this.options.timeoutMs);
    } finally {
      guard.dispose();
    }
  }
}
