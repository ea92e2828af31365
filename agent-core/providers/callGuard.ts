/** Per-call abort handling: the caller's signal plus an inactivity timeout, told apart afterwards. */

export interface CallGuard {
  /** Aborts when the caller cancels or when no progress was seen for timeoutMs. */
  readonly signal: AbortSignal;
  /** Records progress (headers or streamed data arrived) and restarts the inactivity timer. */
  touch(): void;
  /** True when the inactivity timer fired. */
  readonly timedOut: boolean;
  /** True when the caller's signal aborted. */
  readonly cancelled: boolean;
  /** Stops the timer; call when the request is over. */
  dispose(): void;
}

/** Creates the guard for one request. A timeout of 0 or less disables the inactivity timer. */
export function guardCall(callerSignal: AbortSignal | undefined, timeoutMs: number): CallGuard {
  const timer = new AbortController();
  let timedOut = false;
  let disposed = false;
  let handle: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    if (handle !== undefined) clearTimeout(handle);
    if (disposed || timeoutMs <= 0 || timer.signal.aborted) return;
    handle = setTimeout(() => {
      timedOut = true;
      timer.abort(new Error(`no progress for ${timeoutMs} ms`));
    }, timeoutMs);
  };
  arm();
  const signal = callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal;
  return {
    signal,
    touch: arm,
    get timedOut() {
      return timedOut && !callerSignal?.aborted;
    },
    get cancelled() {
      return callerSignal?.aborted ?? false;
    },
    dispose() {
      disposed = true;
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
    },
  };
}
