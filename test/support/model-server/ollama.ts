/** Ollama wire format: /api/chat (NDJSON and JSON), /api/embed, /api/tags, /api/version. */
import type { ChatResult, ChatWire } from "./chatWire";
import { deterministicEmbedding, estimateTokens } from "./fakeData";
import { sendJson } from "./http";
import type { RouteContext } from "./route";
import type { RecordedRequest } from "./types";

const createdAt = "2024-01-01T00:00:00.000Z";

function finalFields(result: ChatResult): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    done: true,
    done_reason: result.finishReason,
    total_duration: 1_000_000,
    load_duration: 1000,
  };
  if (result.usage) {
    Object.assign(fields, {
      prompt_eval_count: result.usage.promptTokens,
      prompt_eval_duration: 1000,
      eval_count: result.usage.completionTokens,
      eval_duration: 1000,
    });
  }
  return fields;
}

/** NDJSON framing; the last line carries done/done_reason and the token counts. */
export const ollamaWire: ChatWire = {
  errorBody: (_status, message) => ({ error: message }),
  streamContentType: "application/x-ndjson",
  frame: (payload) => `${JSON.stringify(payload)}\n`,
  openingEvents: () => [],
  deltaEvent: (model, piece) => ({
    model,
    created_at: createdAt,
    message: { role: "assistant", content: piece },
    done: false,
  }),
  closingFrames: (model, result) => [
    ollamaWire.frame({
      model,
      created_at: createdAt,
      message: { role: "assistant", content: "" },
      ...finalFields(result),
    }),
  ],
  fullBody: (model, result) => ({
    model,
    created_at: createdAt,
    message: { role: "assistant", content: result.text },
    ...finalFields(result),
  }),
  malformedFrame: "{not valid json\n",
  choicelessFrames: (model) => [
    ollamaWire.frame({ model, created_at: createdAt }),
    ollamaWire.frame({ model, created_at: createdAt }),
  ],
  choicelessBody: (model) => ({ model, created_at: createdAt }),
};

/** Classifies an Ollama-style path. */
export function ollamaKind(method: string, path: string): RecordedRequest["kind"] {
  if (method === "POST" && path === "/api/chat") return "chat";
  if (method === "POST" && path === "/api/embed") return "embed";
  if (method === "GET" && path === "/api/tags") return "models";
  if (method === "GET" && path === "/api/version") return "version";
  return "unknown";
}

/** Answers one Ollama-format request. */
export function handleOllama(ctx: RouteContext): void {
  const { req, res, options } = ctx;
  if (
    (req.kind === "chat" || req.kind === "embed") &&
    options.knownModels &&
    !options.knownModels.includes(req.model ?? "")
  ) {
    sendJson(res, 404, { error: `model '${req.model}' not found` });
    return;
  }
  switch (req.kind) {
    case "chat":
      ctx.serveChat(ollamaWire);
      return;
    case "embed": {
      const input = req.body.input;
      const texts = Array.isArray(input) ? input.map(String) : [String(input ?? "")];
      const embeddings = texts.map((t) => deterministicEmbedding(t, options.embeddingDim));
      const tokens = texts.reduce((sum, t) => sum + estimateTokens(t), 0);
      sendJson(res, 200, {
        model: req.model,
        embeddings,
        total_duration: 1000,
        load_duration: 100,
        prompt_eval_count: tokens,
      });
      return;
    }
    case "models": {
      const names = options.knownModels ?? ["scripted-model"];
      const models = names.map((name) => ({
        name,
        model: name,
        modified_at: createdAt,
        size: 1,
        digest: "0".repeat(64),
        details: { format: "gguf", family: "scripted", parameter_size: "1B", quantization_level: "Q4_0" },
      }));
      sendJson(res, 200, { models });
      return;
    }
    case "version":
      sendJson(res, 200, { version: "0.6.4" });
      return;
    default:
      sendJson(res, 404, { error: `no route for ${req.method} ${req.path}` });
  }
}
