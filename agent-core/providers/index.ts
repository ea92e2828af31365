/** Model providers: construct one from settings; everything else the loop needs is re-exported here. */

import { Redactor } from "../secrets/redact";
import { displayUrl } from "./errors";
import { checkReachable, PING_TIMEOUT_MS } from "./reachability";
import { withRedaction } from "./redacting";
import { isProviderId, PROVIDERS, providerChoices } from "./registry";
import { type ResilienceOptions, withResilience } from "./resilience";
import type { ModelProvider, ProviderSettings } from "./types";

export { CircuitBreaker, type CircuitBreakerOptions } from "./circuitBreaker";
export { displayUrl, type ErrorContext, parseRetryAfter, redact, toModelError } from "./errors";
export { OllamaProvider, type OllamaProviderOptions } from "./ollamaProvider";
export { OpenAiProvider, type OpenAiProviderOptions } from "./openaiProvider";
export { checkReachable, PING_TIMEOUT_MS, pingUrl, type ReachabilityTarget } from "./reachability";
export { withRedaction } from "./redacting";
export {
  DEFAULT_NUM_CTX,
  DEFAULT_OLLAMA_URL,
  DEFAULT_OPENAI_URL,
  DEFAULT_PROVIDER,
  isProviderId,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderFactory,
  type ProviderId,
  providerChoices,
} from "./registry";
export {
  backoffDelay,
  defaultSleep,
  describeRetry,
  type ResilienceOptions,
  type SleepFn,
  withResilience,
} from "./resilience";
export { estimateTokens } from "./tokens";
export * from "./types";

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
  if (!settings.model?.trim())
    throw new Error("No model configured: set the model name (for example 'qwen2.5-coder:7b').");
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
