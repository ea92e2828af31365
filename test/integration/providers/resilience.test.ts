import { strict as assert } from "node:assert";
import {
  backoffDelay,
  createProvider,
  describeRetry,
  ModelError,
  type ModelProvider,
  type ProviderSettings,
  type ResilienceOptions,
  type RetryNotice,
} from "../../../agent-core/providers";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { closedPortUrl, recordingSleep, rejectionOf } from "./helpers";

const messages = [{ role: "user" as const, content: "fix it" }];
const kinds = ["openai", "ollama"] as const;

describe("withResilience (real clients, scripted faults)", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  function make(
    kind: (typeof kinds)[number],
    settings: Partial<ProviderSettings> = {},
    resilience: ResilienceOptions = {},
  ): ModelProvider {
    const baseUrl = kind === "openai" ? server.openaiBaseUrl : server.url;
    return createProvider(
      { provider: kind, model: "m", baseUrl, timeoutMs: 5000, ...settings },
      { random: () => 0, ...resilience },
    );
  }

  for (const kind of kinds) {
    describe(kind, () => {
      it("retries a 429 after the Retry-After the server asked for", async () => {
        server = await startScriptedModelServer([{ fault: "429", retryAfterSec: 2 }, { reply: "done" }]);
        const { sleep, delays } = recordingSleep();
        const res = await make(kind, {}, { sleep }).chat({ messages });
        assert.equal(res.content, "done");
        assert.deepEqual(delays, [2000]);
        assert.equal(server.chatRequests().length, 2);
      });

      it("caps a long Retry-After", async () => {
        server = await startScriptedModelServer([{ fault: "429", retryAfterSec: 3600 }, { reply: "done" }]);
        const { sleep, delays } = recordingSleep();
        await make(kind, {}, { sleep, maxRetryAfterMs: 10_000 }).chat({ messages });
        assert.deepEqual(delays, [10_000]);
      });

      it("gives up after maxRetries 500s with a clear message and exponential backoff", async () => {
        server = await startScriptedModelServer(Array.from({ length: 4 }, () => ({ fault: "500" as const })));
        const { sleep, delays } = recordingSleep();
        const err = await rejectionOf(make(kind, {}, { sleep, breakerThreshold: 10 }).chat({ messages }));
        assert.ok(err instanceof ModelError);
        assert.equal(err.kind, "server");
        assert.equal(err.status, 500);
        assert.match(err.message, /failed \(HTTP 500\): Internal server error \(scripted\)/);
        assert.equal(server.chatRequests().length, 4);
        assert.deepEqual(delays, [250, 500, 1000], "base 500 ms doubling, equal jitter with random()=0");
      });

      it("times out a hanging server and retries the timeout", async () => {
        server = await startScriptedModelServer([{ fault: "hang" }, { fault: "hang" }]);
        const { sleep, delays } = recordingSleep();
        const err = await rejectionOf(make(kind, { timeoutMs: 300, maxRetries: 1 }, { sleep }).chat({ messages }));
        assert.ok(err instanceof ModelError);
        assert.equal(err.kind, "timeout");
        assert.equal(delays.length, 1);
        assert.equal(server.chatRequests().length, 2);
      });

      it("retries a stream cut mid-answer and tells the caller to drop the partial text", async () => {
        server = await startScriptedModelServer([{ fault: "cut-stream" }, { reply: "the full answer" }]);
        const { sleep } = recordingSleep();
        let text = "";
        const retries: RetryNotice[] = [];
        const res = await make(kind, {}, { sleep }).chat({
          messages,
          onText: (d) => (text += d),
          onRetry: (notice) => {
            retries.push(notice);
            text = "";
          },
        });
        assert.equal(res.content, "the full answer");
        assert.equal(text, "the full answer");
        assert.equal(retries.length, 1);
        assert.equal(retries[0].error.kind, "bad-response");
        assert.match(retries[0].error.message, /cut off mid-stream/);
      });

      it("retries a connection the server closes without answering", async () => {
        server = await startScriptedModelServer([{ fault: "close-connection" }, { reply: "ok" }]);
        const { sleep, delays } = recordingSleep();
        const res = await make(kind, { stream: false }, { sleep }).chat({ messages });
        assert.equal(res.content, "ok");
        assert.equal(delays.length, 1);
      });

      it("opens the circuit breaker, fails fast, and closes after the cooldown", async () => {
        server = await startScriptedModelServer(Array.from({ length: 3 }, () => ({ fault: "500" as const })));
        const { sleep } = recordingSleep();
        let clock = 1_000_000;
        const p = make(kind, {}, { sleep, now: () => clock, breakerThreshold: 3, maxRetries: 5 });
        const first = await rejectionOf(p.chat({ messages }));
        assert.ok(first instanceof ModelError);
        assert.equal(first.kind, "server", "the call that opens the breaker reports the real failure");
        assert.equal(server.chatRequests().length, 3);

        const fast = await rejectionOf(p.chat({ messages }));
        assert.ok(fast instanceof ModelError);
        assert.equal(fast.kind, "circuit-open");
        assert.equal(fast.retryable, false);
        assert.match(
          fast.message,
          /^The model server at http:\/\/127\.0\.0\.1:\d+(\/v1)? failed 3 times in a row; not retrying for 30 s\./,
        );
        assert.equal(server.chatRequests().length, 3, "no request while open");

        clock += 30_000;
        server.push({ reply: "back" });
        assert.equal((await p.chat({ messages })).content, "back");
      });

      it("stops waiting for a retry the moment the caller cancels", async () => {
        server = await startScriptedModelServer([{ fault: "429", retryAfterSec: 20 }, { reply: "too late" }]);
        const controller = new AbortController();
        const neverWakes = () => new Promise<void>(() => undefined); // ignores the signal on purpose
        const err = await rejectionOf(
          make(kind, {}, { sleep: neverWakes }).chat({
            messages,
            signal: controller.signal,
            onRetry: () => setImmediate(() => controller.abort()),
          }),
        );
        assert.ok(err instanceof ModelError);
        assert.equal(err.kind, "cancelled");
        assert.equal(server.chatRequests().length, 1);
      });
    });
  }

  it("numbers each retry and says in the final error how many attempts were made", async () => {
    server = await startScriptedModelServer([
      { fault: "garbage-json" },
      { fault: "garbage-json" },
      { fault: "garbage-json" },
    ]);
    const { sleep } = recordingSleep();
    const notices: RetryNotice[] = [];
    const err = await rejectionOf(
      make("openai", { maxRetries: 2 }, { sleep }).chat({ messages, onRetry: (n) => notices.push(n) }),
    );
    assert.deepEqual(
      notices.map((n) => [n.attempt, n.maxAttempts]),
      [
        [1, 3],
        [2, 3],
      ],
    );
    assert.match(
      describeRetry(notices[0]),
      /^The model server at .* answered with invalid JSON: <html>.*; retrying in \d+ ms \(attempt 2 of 3\)\.$/,
    );
    assert.ok(err instanceof ModelError);
    assert.equal(err.attempts, 3);
    assert.match(err.message, /^Gave up after 3 attempts\. The model server at .* answered with invalid JSON/);
  });

  it("a call that fails once is reported without an attempt count", async () => {
    server = await startScriptedModelServer([{ fault: "garbage-json" }]);
    const err = await rejectionOf(make("openai", { maxRetries: 0 }).chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.attempts, undefined);
    assert.doesNotMatch(err.message, /Gave up/);
  });

  it("the default sleep is cut short by cancellation too", async () => {
    server = await startScriptedModelServer([{ fault: "500" }, { reply: "too late" }]);
    const controller = new AbortController();
    const p = make("ollama", {}, { baseDelayMs: 60_000, maxDelayMs: 60_000 });
    const err = await rejectionOf(
      p.chat({ messages, signal: controller.signal, onRetry: () => setImmediate(() => controller.abort()) }),
    );
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "cancelled");
  });

  it("reports a refused connection for OpenAI-compatible servers", async () => {
    const url = `${await closedPortUrl()}/v1`;
    const { sleep } = recordingSleep();
    const p = createProvider({ provider: "openai", model: "m", baseUrl: url, maxRetries: 0 }, { sleep });
    const err = await rejectionOf(p.chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "unreachable");
    assert.equal(err.message, `Cannot reach the model server at ${url} — is it running, and is the base URL right?`);
  });

  it("rejects invalid settings with a clear message", () => {
    assert.throws(() => createProvider({ provider: "ollama", model: "" }), /No model configured/);
    assert.throws(() => createProvider({ provider: "ollama", model: "m", numCtx: 10 }), /numCtx: 10/);
    assert.throws(() => createProvider({ provider: "nope" as "ollama", model: "m" }), /Unknown model provider 'nope'/);
  });

  it("backoffDelay doubles, caps and adds up to 50% jitter", () => {
    assert.equal(
      backoffDelay(0, 500, 8000, () => 0),
      250,
    );
    assert.equal(
      backoffDelay(0, 500, 8000, () => 1),
      500,
    );
    assert.equal(
      backoffDelay(3, 500, 8000, () => 0),
      2000,
    );
    assert.equal(
      backoffDelay(10, 500, 8000, () => 1),
      8000,
    );
  });
});
