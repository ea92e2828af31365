import { strict as assert } from "node:assert";
import { createProvider, ModelError, OpenAiProvider } from "../../../agent-core/providers";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { rejectionOf } from "./helpers";

const messages = [
  { role: "system" as const, content: "You fix code." },
  { role: "user" as const, content: "Make the test pass." },
];

describe("OpenAiProvider (real openai client against the scripted server)", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  const provider = (stream: boolean, extra: Partial<ConstructorParameters<typeof OpenAiProvider>[0]> = {}) =>
    new OpenAiProvider({
      model: "gpt-test",
      baseUrl: server.openaiBaseUrl,
      apiKey: "sk-test-key-123456",
      timeoutMs: 5000,
      stream,
      ...extra,
    });

  it("returns a non-streamed answer with the server's usage", async () => {
    server = await startScriptedModelServer([{ reply: "Here is the fix.", promptTokens: 42, completionTokens: 5 }]);
    const res = await provider(false).chat({ messages, temperature: 0.2, maxTokens: 100 });
    assert.equal(res.content, "Here is the fix.");
    assert.deepEqual(res.usage, { promptTokens: 42, completionTokens: 5 });
    assert.equal(res.usageEstimated, false);
    assert.equal(res.finishReason, "stop");
    assert.equal(res.model, "gpt-test");
    const [req] = server.chatRequests();
    assert.equal(req.streamed, false);
    assert.deepEqual(req.messages, messages);
    assert.equal(req.body.temperature, 0.2);
    assert.equal(req.body.max_tokens, 100);
    assert.equal(req.headers.authorization, "Bearer sk-test-key-123456");
  });

  it("streams: assembles the text, calls onText per chunk and reads the usage chunk", async () => {
    server = await startScriptedModelServer([
      { reply: "Streaming answer text", promptTokens: 9, completionTokens: 4, finishReason: "length" },
    ]);
    const deltas: string[] = [];
    const res = await provider(true).chat({ messages, onText: (d) => deltas.push(d) });
    assert.equal(res.content, "Streaming answer text");
    assert.ok(deltas.length >= 3, `expected several deltas, got ${deltas.length}`);
    assert.equal(deltas.join(""), res.content);
    assert.deepEqual(res.usage, { promptTokens: 9, completionTokens: 4 });
    assert.equal(res.usageEstimated, false);
    assert.equal(res.finishReason, "length");
    const [req] = server.chatRequests();
    assert.equal(req.streamed, true);
    assert.deepEqual(req.body.stream_options, { include_usage: true });
  });

  it("estimates usage (chars/4) when the server sends none", async () => {
    server = await startScriptedModelServer([
      { reply: "12345678", omitUsage: true },
      { reply: "abcd", omitUsage: true },
    ]);
    const streamed = await provider(true).chat({ messages });
    assert.equal(streamed.usageEstimated, true);
    assert.equal(streamed.usage.completionTokens, 2);
    assert.equal(streamed.usage.promptTokens, Math.ceil(messages.map((m) => m.content).join("").length / 4));
    const single = await provider(false).chat({ messages });
    assert.equal(single.usageEstimated, true);
    assert.equal(single.usage.completionTokens, 1);
  });

  it("embeds with deterministic float vectors in input order", async () => {
    server = await startScriptedModelServer([], { embeddingDim: 6 });
    const p = provider(false, { embeddingModel: "embed-test" });
    const [a, b, a2] = await p.embed(["alpha", "beta", "alpha"]);
    assert.equal(a.length, 6);
    assert.deepEqual(a, a2);
    assert.notDeepEqual(a, b);
    assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-6, "vectors are unit length");
    const req = server.requests.find((r) => r.kind === "embed");
    assert.equal(req?.body.encoding_format, "float");
    assert.equal(req?.model, "embed-test");
    assert.deepEqual(await p.embed([]), []);
  });

  it("cancels mid-stream promptly and keeps the text received so far out of the result", async () => {
    server = await startScriptedModelServer([{ reply: "a long answer that never finishes", stallAfterChunks: 2 }]);
    const controller = new AbortController();
    const deltas: string[] = [];
    const pending = provider(true, { timeoutMs: 60_000 }).chat({
      messages,
      signal: controller.signal,
      onText: (d) => {
        deltas.push(d);
        if (deltas.length === 2) controller.abort();
      },
    });
    const err = await rejectionOf(pending);
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "cancelled");
    assert.equal(err.retryable, false);
    assert.deepEqual(deltas, ["a lo", "ng a"]);
  });

  it("times out a stream that stalls after the headers (the client's own timeout stops at headers)", async () => {
    server = await startScriptedModelServer([{ reply: "starts then stalls", stallAfterChunks: 1 }]);
    const deltas: string[] = [];
    const err = await rejectionOf(provider(true, { timeoutMs: 300 }).chat({ messages, onText: (d) => deltas.push(d) }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "timeout");
    assert.match(err.message, /sent nothing for 300 ms/);
    assert.deepEqual(deltas, ["star"]);
  });

  it("does not retry or blame the server when the caller's onText throws", async () => {
    server = await startScriptedModelServer([{ reply: "some streamed text" }, { reply: "unused" }]);
    const p = createProvider({ provider: "openai", model: "gpt-test", baseUrl: server.openaiBaseUrl });
    const err = await rejectionOf(
      p.chat({
        messages,
        onText: () => {
          throw new Error("view disposed");
        },
      }),
    );
    assert.ok(err instanceof ModelError);
    assert.equal(err.retryable, false);
    assert.equal(err.message, "The onText callback failed: view disposed");
    assert.equal(server.chatRequests().length, 1);
  });

  it("reports a stream cut before the end marker as a retryable bad-response", async () => {
    server = await startScriptedModelServer([{ fault: "cut-stream" }]);
    const err = await rejectionOf(provider(true).chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "bad-response");
    assert.equal(err.retryable, true);
    assert.match(err.message, /cut off mid-stream/);
  });

  it("reports malformed JSON as a bad-response", async () => {
    server = await startScriptedModelServer([{ fault: "malformed-json" }]);
    const err = await rejectionOf(provider(false).chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "bad-response");
    assert.match(err.message, /answered with invalid JSON: \{"model": "broken"/);
  });

  it("never puts the API key in an auth error, even when the server echoes it", async () => {
    server = await startScriptedModelServer([], { apiKey: "sk-the-right-key" });
    const secret = "sk-wrong-secret-key-987654321";
    const p = createProvider({ provider: "openai", model: "gpt-test", baseUrl: server.openaiBaseUrl, apiKey: secret });
    const err = await rejectionOf(p.chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "auth");
    assert.equal(err.retryable, false);
    assert.equal(server.requests.length, 1, "a 401 is not retried");
    assert.equal(server.requests[0].headers.authorization, `Bearer ${secret}`, "the key really was sent");
    const seen = `${err.message} ${err.stack} ${String(err.cause ?? "")} ${JSON.stringify(err)}`;
    assert.ok(!seen.includes(secret), `secret leaked: ${seen}`);
    assert.ok(!seen.includes("987654321"));
  });

  it("explains an unknown model without retrying", async () => {
    server = await startScriptedModelServer([], { knownModels: ["other-model"] });
    const p = createProvider({ provider: "openai", model: "gpt-missing", baseUrl: server.openaiBaseUrl });
    const err = await rejectionOf(p.chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "not-found");
    assert.match(err.message, /Model 'gpt-missing' not found/);
    assert.equal(server.requests.length, 1);
  });
});
