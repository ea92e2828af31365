/** Retries with backoff and a circuit breaker around any ModelProvider. */
import { CircuitBreaker } from "./circuitBreaker";
import { toModelError } from "./errors";
import { type ChatRequest, type ChatResponse, ModelError, type ModelProvider, type RetryNotice } from "./types";

/** Waits ms; rejects early when the signal aborts. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface ResilienceOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After wait honoured (default 30000); longer requests are capped. */
  maxRetryAfterMs?: number;
  /** Consecutive unreachable/server/timeout failures that open the breaker (default 3). */
  breakerThreshold?: number;
  breakerCooldownMs?: number;
  /** Names the server in messages (default the provider id). Never include credentials. */
  endpoint?: string;
  sleep?: SleepFn;
  now?: () => number;
  /** Source of jitter in [0, 1). */
  random?: () => number;
}

const cancelled = (): ModelError => new ModelError("cancelled", "The model request was cancelled.");

/** The default sleep: a timer that is cleared when the signal aborts. */
export const defaultSleep: SleepFn = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Exponential backoff with "equal jitter": half fixed, half random, capped at maxDelayMs. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.round(exp / 2 + (random() * exp) / 2);
}

/** Waits, but gives up the moment the signal aborts even if `sleep` ignores it. */
async function waitUnlessAborted(sleep: SleepFn, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) throw cancelled();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/** A message without its "retrying may help" advice, for lines that say what retrying did. */
function withoutRetryHint(message: string): string {
  const hint = /[;.]?\s*retrying may help\.?\s*$/i;
  return hint.test(message) ? `${message.replace(hint, "")}.` : message;
}

/** The last error of a call that was tried more than once, saying how often. */
function withAttempts(err: ModelError, attempts: number): ModelError {
  const { kind, retryable, status, retryAfterMs, usage } = err;
  const message = `Gave up after ${attempts} attempts. ${withoutRetryHint(err.message)}`;
  return new ModelError(kind, message, { retryable, status, retryAfterMs, usage, attempts, cause: err });
}

/** One line for a retry about to happen: what went wrong, when the next attempt starts, and which it is. */
export function describeRetry(notice: RetryNotice): string {
  const wait = notice.delayMs < 1000 ? `${notice.delayMs} ms` : `${(notice.delayMs / 1000).toFixed(1)} s`;
  return `${withoutRetryHint(notice.error.message).replace(/\.$/, "")}; retrying in ${wait} (attempt ${notice.attempt + 1} of ${notice.maxAttempts}).`;
}

/**
 * Wraps a provider: retries retryable failures (429, 5xx, timeouts, dropped connections, cut streams) with
 * backoff and Retry-After; never retries other 4xx; cancellation stops at once; a circuit breaker fails fast
 * after repeated server failures. Once the breaker opens during a call, that call ends with the real error.
 */
export function withResilience(provider: ModelProvider, options: ResilienceOptions = {}): ModelProvider {
  const maxRetries = options.maxRetries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const endpoint = options.endpoint ?? provider.id;
  const breaker = new CircuitBreaker({
    threshold: options.breakerThreshold ?? 3,
    cooldownMs: options.breakerCooldownMs ?? 30_000,
    endpoint,
    now: options.now ?? Date.now,
  });
  const ctx = { provider: provider.id, baseUrl: endpoint, model: provider.model };

  async function run<T>(
    attemptOnce: () => Promise<T>,
    signal: AbortSignal | undefined,
    onRetry?: (n: RetryNotice) => void,
  ): Promise<T> {
    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw cancelled();
      breaker.check();
      try {
        const result = await attemptOnce();
        breaker.recordSuccess();
        return result;
      } catch (raw) {
        const err = toModelError(raw, ctx);
        if (err.kind === "cancelled" || signal?.aborted) throw err.kind === "cancelled" ? err : cancelled();
        const opened = breaker.recordFailure(err);
        if (opened || !err.retryable || retry >= maxRetries) throw retry > 0 ? withAttempts(err, retry + 1) : err;
        const delayMs =
          err.retryAfterMs !== undefined
            ? Math.min(err.retryAfterMs, maxRetryAfterMs)
            : backoffDelay(retry, baseDelayMs, maxDelayMs, random);
        onRetry?.({ attempt: retry + 1, maxAttempts: maxRetries + 1, delayMs, error: err });
        await waitUnlessAborted(sleep, delayMs, signal);
      }
    }
  }

  const wrapped: ModelProvider = {
    id: provider.id,
    model: provider.model,
    chat: (req: ChatRequest): Promise<ChatResponse> => run(() => provider.chat(req), req.signal, req.onRetry),
  };
  if (provider.embed) {
    const embed = provider.embed.bind(provider);
    wrapped.embed = (texts, signal) => run(() => embed(texts, signal), signal);
  }
  return wrapped;
}
