import { strict as assert } from "node:assert";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

// biome-ignore lint/suspicious/noExplicitAny: raw wire payloads, checked field by field below
type Json = Record<string, any>;

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

function sseEvents(text: string): string[] {
  return text
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: "))
    .map((frame) => frame.slice("data: ".length));
}

describe("scripted model server (wire formats)", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it("streams OpenAI SSE the way the official client expects", async () => {
    server = await startScriptedModelServer([{ reply: "Hello there, world", promptTokens: 3, completionTokens: 4 }]);
    const res = await post(`${server.openaiBaseUrl}/chat/completions`, {
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const events = sseEvents(await res.text());
    assert.equal(events.at(-1), "[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e) as Json);
    assert.equal(chunks[0].choices[0].delta.role, "assistant");
    const withChoices = chunks.filter((c) => c.choices.length > 0);
    assert.ok(withChoices.every((c) => c.choices[0].index === 0));
    assert.ok(withChoices.length >= 5, "the reply is split into several chunks");
    assert.equal(withChoices.map((c) => c.choices[0].delta.content ?? "").join(""), "Hello there, world");
    assert.equal(withChoices.at(-1)?.choices[0].finish_reason, "stop");
    assert.deepEqual(chunks.at(-1)?.usage, { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
  });

  it("leaves the usage chunk out unless include_usage is asked for", async () => {
    server = await startScriptedModelServer([{ reply: "x" }]);
    const res = await post(`${server.openaiBaseUrl}/chat/completions`, { model: "m", messages: [], stream: true });
    const chunks = sseEvents(await res.text())
      .slice(0, -1)
      .map((e) => JSON.parse(e) as Json);
    assert.ok(chunks.every((c) => c.usage === undefined));
  });

  it("streams Ollama NDJSON ending with done, done_reason and eval counts", async () => {
    server = await startScriptedModelServer([{ reply: "abcdefghij" }]);
    const res = await post(`${server.url}/api/chat`, { model: "m", messages: [{ role: "user", content: "12345678" }] });
    assert.match(res.headers.get("content-type") ?? "", /ndjson/);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Json);
    assert.equal(lines.map((l) => l.message.content).join(""), "abcdefghij");
    assert.ok(lines.slice(0, -1).every((l) => l.done === false));
    const last = lines.at(-1) as Json;
    assert.equal(last.done, true);
    assert.equal(last.done_reason, "stop");
    assert.equal(last.prompt_eval_count, 2, "ceil(8 / 4)");
    assert.equal(last.eval_count, 3, "ceil(10 / 4)");
    assert.equal(server.requests[0].streamed, true, "Ollama streams unless stream:false");
  });

  it("answers with a clear 500 once the script is exhausted", async () => {
    server = await startScriptedModelServer([]);
    const res = await post(`${server.url}/api/chat`, { model: "m", messages: [], stream: false });
    assert.equal(res.status, 500);
    assert.match(((await res.json()) as Json).error, /script exhausted: no scripted step left for chat request #1/);
  });

  it("lets a responder choose replies from the prompt; pushed steps go first", async () => {
    server = await startScriptedModelServer((req) => ({ reply: `echo: ${req.messages.at(-1)?.content}` }));
    server.push({ reply: (req) => `queued for ${req.protocol}` });
    const ask = async (content: string) =>
      (
        (await (
          await post(`${server.url}/api/chat`, { model: "m", messages: [{ role: "user", content }], stream: false })
        ).json()) as Json
      ).message.content;
    assert.equal(await ask("first"), "queued for ollama");
    assert.equal(await ask("second"), "echo: second");
  });

  it("serves model lists and the version", async () => {
    server = await startScriptedModelServer([], { knownModels: ["a", "b"] });
    const models = (await (await fetch(`${server.openaiBaseUrl}/models`)).json()) as Json;
    assert.deepEqual(
      models.data.map((m: Json) => m.id),
      ["a", "b"],
    );
    const tags = (await (await fetch(`${server.url}/api/tags`)).json()) as Json;
    assert.deepEqual(
      tags.models.map((m: Json) => m.name),
      ["a", "b"],
    );
    assert.equal(((await (await fetch(`${server.url}/api/version`)).json()) as Json).version, "0.6.4");
  });

  it("close() ends hanging requests instead of waiting for them", async () => {
    server = await startScriptedModelServer([{ fault: "hang" }]);
    const pending = post(`${server.url}/api/chat`, { model: "m", messages: [], stream: false }).then(
      () => "answered",
      () => "connection closed",
    );
    await server.waitForRequests(1);
    await server.close();
    assert.equal(await pending, "connection closed");
  });
});
