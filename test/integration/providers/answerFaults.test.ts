import { strict as assert } from "node:assert";
import { ModelError, type ModelProvider, OllamaProvider, OpenAiProvider } from "../../../agent-core/providers";
import { type FaultKind, type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { rejectionOf } from "./helpers";

const messages = [{ role: "user" as const, content: "Make the test pass." }];
const CUT = /cut off|connection (probably )?dropped|closed before/i;

/** Console lines written while fn runs (the ollama client warns about bad lines on the console). */
async function consoleLinesDuring<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const saved = { warn: console.warn, log: console.log, error: console.error };
  const record = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  Object.assign(console, { warn: record, log: record, error: record });
  try {
    return { value: await fn(), lines };
  } finally {
    Object.assign(console, saved);
  }
}

describe("a model answer that is not an answer says what arrived", () => {
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  const make = (kind: "openai" | "ollama", stream: boolean): ModelProvider =>
    kind === "openai"
      ? new OpenAiProvider({ model: "m", baseUrl: server.openaiBaseUrl, timeoutMs: 5000, stream })
      : new OllamaProvider({ model: "m", baseUrl: server.url, timeoutMs: 5000, stream, numCtx: 8192 });

  async function failureOf(kind: "openai" | "ollama", stream: boolean, fault: FaultKind): Promise<ModelError> {
    server = await startScriptedModelServer([{ fault }]);
    const { value: err, lines } = await consoleLinesDuring(() => rejectionOf(make(kind, stream).chat({ messages })));
    assert.deepEqual(lines, [], "nothing is written to the console");
    assert.ok(err instanceof ModelError, String(err));
    assert.equal(err.kind, "bad-response");
    assert.doesNotMatch(err.message, CUT, "not blamed on a dropped connection");
    return err;
  }

  /** The text after "…: " is the server's own text, at most 200 characters (plus an ellipsis). */
  function assertShowsStartOf(message: string, start: RegExp): void {
    const shown = message.slice(message.indexOf(": ") + 2);
    assert.match(shown, start);
    assert.ok(shown.length <= 201, `at most 200 characters of the answer are shown (${shown.length})`);
  }

  for (const kind of ["openai", "ollama"] as const) {
    for (const stream of [true, false]) {
      const mode = `${kind}, ${stream ? "streamed" : "not streamed"}`;

      it(`garbage JSON (${mode}): "answered with invalid JSON" and the start of it`, async () => {
        const err = await failureOf(kind, stream, "garbage-json");
        assert.match(err.message, /answered with invalid JSON: /);
        assertShowsStartOf(err.message, /^<html><head><title>Gateway<\/title>/);
        assert.equal(err.retryable, true);
      });

      it(`an answer without content (${mode}): says it had no ${kind === "openai" ? "choices" : "message"}`, async () => {
        const err = await failureOf(kind, stream, "empty-choices");
        assert.match(err.message, kind === "openai" ? /answer had no choices/ : /answer had no message/);
      });

      it(`an HTML page (${mode}): names what arrived instead`, async () => {
        const err = await failureOf(kind, stream, "html-page");
        assert.match(err.message, /answered with text\/html instead of (an event stream|a stream|JSON): /);
        assertShowsStartOf(err.message, /^<html>/);
      });
    }
  }

  it("still reports a stream cut mid-answer as cut off", async () => {
    for (const kind of ["openai", "ollama"] as const) {
      server = await startScriptedModelServer([{ fault: "cut-stream" }]);
      const err = await rejectionOf(make(kind, true).chat({ messages }));
      assert.ok(err instanceof ModelError);
      assert.match(err.message, /cut off mid-stream/, kind);
      await server.close();
    }
  });

  describe("answer size", () => {
    for (const kind of ["openai", "ollama"] as const) {
      const askedFor = (n: number) => {
        const body = server.chatRequests()[n].body;
        return kind === "openai" ? body.max_tokens : (body.options as { num_predict?: number }).num_predict;
      };

      it(`${kind}: asks for at most 8192 tokens unless told otherwise`, async () => {
        server = await startScriptedModelServer([{ reply: "a" }, { reply: "b" }]);
        await make(kind, true).chat({ messages });
        await make(kind, false).chat({ messages, maxTokens: 300 });
        assert.equal(askedFor(0), 8192);
        assert.equal(askedFor(1), 300);
      });

      it(`${kind}: stops a streamed answer past its cap, counting only what it read`, async () => {
        server = await startScriptedModelServer([{ reply: "x".repeat(100_000), omitUsage: true }], { chunkChars: 64 });
        let shown = 0;
        const err = await rejectionOf(
          make(kind, true).chat({ messages, maxTokens: 100, onText: (d) => void (shown += d.length) }),
        );
        assert.ok(err instanceof ModelError);
        assert.equal(err.kind, "too-large");
        assert.equal(err.retryable, false);
        assert.match(
          err.message,
          new RegExp(
            `passed 500 characters .*${kind === "openai" ? "max_tokens" : "num_predict"} asked for at most 100`,
          ),
        );
        assert.ok(shown <= 500, `no text past the cap reaches the caller (${shown})`);
        assert.equal(err.usage?.completionTokens, 125);
      });

      it(`${kind}: stops reading a non-streamed body past the byte cap`, async () => {
        server = await startScriptedModelServer([{ reply: "y".repeat(3_000_000) }]);
        const err = await rejectionOf(make(kind, false).chat({ messages, maxTokens: 100 }));
        assert.ok(err instanceof ModelError);
        assert.equal(err.kind, "too-large");
        assert.match(err.message, /passed 1\.0 MB/);
        assert.equal(err.usage?.completionTokens, 125, "counted only up to the answer cap");
      });
    }
  });
});
