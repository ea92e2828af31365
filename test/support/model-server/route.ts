/** Turns an incoming HTTP request into a RecordedRequest and the context protocol handlers use. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatWire } from "./chatWire";
import { ollamaKind } from "./ollama";
import { openAiKind } from "./openai";
import type { RecordedMessage, RecordedRequest, ScriptedServerOptions } from "./types";

/** Server options with defaults filled in. */
export type ResolvedOptions = Required<Pick<ScriptedServerOptions, "embeddingDim" | "chunkChars">> &
  ScriptedServerOptions;

/** What a protocol handler gets for one request. */
export interface RouteContext {
  req: RecordedRequest;
  res: ServerResponse;
  options: ResolvedOptions;
  /** Answers the chat request with the next scripted step in the given wire format. */
  serveChat(wire: ChatWire): void;
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === "object" && "text" in part ? String((part as { text: unknown }).text) : "",
      )
      .join("");
  }
  return "";
}

function messagesOf(body: Record<string, unknown>): RecordedMessage[] {
  const raw = body.messages;
  if (!Array.isArray(raw)) return [];
  return raw.map((m: unknown) => {
    const msg = (m ?? {}) as { role?: unknown; content?: unknown };
    return { role: String(msg.role ?? ""), content: textOf(msg.content) };
  });
}

/** Builds the record of one request from its method, path, headers and parsed body. */
export function recordRequest(http: IncomingMessage, body: Record<string, unknown>): RecordedRequest {
  const method = http.method ?? "GET";
  const path = new URL(http.url ?? "/", "http://localhost").pathname;
  const protocol = path.startsWith("/api/") ? "ollama" : "openai";
  const kind = protocol === "ollama" ? ollamaKind(method, path) : openAiKind(method, path);
  // Ollama streams unless told otherwise; OpenAI only when asked.
  const streamed = kind === "chat" && (protocol === "ollama" ? body.stream !== false : body.stream === true);
  return {
    protocol,
    kind,
    method,
    path,
    body,
    messages: messagesOf(body),
    streamed,
    model: typeof body.model === "string" ? body.model : undefined,
    headers: { ...http.headers },
  };
}
