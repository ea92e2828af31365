/** OpenAI wire format: /v1/chat/completions (JSON and SSE), /v1/embeddings, /v1/models. */
import type { ChatResult, ChatWire } from "./chatWire";
import { deterministicEmbedding, estimateTokens } from "./fakeData";
import { sendJson } from "./http";
import type { RouteContext } from "./route";
import type { RecordedRequest } from "./types";

const created = 1_700_000_000;

function usageBody(result: ChatResult): Record<string, number> | undefined {
  if (!result.usage) return undefined;
  const { promptTokens, completionTokens } = result.usage;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

function chunk(model: string, choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: "chatcmpl-scripted", object: "chat.completion.chunk", created, model, choices, ...extra };
}

/** SSE framing with the fields the official client's stream helpers rely on (role first, index, finish_reason). */
export const openAiWire: ChatWire = {
  errorBody: (status, message) => ({
    error: { message, type: status === 429 ? "rate_limit_error" : "server_error", code: null },
  }),
  streamContentType: "text/event-stream",
  frame: (payload) => `data: ${JSON.stringify(payload)}\n\n`,
  openingEvents: (model) => [
    chunk(model, [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]),
  ],
  deltaEvent: (model, piece) => chunk(model, [{ index: 0, delta: { content: piece }, finish_reason: null }]),
  closingFrames(model, result, req) {
    const frames = [openAiWire.frame(chunk(model, [{ index: 0, delta: {}, finish_reason: result.finishReason }]))];
    const streamOptions = req.body.stream_options as { include_usage?: boolean } | undefined;
    const usage = usageBody(result);
    if (streamOptions?.include_usage && usage) frames.push(openAiWire.frame(chunk(model, [], { usage })));
    frames.push("data: [DONE]\n\n");
    return frames;
  },
  fullBody: (model, result) => ({
    id: "chatcmpl-scripted",
    object: "chat.completion",
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.text },
        finish_reason: result.finishReason,
        logprobs: null,
      },
    ],
    ...(result.usage ? { usage: usageBody(result) } : {}),
  }),
  malformedFrame: "data: {not valid json\n\n",
  choicelessFrames: (model) => [
    openAiWire.frame(chunk(model, [])),
    openAiWire.frame(chunk(model, [])),
    "data: [DONE]\n\n",
  ],
  choicelessBody: (model) => ({ id: "chatcmpl-scripted", object: "chat.completion", created, model, choices: [] }),
};

/** Classifies an OpenAI-style path. */
export function openAiKind(method: string, path: string): RecordedRequest["kind"] {
  if (method === "POST" && path === "/v1/chat/completions") return "chat";
  if (method === "POST" && path === "/v1/embeddings") return "embed";
  if (method === "GET" && path === "/v1/models") return "models";
  return "unknown";
}

function embeddingPayload(vector: number[], format: unknown): number[] | string {
  if (format !== "base64") return vector;
  return Buffer.from(new Float32Array(vector).buffer).toString("base64");
}

/** Answers one OpenAI-format request. */
export function handleOpenAi(ctx: RouteContext): void {
  const { req, res, options } = ctx;
  const auth = req.headers["authorization"];
  if (options.apiKey !== undefined && auth !== `Bearer ${options.apiKey}`) {
    // Real servers echo (part of) the rejected key; the client must not pass it on to users.
    const given = typeof auth === "string" ? auth.replace(/^Bearer /, "") : "(none)";
    sendJson(res, 401, {
      error: {
        message: `Incorrect API key provided: ${given}`,
        type: "invalid_request_error",
        code: "invalid_api_key",
      },
    });
    return;
  }
  if (
    (req.kind === "chat" || req.kind === "embed") &&
    options.knownModels &&
    !options.knownModels.includes(req.model ?? "")
  ) {
    const message = `The model \`${req.model}\` does not exist or you do not have access to it.`;
    sendJson(res, 404, { error: { message, type: "invalid_request_error", code: "model_not_found" } });
    return;
  }
  switch (req.kind) {
    case "chat":
      ctx.serveChat(openAiWire);
      return;
    case "embed": {
      const input = req.body.input;
      const texts = Array.isArray(input) ? input.map(String) : [String(input ?? "")];
      const data = texts.map((t, index) => ({
        object: "embedding",
        index,
        embedding: embeddingPayload(deterministicEmbedding(t, options.embeddingDim), req.body.encoding_format),
      }));
      const tokens = texts.reduce((sum, t) => sum + estimateTokens(t), 0);
      sendJson(res, 200, {
        object: "list",
        data,
        model: req.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
      return;
    }
    case "models":
      sendJson(res, 200, {
        object: "list",
        data: (options.knownModels ?? ["scripted-model"]).map((id) => ({
          id,
          object: "model",
          created,
          owned_by: "scripted",
        })),
      });
      return;
    default:
      sendJson(res, 404, {
        error: { message: `no route for ${req.method} ${req.path}`, type: "invalid_request_error", code: null },
      });
  }
}
