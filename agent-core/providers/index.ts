/** Model providers: construct one from settings; everything else the loop needs is re-exported here. */
import { displayUrl } from "./errors";
import { PROVIDERS, isProviderId, providerChoices } from "./registry";
import { PING_TIMEOUT_MS, checkReachable } from "./reachability";
import { withResilience, type ResilienceOptions } from "./resilience";
import { withRedaction } from "./redacting";
import { Redactor } from "../secrets/redact";
import type { ModelProvider, ProviderSettings } from "./types";

export * from "./types";
export { toModelError, redact, displayUrl, parseRetryAfter, type ErrorContext } from "./errors";
export { withRedaction } from "./redacting";
export { withResilience, backoffDelay, defaultSleep, describeRetry, type ResilienceOptions, type SleepFn } from "./resilience";
export { CircuitBreaker, type CircuitBreakerOptions } from "./circuitBreaker";
export { OpenAiProvider, type OpenAiProviderOptions } from "./openaiProvider";
export { estimateTokens } from "./tokens";
export { OllamaProvider, type OllamaProviderOptions } from "./ollamaProvider";
export { checkReachable, pingUrl, PING_TIMEOUT_MS, type ReachabilityTarget } from "./reachability";

export {
  PROVIDERS,
  PROVIDER_IDS,
  DEFAULT_PROVIDER,
  DEFAULT_OLLAMA_URL,
  DEFAULT_OPENAI_URL,
  DEFAULT_NUM_CTX,
  isProviderId,
  providerChoices,
  type ProviderId,
  type ProviderFactory,
} from "./registry";

export const DEFAULT_TIMEOUT_MS = 120_000;

function checkWhole(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new Error(`Invalid model setting ${name}: ${value} (expected a whole number >= ${min}).`);
  }
}

/**
 * Builds the provider the settings describe, wrapped with retries and a circuit breaker, and outside them
 * with redaction: every prompt of every provider leaves through withRedaction.
 * `resilience` overrides the wrapper's knobs (tests inject sleep/now); settings.maxRetries wins over it.
 */
export function createProvider(settings: ProviderSettings, resilience: ResilienceOptions = {}): ModelProvider {
  if (!settings.model?.trim()) throw new Error("No model configured: set the model name (for example 'qwen2.5-coder:7b').");
  checkWhole("timeoutMs", settings.timeoutMs, 1);
  checkWhole("maxRetries", settings.maxRetries, 0);
  checkWhole("numCtx", settings.numCtx, 256);
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const stream = settings.stream ?? true;
  if (!isProviderId(settings.provider)) {
    throw new Error(`Unknown model provider '${String(settings.provider)}': use ${providerChoices()}.`);
  }
  const factory = PROVIDERS[settings.provider];
  const baseUrl = settings.baseUrl ?? factory.defaultBaseUrl;
  const provider = factory.create({ settings, baseUrl, timeoutMs, stream });
  const resilient = withResilience(provider, {
    ...resilience,
    ...(settings.maxRetries !== undefined ? { maxRetries: settings.maxRetries } : {}),
    endpoint: displayUrl(baseUrl),
  });
  const target = { provider: settings.provider, baseUrl, model: settings.model, apiKey: settings.apiKey };
  resilient.ping = (signal) => checkReachable(target, { signal, timeoutMs: Math.min(PING_TIMEOUT_MS, timeoutMs) });
  return withRedaction(resilient, settings.redactor ?? Redactor.fromEnvironment(process.env, [settings.apiKey]));
}
