// Sliding-window rate limiter. Replace every TODO so the tests pass.

export class RateLimiter {
  /** @param {{ limit: number, windowMs: number, now?: () => number }} options */
  constructor({ limit, windowMs, now = Date.now }) {
    // TODO: validate limit (integer >= 1) and windowMs (finite > 0), keep hit times per key
    throw new Error("TODO: constructor");
  }

  /** Records a hit and returns true when allowed; returns false otherwise. */
  tryAcquire(key = "default") {
    // TODO: implement
    return true;
  }

  /** Hits still allowed right now for key. */
  remaining(key = "default") {
    // TODO: implement
    return 0;
  }

  /** 0 when a hit is allowed now, else milliseconds until one is. */
  retryAfterMs(key = "default") {
    // TODO: implement
    return 0;
  }

  /** Forgets the hits of key. */
  reset(key = "default") {
    // TODO: implement
  }
}
