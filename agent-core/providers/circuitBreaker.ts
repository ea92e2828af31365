/** Stops hammering a model server that keeps failing, and tells the user why. */
import { ModelError, type ModelErrorKind } from "./types";

/** Failures that say the server itself is down or broken. */
const BREAKER_KINDS: ReadonlySet<ModelErrorKind> = new Set(["unreachable", "server", "timeout"]);
/** Answers that prove the server is up, so they end a run of failures. */
const ALIVE_KINDS: ReadonlySet<ModelErrorKind> = new Set(["rate-limited", "auth", "not-found", "too-large"]);

export interface CircuitBreakerOptions {
  threshold: number;
  cooldownMs: number;
  /** Names the server in messages, e.g. "http://127.0.0.1:11434". */
  endpoint: string;
  now: () => number;
}

/**
 * Opens after `threshold` consecutive server failures and fails fast until `cooldownMs` has passed;
 * then lets one trial call through (half-open): success closes it, failure opens it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private lastError: ModelError | undefined;

  constructor(private readonly options: CircuitBreakerOptions) {}

  /** True while calls should fail fast. */
  get isOpen(): boolean {
    return this.openedAt !== undefined && this.options.now() - this.openedAt < this.options.cooldownMs;
  }

  /** Throws "circuit-open" when calls should fail fast. */
  check(): void {
    if (!this.isOpen || this.openedAt === undefined) return;
    const remainingS = Math.ceil((this.options.cooldownMs - (this.options.now() - this.openedAt)) / 1000);
    const last = this.lastError ? ` Last error: ${this.lastError.message}` : "";
    throw new ModelError(
      "circuit-open",
      `The model server at ${this.options.endpoint} failed ${this.failures} times in a row; not retrying for ${remainingS} s.${last}`,
      { retryable: false, cause: this.lastError },
    );
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
  }

  /** Counts a failure; returns true when this failure opened the breaker. */
  recordFailure(err: ModelError): boolean {
    if (ALIVE_KINDS.has(err.kind)) {
      this.recordSuccess();
      return false;
    }
    if (!BREAKER_KINDS.has(err.kind)) return false;
    this.failures += 1;
    this.lastError = err;
    const halfOpenTrialFailed = this.openedAt !== undefined;
    if (this.failures >= this.options.threshold || halfOpenTrialFailed) {
      this.openedAt = this.options.now();
      return true;
    }
    return false;
  }
}
