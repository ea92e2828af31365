/**
 * The model providers, keyed by id: a new provider is its module plus one line in PROVIDERS. The id type and
 * the settings' enum are derived from this record.
 */
import { OllamaProvider } from "./ollamaProvider";
import { OpenAiProvider } from "./openaiProvider";
import type { ModelProvider, ProviderSettings } from "./types";

/** What createProvider has resolved before asking a factory. */
export interface ProviderFactoryInput {
  settings: ProviderSettings;
  baseUrl: string;
  timeoutMs: number;
  stream: boolean;
}

export interface ProviderFactory {
  /** Used when no base URL is set. */
  defaultBaseUrl: string;
  /** Used when no model is set. */
  defaultModel: string;
  /**
   * A hosted API: a host passes the key it keeps (the editor's key store), and refuses a run against the default
   * URL without one before it starts. With a base URL set, the key is optional.
   */
  needsApiKey: boolean;
  create(input: ProviderFactoryInput): ModelProvider;
}

export const DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434";
export const DEFAULT_OPENAI_URL = "https://api.openai.com/v1";
export const DEFAULT_NUM_CTX = 8192;

const ollama: ProviderFactory = {
  defaultBaseUrl: DEFAULT_OLLAMA_URL,
  defaultModel: "qwen2.5-coder:7b",
  needsApiKey: false,
  create: ({ settings, baseUrl, timeoutMs, stream }) =>
    new OllamaProvider({
      model: settings.model,
      baseUrl,
      timeoutMs,
      stream,
      numCtx: settings.numCtx ?? DEFAULT_NUM_CTX,
      embeddingModel: settings.embeddingModel,
      apiKey: settings.apiKey,
    }),
};

const openai: ProviderFactory = {
  defaultBaseUrl: DEFAULT_OPENAI_URL,
  defaultModel: "gpt-4o-mini",
  needsApiKey: true,
  create: ({ settings, baseUrl, timeoutMs, stream }) =>
    new OpenAiProvider({
      model: settings.model,
      baseUrl,
      apiKey: settings.apiKey,
      timeoutMs,
      stream,
      embeddingModel: settings.embeddingModel,
    }),
};

export const PROVIDERS = { ollama, openai } satisfies Record<string, ProviderFactory>;

export type ProviderId = keyof typeof PROVIDERS;

/** The ids, the default first, for enums and messages. */
export const PROVIDER_IDS = Object.keys(PROVIDERS) as [ProviderId, ...ProviderId[]];

export const DEFAULT_PROVIDER: ProviderId = "ollama";

export function isProviderId(value: string): value is ProviderId {
  return Object.hasOwn(PROVIDERS, value);
}

/** `"ollama" or "openai"`, for error messages. */
export function providerChoices(): string {
  const quoted = PROVIDER_IDS.map((id) => `"${id}"`);
  return quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
