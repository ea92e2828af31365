/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI and Ollama wire formats and answers chat requests
 * from a script, so tests drive the real client libraries end to end.
 */
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { serveChatStep } from "./model-server/chatWire";
import { readJsonBody, sendJson } from "./model-server/http";
import { handleOllama } from "./model-server/ollama";
import { handleOpenAi } from "./model-server/openai";
import { type ResolvedOptions, recordRequest } from "./model-server/route";
import type { RecordedRequest, Responder, ScriptedServerOptions, ScriptStep } from "./model-server/types";

export { deterministicEmbedding, estimateTokens } from "./model-server/fakeData";
export type {
  FaultKind,
  FaultStep,
  RecordedMessage,
  RecordedRequest,
  ReplyStep,
  Responder,
  ScriptedServerOptions,
  ScriptStep,
} from "./model-server/types";

/** A running scripted server. */
export interface ScriptedServer {
  /** Base URL, e.g. http://127.0.0.1:PORT (the Ollama host). */
  url: string;
  /** `${url}/v1`, the OpenAI baseURL. */
  openaiBaseUrl: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Chat requests only, in order. */
  chatRequests(): RecordedRequest[];
  /** Appends steps to the script. */
  push(...steps: ScriptStep[]): void;
  /** Resolves once at least `count` requests (of any kind) have arrived. */
  waitForRequests(count: number): Promise<void>;
  /** Closes the server and destroys every socket, including hanging ones. */
  close(): Promise<void>;
}

/**
 * Starts a scripted server on 127.0.0.1 with a free port. Chat requests take the next queued step; when the queue
 * is empty a responder function (if given) chooses the step; otherwise the answer is a 500 "script exhausted".
 */
export async function startScriptedModelServer(
  script: ScriptStep[] | Responder = [],
  opts: ScriptedServerOptions = {},
): Promise<ScriptedServer> {
  const options: ResolvedOptions = { ...opts, embeddingDim: opts.embeddingDim ?? 8, chunkChars: opts.chunkChars ?? 4 };
  const queue: ScriptStep[] = Array.isArray(script) ? [...script] : [];
  const responder: Responder | undefined = typeof script === "function" ? script : undefined;
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const sockets = new Set<Socket>();
  let chatCount = 0;

  const server: Server = createServer((httpReq, res) => {
    void (async () => {
      const body = await readJsonBody(httpReq);
      const req = recordRequest(httpReq, body);
      requests.push(req);
      for (const w of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const serveChat: Parameters<typeof handleOpenAi>[0]["serveChat"] = (wire) => {
        chatCount += 1;
        const step = queue.shift() ?? responder?.(req);
        serveChatStep(res, step, req, wire, options, chatCount);
      };
      const ctx = { req, res, options, serveChat };
      if (req.protocol === "ollama") handleOllama(ctx);
      else handleOpenAi(ctx);
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: `scripted server failed: ${String(err)}` });
      else res.destroy();
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("scripted server has no TCP address");
  const url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.kind === "chat"),
    push: (...steps) => void queue.push(...steps),
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
