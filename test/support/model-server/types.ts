/** Shapes shared by the scripted model server's protocol modules. */

/** A chat message as the server received it (content flattened to text). */
export interface RecordedMessage {
  role: string;
  content: string;
}

/** One HTTP request the scripted server received, in arrival order. */
export interface RecordedRequest {
  /** Which wire format the request used. */
  protocol: "openai" | "ollama";
  kind: "chat" | "embed" | "models" | "version" | "unknown";
  method: string;
  path: string;
  /** Parsed JSON body ({} for GET or an unparsable body). */
  body: Record<string, unknown>;
  /** Chat messages from the body (empty for non-chat requests). */
  messages: RecordedMessage[];
  /** True when the client asked for a streamed answer. */
  streamed: boolean;
  model?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A scripted answer. Token counts default to ceil(chars / 4). */
export interface ReplyStep {
  reply: string | ((req: RecordedRequest) => string);
  promptTokens?: number;
  completionTokens?: number;
  /** Defaults to "stop". */
  finishReason?: string;
  /** Leave the usage numbers out of the answer (to exercise client-side estimates). */
  omitUsage?: boolean;
  /** Streamed answers only: send this many content chunks, then keep the connection open forever. */
  stallAfterChunks?: number;
}

export type FaultKind =
  | "429"
  | "500"
  | "hang"
  | "cut-stream"
  | "malformed-json"
  | "close-connection"
  | "garbage-json"
  | "empty-choices"
  | "html-page";

/**
 * A scripted failure. "hang" never answers; "cut-stream" drops the socket after part of the answer.
 * "garbage-json": a complete 200 answer whose body (or every stream line) is not JSON; "empty-choices": a
 * complete, well-formed answer without content (OpenAI: `choices: []`; Ollama: no `message`, no `done`);
 * "html-page": a proxy's 200 HTML page instead of an answer.
 */
export interface FaultStep {
  fault: FaultKind;
  /** For "429": value of the Retry-After header, in seconds. */
  retryAfterSec?: number;
}

export type ScriptStep = ReplyStep | FaultStep;

/** Chooses the step for a chat request when the queue is empty (for prompt-dependent answers). */
export type Responder = (req: RecordedRequest) => ScriptStep;

/** Options for startScriptedModelServer. */
export interface ScriptedServerOptions {
  /** Length of the deterministic embedding vectors (default 8). */
  embeddingDim?: number;
  /** Characters per streamed chunk (default 4). */
  chunkChars?: number;
  /** When set, chat/embed requests naming another model get a 404 "model not found". */
  knownModels?: string[];
  /** When set, OpenAI requests must carry `Authorization: Bearer <apiKey>` or get a 401. */
  apiKey?: string;
}
