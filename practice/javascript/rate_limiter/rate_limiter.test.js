import { test } from "node:test";
import assert from "node:assert/strict";
import { RateLimiter } from "./rate_limiter.js";

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

test("allows up to limit hits, then refuses", () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 3, windowMs: 1000, now: clock.now });
  assert.deepEqual([1, 2, 3, 4].map(() => limiter.tryAcquire()), [true, true, true, false]);
});

test("the window slides: each hit expires windowMs after it was made", () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 2, windowMs: 1000, now: clock.now });
  assert.equal(limiter.tryAcquire(), true);
  clock.advance(400);
  assert.equal(limiter.tryAcquire(), true);
  clock.advance(599);
  assert.equal(limiter.tryAcquire(), false);
  clock.advance(1);
  assert.equal(limiter.tryAcquire(), true);
  assert.equal(limiter.tryAcquire(), false);
});

test("refused attempts are not counted", () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 1, windowMs: 100, now: clock.now });
  limiter.tryAcquire();
  for (let i = 0; i < 5; i++) {
    clock.advance(10);
    limiter.tryAcquire();
  }
  clock.advance(50);
  assert.equal(limiter.tryAcquire(), true);
});

test("keys are limited independently", () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: clock.now });
  assert.equal(limiter.tryAcquire("alice"), true);
  assert.equal(limiter.tryAcquire("alice"), false);
  assert.equal(limiter.tryAcquire("bob"), true);
});

test("remaining counts down and recovers", () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 3, windowMs: 1000, now: clock.now });
  assert.equal(limiter.remaining(), 3);
  limiter.tryAcquire();
  limiter.tryAcquire();
  assert.equal(limiter.remaining(), 1);
  clock.advance(1000);
  assert.equal(limiter.remaining(), 3);
});

test("retryAfterMs tells how long until the oldest hit expires", () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 2, windowMs: 1000, now: clock.now });
  assert.equal(limiter.retryAfterMs(), 0);
  limiter.tryAcquire();
  clock.advance(300);
  limiter.tryAcquire();
  assert.equal(limiter.retryAfterMs(), 700);
  clock.advance(700);
  assert.equal(limiter.retryAfterMs(), 0);
});

test("reset forgets one key only", () => {
  const clock = manualClock();
  const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: clock.now });
  limiter.tryAcquire("a");
  limiter.tryAcquire("b");
  limiter.reset("a");
  assert.equal(limiter.tryAcquire("a"), true);
  assert.equal(limiter.tryAcquire("b"), false);
});

test("invalid options are rejected", () => {
  for (const options of [
    { limit: 0, windowMs: 1000 },
    { limit: 1.5, windowMs: 1000 },
    { limit: 1, windowMs: 0 },
    { limit: 1, windowMs: Number.POSITIVE_INFINITY },
  ]) {
    assert.throws(() => new RateLimiter(options), RangeError, JSON.stringify(options));
  }
});

test("the real clock is used when none is given", () => {
  const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 });
  assert.equal(limiter.tryAcquire(), true);
  assert.equal(limiter.tryAcquire(), false);
  assert.ok(limiter.retryAfterMs() > 0);
});
