import { strict as assert } from "node:assert";
import { createProvider, ModelError, OllamaProvider } from "../../../agent-core/providers";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { closedPortUrl, recordingSleep, rejectionOf } from "./helpers";

const messages = [{ role: "user" as const, content: "Why does the test fail?" }];

describe("OllamaProvider (real ollama client against the scripted server)", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  const provider = (stream: boolean, extra: Partial<ConstructorParameters<typeof OllamaProvider>[0]> = {}) =>
    new OllamaProvider({ model: "qwen-test", baseUrl: server.url, timeoutMs: 5000, stream, numCtx: 8192, ...extra });

  it("streams NDJSON: assembles the text, calls onText per chunk and maps eval counts to usage", async () => {
    server = await startScriptedModelServer([
      { reply: "Because the import is wrong.", promptTokens: 30, completionTokens: 7 },
    ]);
    const deltas: string[] = [];
    const res = await provider(true).chat({ messages, onText: (d) => deltas.push(d), temperature: 0, maxTokens: 256 });
    assert.equal(res.content, "Because the import is wrong.");
    assert.ok(deltas.length >= 3, `expected several deltas, got ${deltas.length}`);
    assert.equal(deltas.join(""), res.content);
    assert.deepEqual(res.usage, { promptTokens: 30, completionTokens: 7 });
    assert.equal(res.usageEstimated, false);
    assert.equal(res.finishReason, "stop");
    const [req] = server.chatRequests();
    assert.equal(req.streamed, true);
    assert.deepEqual(req.body.options, { num_ctx: 8192, num_predict: 256, temperature: 0 });
  });

  it("answers non-streamed calls and always sends num_ctx", async () => {
    server = await startScriptedModelServer([{ reply: "short" }]);
    const res = await provider(false, { numCtx: 16384 }).chat({ messages });
    assert.equal(res.content, "short");
    assert.equal(res.usage.completionTokens, 2, "server default token count is ceil(chars/4)");
    const [req] = server.chatRequests();
    assert.equal(req.streamed, false);
    assert.equal((req.body.options as { num_ctx?: number }).num_ctx, 16384);
  });

  it("createProvider defaults num_ctx to 8192", async () => {
    server = await startScriptedModelServer([{ reply: "ok" }]);
    await createProvider({ provider: "ollama", model: "qwen-test", baseUrl: server.url }).chat({ messages });
    assert.equal((server.chatRequests()[0].body.options as { num_ctx?: number }).num_ctx, 8192);
  });

  it("estimates usage when the final line carries no counts", async () => {
    server = await startScriptedModelServer([{ reply: "12345678", omitUsage: true }]);
    const res = await provider(true).chat({ messages });
    assert.equal(res.usageEstimated, true);
    assert.equal(res.usage.completionTokens, 2);
  });

  it("sends an API key as a bearer token when one is configured", async () => {
    server = await startScriptedModelServer([{ reply: "ok" }]);
    await provider(false, { apiKey: "ollama-secret-key" }).chat({ messages });
    assert.equal(server.chatRequests()[0].headers.authorization, "Bearer ollama-secret-key");
  });

  it("embeds through /api/embed", async () => {
    server = await startScriptedModelServer([]);
    const vectors = await provider(false, { embeddingModel: "nomic-test" }).embed(["one", "two"]);
    assert.equal(vectors.length, 2);
    assert.equal(vectors[0].length, 8);
    assert.notDeepEqual(vectors[0], vectors[1]);
    const req = server.requests.find((r) => r.kind === "embed");
    assert.deepEqual(req?.body, { model: "nomic-test", input: ["one", "two"] });
  });

  it("cancels mid-stream", async () => {
    server = await startScriptedModelServer([{ reply: "an answer that stalls forever", stallAfterChunks: 2 }]);
    const controller = new AbortController();
    const deltas: string[] = [];
    const err = await rejectionOf(
      provider(true, { timeoutMs: 60_000 }).chat({
        messages,
        signal: controller.signal,
        onText: (d) => {
          deltas.push(d);
          if (deltas.length === 2) controller.abort();
        },
      }),
    );
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "cancelled");
    assert.equal(deltas.length, 2);
  });

  it("cancels a NON-streamed call that the server never answers", async () => {
    server = await startScriptedModelServer([{ fault: "hang" }]);
    const controller = new AbortController();
    const pending = provider(false, { timeoutMs: 60_000 }).chat({ messages, signal: controller.signal });
    await server.waitForRequests(1);
    controller.abort();
    const err = await rejectionOf(pending);
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "cancelled");
  });

  it("times out a non-streamed call that hangs", async () => {
    server = await startScriptedModelServer([{ fault: "hang" }]);
    const err = await rejectionOf(provider(false, { timeoutMs: 300 }).chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "timeout");
    assert.equal(err.retryable, true);
    assert.match(err.message, /sent nothing for 300 ms/);
  });

  it("reports a non-streamed body that is not JSON as a bad-response", async () => {
    server = await startScriptedModelServer([{ fault: "malformed-json" }]);
    const err = await rejectionOf(provider(false).chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "bad-response");
    assert.match(err.message, /answered with invalid JSON: \{"model": "broken"/);
  });

  it("says how to pull a missing model, without retrying", async () => {
    server = await startScriptedModelServer([], { knownModels: ["llama3"] });
    const p = createProvider({ provider: "ollama", model: "qwen-missing", baseUrl: server.url });
    const err = await rejectionOf(p.chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "not-found");
    assert.equal(err.message, "Model 'qwen-missing' not found on the server (`ollama pull qwen-missing`)");
    assert.equal(server.requests.length, 1);
  });

  it("says Ollama is not running when the port refuses connections", async () => {
    const url = await closedPortUrl();
    const { sleep, delays } = recordingSleep();
    const p = createProvider({ provider: "ollama", model: "qwen-test", baseUrl: url, maxRetries: 1 }, { sleep });
    const err = await rejectionOf(p.chat({ messages }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "unreachable");
    assert.equal(
      err.message,
      `Gave up after 2 attempts. Cannot reach Ollama at ${url} — is it running? (\`ollama serve\`)`,
    );
    assert.equal(delays.length, 1, "retried once before giving up");
  });
});
