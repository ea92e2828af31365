/**
 * Watches the bytes of one model answer as the client reads them: what arrived (for errors that say so instead
 * of guessing "the connection dropped"), whether the body ended cleanly, and a size cap.
 */
import type { ModelError } from "./types";

/** How the tapped body is framed; "ndjson" also rejects a line that is not JSON (Ollama's client would skip it). */
export type TapFraming = "sse" | "ndjson" | "json";

/** The first characters of a body shown in error messages. */
export const SNIPPET_CHARS = 200;

export interface TapOptions {
  framing: TapFraming;
  /** Bytes after which reading stops with a "too-large" error. */
  maxBytes: number;
  /** Builds the error for a body past maxBytes. */
  tooLarge: (bytes: number) => ModelError;
  /** Builds the error for an NDJSON line that is not JSON. */
  invalidLine?: (line: string) => ModelError;
}

/** What one response looked like so far. */
export class ResponseTap {
  status?: number;
  contentType = "";
  /** The first SNIPPET_CHARS characters of the body. */
  head = "";
  bytes = 0;
  /** True once the body ended normally (not cut, not aborted). */
  endedCleanly = false;
  /** SSE only: the terminating "data: [DONE]" event arrived. */
  sawDone = false;
  /** The first SSE data payload or NDJSON line that was not valid JSON. */
  badLine?: string;
  private readonly decoder = new TextDecoder();
  private pending = "";

  constructor(readonly options: TapOptions) {}

  /** Inspects one chunk; throws the error that should end the body. */
  inspect(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    if (this.bytes > this.options.maxBytes) throw this.options.tooLarge(this.bytes);
    if (this.options.framing === "json" && this.head.length >= SNIPPET_CHARS) return;
    const text = this.decoder.decode(chunk, { stream: true });
    if (this.head.length < SNIPPET_CHARS) this.head = (this.head + text).slice(0, SNIPPET_CHARS);
    if (this.options.framing === "json") return;
    const lines = (this.pending + text).split("\n");
    this.pending = lines.pop() ?? "";
    for (const line of lines) this.inspectLine(line);
  }

  /** The start of the body for a message, marked when more followed. */
  headSnippet(): string {
    const more = this.bytes > new TextEncoder().encode(this.head).byteLength;
    return snippet(this.head) + (more ? "…" : "");
  }

  /** Called when the body ended normally. */
  end(): void {
    this.endedCleanly = true;
    if (this.options.framing !== "json" && this.pending.trim()) this.inspectLine(this.pending);
    this.pending = "";
  }

  private inspectLine(raw: string): void {
    const line = raw.replace(/\r$/, "");
    let payload: string | undefined;
    if (this.options.framing === "sse") {
      if (!line.startsWith("data:")) return;
      payload = line.slice(5).trim();
      if (payload === "[DONE]") {
        this.sawDone = true;
        return;
      }
    } else {
      payload = line.trim();
    }
    if (!payload || this.badLine !== undefined) return;
    try {
      JSON.parse(payload);
    } catch {
      this.badLine = payload;
      if (this.options.framing === "ndjson" && this.options.invalidLine) throw this.options.invalidLine(payload);
    }
  }
}

/** Wraps a body so every chunk passes through the tap; errors end the body for the client reading it. */
function tappedBody(body: ReadableStream<Uint8Array>, tap: ResponseTap): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (err) {
        controller.error(err);
        return;
      }
      if (next.done) {
        try {
          tap.end();
        } catch (err) {
          controller.error(err);
          return;
        }
        controller.close();
        return;
      }
      try {
        tap.inspect(next.value);
      } catch (err) {
        controller.error(err);
        void reader.cancel(err).catch(() => undefined);
        return;
      }
      controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** A fetch whose successful responses are read through `tap`. */
export function tappedFetch(tap: ResponseTap, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const res = await base(input, init);
    tap.status = res.status;
    tap.contentType = res.headers.get("content-type") ?? "";
    if (!res.ok || !res.body) return res;
    return new Response(tappedBody(res.body, tap), {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

/** Text from a server, one line, without control characters, cut to SNIPPET_CHARS. */
export function snippet(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}
