/** Maps what the openai/ollama clients and fetch throw to ModelError, with messages users can act on. */

import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { Redactor, redactUrl } from "../secrets/redact";
import { ModelError } from "./types";

/** What the classifier needs to know about the call that failed. */
export interface ErrorContext {
  /** The provider's id: the core's own (registry.ts) or one a host supplies. */
  provider: string;
  baseUrl: string;
  model: string;
  /** Strings that must never appear in a message (API keys). */
  secrets?: string[];
  /** Retry-After seen on the failed response, in ms (the ollama client drops headers). */
  retryAfterMs?: number;
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const DROPPED_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

/** Shows a URL without user name and password, and with secret query values (api-key=, token=, …) hidden. */
export function displayUrl(url: string): string {
  return redactUrl(url);
}

/** Replaces the given secrets, their cut-off ends and anything shaped like a key in text. */
export function redact(text: string, secrets: string[] = []): string {
  return new Redactor(secrets).redact(text);
}

/** Parses Retry-After (delta seconds or HTTP date) or retry-after-ms into milliseconds. */
export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    const errors = (current as { errors?: unknown }).errors; // AggregateError from happy-eyeballs connects
    if (Array.isArray(errors)) codes.push(...errors.flatMap(errorCodes));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function serverName(ctx: ErrorContext): string {
  return ctx.provider === "ollama"
    ? `Ollama at ${displayUrl(ctx.baseUrl)}`
    : `the model server at ${displayUrl(ctx.baseUrl)}`;
}

/** serverName at the start of a sentence. */
function subject(ctx: ErrorContext): string {
  const name = serverName(ctx);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function unreachable(ctx: ErrorContext, cause: unknown): ModelError {
  const hint =
    ctx.provider === "ollama" ? "is it running? (`ollama serve`)" : "is it running, and is the base URL right?";
  return new ModelError("unreachable", `Cannot reach ${serverName(ctx)} — ${hint}`, { cause });
}

function dropped(ctx: ErrorContext, cause: unknown): ModelError {
  return new ModelError(
    "unreachable",
    `The connection to ${serverName(ctx)} closed before the answer arrived; retrying may help.`,
    { cause },
  );
}

/** Builds the error for an HTTP error status. `serverMessage` is what the server said (already redacted). */
export function statusError(status: number, serverMessage: string, ctx: ErrorContext, cause?: unknown): ModelError {
  const said = serverMessage ? `: ${serverMessage}` : "";
  const where = subject(ctx);
  if (status === 401 || status === 403) {
    return new ModelError("auth", `${where} rejected the credentials (HTTP ${status}). Check the API key setting.`, {
      status,
    });
  }
  if (status === 404) {
    if (/model/i.test(serverMessage) || ctx.provider === "ollama") {
      const fix =
        ctx.provider === "ollama"
          ? ` (\`ollama pull ${ctx.model}\`)`
          : ` at ${displayUrl(ctx.baseUrl)}; check the model name`;
      return new ModelError("not-found", `Model '${ctx.model}' not found on the server${fix}`, { status, cause });
    }
    return new ModelError(
      "not-found",
      `Nothing found at ${displayUrl(ctx.baseUrl)} (HTTP 404); check the base URL (OpenAI-compatible servers usually end in /v1)${said}`,
      { status, cause },
    );
  }
  if (status === 429) {
    return new ModelError("rate-limited", `${where} is rate limiting requests (HTTP 429)${said}`, {
      status,
      retryAfterMs: ctx.retryAfterMs,
      cause,
    });
  }
  if (status === 408)
    return new ModelError("timeout", `${where} timed out handling the request (HTTP 408)`, { status, cause });
  if (status >= 500)
    return new ModelError("server", `${where} failed (HTTP ${status})${said}`, {
      status,
      retryAfterMs: ctx.retryAfterMs,
      cause,
    });
  return new ModelError("bad-response", `${where} rejected the request (HTTP ${status})${said}`, {
    status,
    retryable: false,
    cause,
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Keeps the original error as `cause` only when it carries no secret. */
function safeCause(err: unknown, ctx: ErrorContext): unknown {
  const text = `${messageOf(err)} ${String((err as { error?: unknown })?.error ? JSON.stringify((err as { error: unknown }).error) : "")}`;
  return redact(text, ctx.secrets) === text ? err : undefined;
}

/** Turns anything the model clients throw into a ModelError. Secrets in ctx never reach the message. */
export function toModelError(err: unknown, ctx: ErrorContext): ModelError {
  if (err instanceof ModelError) return err;
  const cause = safeCause(err, ctx);
  const clean = (text: string): string => redact(text, ctx.secrets);
  if (err instanceof APIUserAbortError)
    return new ModelError("cancelled", "The model request was cancelled.", { cause });
  if (err instanceof APIConnectionTimeoutError)
    return new ModelError("timeout", `${subject(ctx)} did not answer in time.`, { cause });
  if (err instanceof APIConnectionError) {
    const codes = errorCodes(err);
    return codes.some((c) => UNREACHABLE_CODES.has(c)) ? unreachable(ctx, cause) : dropped(ctx, cause);
  }
  if (err instanceof APIError && typeof err.status === "number") {
    const body = err.error as { message?: unknown } | undefined;
    const serverMessage = typeof body?.message === "string" ? body.message : "";
    const retryAfterMs = parseRetryAfter(err.headers) ?? ctx.retryAfterMs;
    return statusError(err.status, clean(serverMessage), { ...ctx, retryAfterMs }, cause);
  }
  const status = (err as { status_code?: unknown })?.status_code;
  if (err instanceof Error && err.name === "ResponseError" && typeof status === "number") {
    return statusError(status, clean(err.message), ctx, cause);
  }
  if (err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError")) {
    return err.name === "TimeoutError"
      ? new ModelError("timeout", `${subject(ctx)} did not answer in time.`, { cause })
      : new ModelError("cancelled", "The model request was cancelled.", { cause });
  }
  const codes = errorCodes(err);
  if (codes.some((c) => UNREACHABLE_CODES.has(c))) return unreachable(ctx, cause);
  if (codes.some((c) => DROPPED_CODES.has(c)) || messageOf(err) === "terminated") return dropped(ctx, cause);
  if (codes.includes("UND_ERR_HEADERS_TIMEOUT") || codes.includes("UND_ERR_BODY_TIMEOUT")) {
    return new ModelError("timeout", `${subject(ctx)} did not answer in time.`, { cause });
  }
  if (err instanceof SyntaxError) {
    return new ModelError("bad-response", `${subject(ctx)} sent an answer that is not valid JSON; retrying may help.`, {
      cause,
    });
  }
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) return dropped(ctx, cause);
  return new ModelError("bad-response", `Unexpected failure talking to ${serverName(ctx)}: ${clean(messageOf(err))}`, {
    retryable: false,
    cause,
  });
}
