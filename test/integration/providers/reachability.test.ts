import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { checkReachable, createProvider, ModelError, pingUrl } from "../../../agent-core/providers";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { closedPortUrl, rejectionOf } from "./helpers";

/** A TCP server that accepts connections and never says a word. */
async function silentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

describe("model server reachability check", () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("asks Ollama for its version and an OpenAI-compatible server for its models", () => {
    assert.equal(
      pingUrl({ provider: "ollama", baseUrl: "http://127.0.0.1:11434/" }),
      "http://127.0.0.1:11434/api/version",
    );
    assert.equal(
      pingUrl({ provider: "openai", baseUrl: "http://localhost:8000/v1" }),
      "http://localhost:8000/v1/models",
    );
  });

  it("passes when the server answers, sending the key when there is one", async () => {
    server = await startScriptedModelServer();
    await checkReachable({ provider: "openai", baseUrl: server.openaiBaseUrl, model: "m", apiKey: "sk-test-key" });
    await checkReachable({ provider: "ollama", baseUrl: server.url, model: "m" });
    assert.deepEqual(
      server.requests.map((r) => r.kind),
      ["models", "version"],
    );
    assert.equal(server.requests[0].headers.authorization, "Bearer sk-test-key");
    assert.equal(server.chatRequests().length, 0, "the check never asks the model anything");
  });

  it("counts any HTTP answer, even an error status, as reachable", async () => {
    server = await startScriptedModelServer();
    await checkReachable({ provider: "openai", baseUrl: `${server.url}/no-such-prefix`, model: "m" });
    assert.equal(server.requests[0].kind, "unknown");
  });

  it("says at once that nothing listens, with how to start Ollama", async () => {
    const url = await closedPortUrl();
    const err = await rejectionOf(checkReachable({ provider: "ollama", baseUrl: url, model: "m" }));
    assert.ok(err instanceof ModelError);
    assert.equal(err.kind, "unreachable");
    assert.match(err.message, /Cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(err.message, /ollama serve/);
  });

  it("gives up on a server that accepts the connection but never answers", async () => {
    const silent = await silentServer();
    try {
      const err = await rejectionOf(
        checkReachable({ provider: "openai", baseUrl: `${silent.url}/v1`, model: "m" }, { timeoutMs: 200 }),
      );
      assert.ok(err instanceof ModelError);
      assert.equal(err.kind, "timeout");
      assert.match(err.message, /did not answer within 200 ms/);
      assert.match(err.message, /base URL/);
    } finally {
      await silent.close();
    }
  });

  it("stops when the caller cancels", async () => {
    const silent = await silentServer();
    try {
      const controller = new AbortController();
      const pending = checkReachable(
        { provider: "ollama", baseUrl: silent.url, model: "m" },
        { signal: controller.signal, timeoutMs: 60_000 },
      );
      controller.abort();
      const err = await rejectionOf(pending);
      assert.ok(err instanceof ModelError);
      assert.equal(err.kind, "cancelled");
    } finally {
      await silent.close();
    }
  });

  it("rejects a base URL that is not a URL, naming the setting", async () => {
    const err = await rejectionOf(checkReachable({ provider: "openai", baseUrl: "localhost 8000", model: "m" }));
    assert.match(err.message, /not a valid URL; check the base URL/);
  });

  it("is what createProvider's ping runs", async () => {
    const url = await closedPortUrl();
    const provider = createProvider({ provider: "ollama", model: "m", baseUrl: url });
    assert.ok(provider.ping, "providers built from settings can be pinged");
    const err = await rejectionOf(provider.ping());
    assert.match(err.message, /Cannot reach Ollama/);
  });
});
