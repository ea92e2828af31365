/**
 * The "vscode" provider: agent-core's ModelProvider port over a language model of the editor (`vscode.lm`),
 * such as one contributed by Copilot or another model extension. Streams with `sendRequest`, stops with the
 * request's cancellation token, counts tokens with `countTokens`, and turns `LanguageModelError`s into the
 * core's ModelError with the action to take.
 */
import * as vscode from "vscode";
import type {
  ChatMessage,
  ChatRequest,
  ChatResponse,
  ModelError,
  ModelProvider,
  TokenUsage,
} from "../../agent-core/providers/types";
import { ANSWER_CHARS_PER_TOKEN, DEFAULT_MAX_ANSWER_TOKENS } from "../../agent-core/providers/types";
import { describeEditorModelError } from "./editorModelErrors";

/** Shown by the editor when it asks the user to let Greenloop use a model. */
export const REQUEST_JUSTIFICATION =
  "Greenloop sends the failing tests and the code they exercise to this model, which proposes a fix.";

/** What the provider needs from the core. */
export interface EditorProviderDeps {
  /** The core's ModelError class: the loop recognises model failures with `instanceof`, so it must be this one. */
  ModelError: typeof ModelError;
  /** Characters to tokens when the model cannot count (the core's estimate). */
  estimateTokens: (text: string) => number;
  /** Longest wait without streamed text before the request is given up (default 120 s). */
  idleTimeoutMs?: number;
}

/** A short name for messages: `"Claude Sonnet" (copilot)`. */
export function describeChatModel(model: Pick<vscode.LanguageModelChat, "name" | "id" | "vendor">): string {
  return `"${model.name || model.id}" (${model.vendor})`;
}

/**
 * The chat messages in the editor's form. System messages go as user messages: a system role is not part of
 * the stable API, and every model reads instructions from the first user message.
 */
export function toEditorMessages(messages: ChatMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((m) =>
    m.role === "assistant"
      ? vscode.LanguageModelChatMessage.Assistant(m.content)
      : vscode.LanguageModelChatMessage.User(m.content),
  );
}

/** See the module comment. */
export class EditorModelProvider implements ModelProvider {
  readonly id = "vscode" as const;
  readonly model: string;
  private readonly label: string;

  constructor(
    private readonly chatModel: vscode.LanguageModelChat,
    private readonly deps: EditorProviderDeps,
  ) {
    this.model = chatModel.id;
    this.label = describeChatModel(chatModel);
  }

  async chat(req: ChatRequest): Promise<ChatResponse> {
    const { ModelError } = this.deps;
    const started = Date.now();
    const cancelled = () =>
      new ModelError("cancelled", "The request to the editor model was cancelled.", { retryable: false });
    if (req.signal?.aborted) throw cancelled();
    const messages = toEditorMessages(req.messages);
    const prompt = await this.countPrompt(messages, req.messages);
    if (req.signal?.aborted) throw cancelled();
    if (this.chatModel.maxInputTokens > 0 && prompt.tokens > this.chatModel.maxInputTokens) {
      throw new ModelError(
        "too-large",
        `The prompt (${prompt.tokens} tokens) is more than the editor model ${this.label} accepts (${this.chatModel.maxInputTokens}). Choose a model with a larger context, or fix a smaller file.`,
        { retryable: false },
      );
    }

    const maxChars = req.maxAnswerChars ?? ANSWER_CHARS_PER_TOKEN * (req.maxTokens ?? DEFAULT_MAX_ANSWER_TOKENS);
    const idleMs = this.deps.idleTimeoutMs ?? 120_000;
    const source = new vscode.CancellationTokenSource();
    const onAbort = () => source.cancel();
    req.signal?.addEventListener("abort", onAbort);
    let idle: NodeJS.Timeout | undefined;
    let timedOut = false;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        timedOut = true;
        source.cancel();
      }, idleMs);
    };
    let content = "";
    try {
      armIdle();
      const response = await this.chatModel.sendRequest(
        messages,
        { justification: REQUEST_JUSTIFICATION },
        source.token,
      );
      for await (const piece of response.text) {
        if (source.token.isCancellationRequested) break;
        armIdle();
        content += piece;
        req.onText?.(piece);
        if (content.length > maxChars) {
          source.cancel();
          throw new ModelError(
            "too-large",
            `The editor model ${this.label} kept answering past ${maxChars} characters; its answer was stopped.`,
            {
              retryable: false,
              usage: { promptTokens: prompt.tokens, completionTokens: this.deps.estimateTokens(content) },
            },
          );
        }
      }
    } catch (error) {
      if (error instanceof ModelError) throw error;
      if (req.signal?.aborted) throw cancelled();
      if (timedOut) throw this.timeout(idleMs);
      const failure = describeEditorModelError(error, this.label);
      throw new ModelError(failure.kind, failure.message, { retryable: failure.retryable, cause: error });
    } finally {
      clearTimeout(idle);
      req.signal?.removeEventListener("abort", onAbort);
      source.dispose();
    }
    // A cancelled request can end its stream quietly instead of throwing.
    if (req.signal?.aborted) throw cancelled();
    if (timedOut) throw this.timeout(idleMs);
    const completion = await this.count(content);
    const usage: TokenUsage = {
      promptTokens: prompt.tokens,
      completionTokens: completion ?? this.deps.estimateTokens(content),
    };
    return {
      content,
      usage,
      model: this.model,
      finishReason: "stop",
      durationMs: Date.now() - started,
      usageEstimated: prompt.estimated || completion === undefined,
    };
  }

  private timeout(idleMs: number): ModelError {
    return new this.deps.ModelError(
      "timeout",
      `The editor model ${this.label} sent nothing for ${Math.round(idleMs / 1000)} s.`,
    );
  }

  /** Prompt tokens as the model counts them; the core's estimate when it cannot. */
  private async countPrompt(
    messages: vscode.LanguageModelChatMessage[],
    plain: ChatMessage[],
  ): Promise<{ tokens: number; estimated: boolean }> {
    const counts = await Promise.all(messages.map((m) => this.count(m)));
    if (counts.every((c): c is number => c !== undefined))
      return { tokens: counts.reduce((a, b) => a + b, 0), estimated: false };
    return { tokens: plain.reduce((sum, m) => sum + this.deps.estimateTokens(m.content), 0), estimated: true };
  }

  private async count(text: string | vscode.LanguageModelChatMessage): Promise<number | undefined> {
    try {
      const n = await this.chatModel.countTokens(text);
      return Number.isFinite(n) && n >= 0 ? n : undefined;
    } catch {
      return undefined;
    }
  }
}
