/** Serves one scripted step (reply or fault) for a chat request, in any wire format. */
import type { ServerResponse } from "node:http";
import { estimateTokens, splitIntoChunks } from "./fakeData";
import { sendJson } from "./http";
import type { RecordedRequest, ScriptStep } from "./types";

/** The finished answer a step produces. */
export interface ChatResult {
  text: string;
  finishReason: string;
  /** Absent when the step asked to omit usage. */
  usage?: { promptTokens: number; completionTokens: number };
}

/** What differs between the OpenAI and Ollama chat formats. */
export interface ChatWire {
  errorBody(status: number, message: string): unknown;
  streamContentType: string;
  /** Serialises one stream event (SSE "data:" line or NDJSON line). */
  frame(payload: unknown): string;
  /** Events before any content (OpenAI's role-only first delta). */
  openingEvents(model: string): unknown[];
  deltaEvent(model: string, piece: string): unknown;
  /** Already-serialised frames that finish a stream (finish reason, usage, terminator). */
  closingFrames(model: string, result: ChatResult, req: RecordedRequest): string[];
  fullBody(model: string, result: ChatResult): unknown;
  /** A frame that is not valid JSON. */
  malformedFrame: string;
  /** Frames of a complete stream that carries no answer (no choices / no message). */
  choicelessFrames(model: string): string[];
  /** A complete non-streamed body that carries no answer. */
  choicelessBody(model: string): unknown;
}

/** What a misconfigured proxy sends with status 200. */
export const GARBAGE_TEXT =
  "<html><head><title>Gateway</title></head><body><h1>Upstream sent garbage</h1><p>" +
  "lorem ipsum ".repeat(30) +
  "</p></body></html>";

/** Serving knobs shared by both protocols. */
export interface ServeOptions {
  chunkChars: number;
}

function resultOf(step: Exclude<ScriptStep, { fault: string }>, req: RecordedRequest): ChatResult {
  const text = typeof step.reply === "function" ? step.reply(req) : step.reply;
  const promptChars = req.messages.reduce((sum, m) => sum + m.content, "");
  return {
    text,
    finishReason: step.finishReason ?? "stop",
    usage: step.omitUsage
      ? undefined
      : {
          promptTokens: step.promptTokens ?? estimateTokens(promptChars),
          completionTokens: step.completionTokens ?? estimateTokens(text),
        },
  };
}

/** Writes frames, then runs `after` once they have been flushed to the socket. */
function writeThen(res: ServerResponse, frames: string[], after: () => void): void {
  res.write(frames.join(""), () => after());
}

function serveFault(
  res: ServerResponse,
  step: { fault: string; retryAfterSec?: number },
  req: RecordedRequest,
  wire: ChatWire,
  opts: ServeOptions,
): void {
  const model = req.model ?? "scripted";
  switch (step.fault) {
    case "429": {
      const headers: Record<string, string> =
        step.retryAfterSec !== undefined ? { "retry-after": String(step.retryAfterSec) } : {};
      sendJson(res, 429, wire.errorBody(429, "Rate limit reached (scripted)"), headers);
      return;
    }
    case "500":
      sendJson(res, 500, wire.errorBody(500, "Internal server error (scripted)"));
      return;
    case "hang":
      return; // The socket stays open until the client gives up or the server closes.
    case "close-connection":
      res.socket?.destroy();
      return;
    case "cut-stream": {
      const pieces = splitIntoChunks("This answer will be cut off in the middle", opts.chunkChars);
      if (req.streamed) {
        res.writeHead(200, { "content-type": wire.streamContentType });
        const events = [...wire.openingEvents(model), ...pieces.slice(0, 3).map((p) => wire.deltaEvent(model, p))];
        writeThen(
          res,
          events.map((e) => wire.frame(e)),
          () => res.socket?.destroy(),
        );
      } else {
        const body = JSON.stringify(wire.fullBody(model, { text: pieces.join(""), finishReason: "stop" }));
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        writeThen(res, [body.slice(0, Math.floor(body.length / 2))], () => res.socket?.destroy());
      }
      return;
    }
    case "malformed-json":
      if (req.streamed) {
        res.writeHead(200, { "content-type": wire.streamContentType });
        const events = [...wire.openingEvents(model), wire.deltaEvent(model, "Hel")];
        res.end(events.map((e) => wire.frame(e)).join("") + wire.malformedFrame);
      } else {
        const body = '{"model": "broken", "choices": [ {"message": ';
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      }
      return;
    case "garbage-json": {
      // Valid framing, invalid JSON inside: SSE "data:" lines or NDJSON lines, or a JSON-typed body.
      const lines = GARBAGE_TEXT.match(/.{1,80}/g) ?? [];
      if (req.streamed) {
        res.writeHead(200, { "content-type": wire.streamContentType });
        res.end(
          lines.map((l) => (wire.streamContentType === "text/event-stream" ? `data: ${l}\n\n` : `${l}\n`)).join(""),
        );
      } else {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(GARBAGE_TEXT) });
        res.end(GARBAGE_TEXT);
      }
      return;
    }
    case "empty-choices":
      if (req.streamed) {
        res.writeHead(200, { "content-type": wire.streamContentType });
        res.end(wire.choicelessFrames(model).join(""));
      } else {
        sendJson(res, 200, wire.choicelessBody(model));
      }
      return;
    case "html-page":
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-length": Buffer.byteLength(GARBAGE_TEXT),
      });
      res.end(GARBAGE_TEXT);
      return;
    default:
      sendJson(res, 500, wire.errorBody(500, `unknown scripted fault "${step.fault}"`));
  }
}

/** Answers a chat request with one step; a missing step gets a clear 500 "script exhausted". */
export function serveChatStep(
  res: ServerResponse,
  step: ScriptStep | undefined,
  req: RecordedRequest,
  wire: ChatWire,
  opts: ServeOptions,
  requestNumber: number,
): void {
  if (!step) {
    const message = `script exhausted: no scripted step left for chat request #${requestNumber} (${req.method} ${req.path})`;
    sendJson(res, 500, wire.errorBody(500, message));
    return;
  }
  if ("fault" in step) {
    serveFault(res, step, req, wire, opts);
    return;
  }
  const model = req.model ?? "scripted";
  const result = resultOf(step, req);
  if (!req.streamed) {
    sendJson(res, 200, wire.fullBody(model, result));
    return;
  }
  res.writeHead(200, { "content-type": wire.streamContentType, "cache-control": "no-cache" });
  const pieces = splitIntoChunks(result.text, opts.chunkChars);
  const opening = wire.openingEvents(model).map((e) => wire.frame(e));
  if (step.stallAfterChunks !== undefined) {
    const sent = pieces.slice(0, step.stallAfterChunks).map((p) => wire.frame(wire.deltaEvent(model, p)));
    res.write([...opening, ...sent].join(""));
    return; // Stalls: the connection stays open without further data.
  }
  for (const frame of opening) res.write(frame);
  for (const piece of pieces) res.write(wire.frame(wire.deltaEvent(model, piece)));
  res.end(wire.closingFrames(model, result, req).join(""));
}
