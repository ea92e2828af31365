/** The model port: what the agent loop needs from a language model, independent of the server behind it. */

import type { Redactor } from "../secrets/redact";
import type { ProviderId } from "./registry";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** Why a failed attempt is about to be repeated; lets a host drop text streamed by the failed attempt. */
export interface RetryNotice {
  /** 1 for the first retry (the second attempt). */
  attempt: number;
  /** Attempts allowed in all, the first included (the circuit breaker may end the call sooner). */
  maxAttempts: number;
  delayMs: number;
  error: ModelError;
}

export interface ChatRequest {
  messages: ChatMessage[];
  signal?: AbortSignal;
  /** Called with each piece of streamed text as it arrives. */
  onText?: (delta: string) => void;
  /** Called before a retry; text already passed to onText belonged to the failed attempt. */
  onRetry?: (notice: RetryNotice) => void;
  /** Longest answer asked of the server (max_tokens / num_predict); DEFAULT_MAX_ANSWER_TOKENS when absent. */
  maxTokens?: number;
  /**
   * Characters after which a streamed or read answer is stopped and reported as too large, for servers that
   * ignore maxTokens. Default ANSWER_CHARS_PER_TOKEN × maxTokens.
   */
  maxAnswerChars?: number;
  temperature?: number;
}

export interface ChatResponse {
  content: string;
  usage: TokenUsage;
  model: string;
  finishReason: string;
  durationMs: number;
  /** True when the server sent no token counts and `usage` is a chars/4 estimate. */
  usageEstimated: boolean;
}

/** A chat (and optionally embedding) model behind some server. Implementations throw only ModelError. */
export interface ModelProvider {
  /** The core's providers use their registry id; a host's own providers (the editor's models) name themselves. */
  readonly id: string;
  readonly model: string;
  chat(req: ChatRequest): Promise<ChatResponse>;
  embed?(texts: string[], signal?: AbortSignal): Promise<number[][]>;
  /** A quick check (seconds) that the server is there at all; throws ModelError when it is not. */
  ping?(signal?: AbortSignal): Promise<void>;
}

export type ModelErrorKind =
  | "unreachable"
  | "timeout"
  | "rate-limited"
  | "server"
  | "bad-response"
  | "cancelled"
  | "circuit-open"
  | "auth"
  | "not-found"
  | "too-large";

/** Sent as max_tokens / num_predict when the caller names no limit. */
export const DEFAULT_MAX_ANSWER_TOKENS = 8192;
/** Characters per asked-for token before an answer counts as too large (tokens average about 4 characters). */
export const ANSWER_CHARS_PER_TOKEN = 5;

/** Kinds worth another attempt unless the caller says otherwise. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<ModelErrorKind> = new Set([
  "unreachable",
  "timeout",
  "rate-limited",
  "server",
  "bad-response",
]);

export interface ModelErrorOptions {
  retryable?: boolean;
  /** HTTP status when the server answered. */
  status?: number;
  /** Server-requested wait before retrying (from Retry-After). */
  retryAfterMs?: number;
  cause?: unknown;
  /** Tokens spent on an answer that was stopped part way (prompt estimate plus what arrived). */
  usage?: TokenUsage;
  /** Attempts made before giving up, when more than one. */
  attempts?: number;
}

/** A model failure with a message meant for users, and enough structure to decide on a retry. */
export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly usage?: TokenUsage;
  readonly attempts?: number;

  constructor(kind: ModelErrorKind, message: string, options: ModelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ModelError";
    this.kind = kind;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(kind);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.usage = options.usage;
    this.attempts = options.attempts;
  }
}

export interface ProviderSettings {
  provider: ProviderId;
  model: string;
  baseUrl?: string;
  apiKey?: string;
  /** Longest wait without progress (no headers, no new streamed text), in ms. Default 120000. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Ollama context window; always sent explicitly. Default 8192. */
  numCtx?: number;
  /** Stream answers (default true). */
  stream?: boolean;
  embeddingModel?: string;
  /**
   * Takes secrets out of prompts, texts to embed and error messages. Default: one built from `process.env`
   * and `apiKey` (see agent-core/secrets).
   */
  redactor?: Redactor;
}
