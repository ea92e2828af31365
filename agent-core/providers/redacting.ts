/** The one door every prompt goes through: secrets are taken out before any provider sends a request. */
import type { Redactor } from "../secrets/redact";
import { type ChatMessage, type ChatRequest, ModelError, type ModelProvider, type RetryNotice } from "./types";

/**
 * Wraps a provider so chat messages and texts to embed are redacted before they leave, and error messages
 * (which may quote a server's answer or a URL) are redacted before they reach the host. A cause that still
 * carries a secret is dropped: hosts print causes.
 */
export function withRedaction(provider: ModelProvider, redactor: Redactor): ModelProvider {
  const cleanError = (err: unknown): unknown => {
    if (!(err instanceof ModelError)) return err;
    const message = redactor.redact(err.message);
    const causeText =
      err.cause instanceof Error ? `${err.cause.message} ${String(err.cause.cause ?? "")}` : String(err.cause ?? "");
    const causeSafe = redactor.redact(causeText) === causeText;
    if (message === err.message && causeSafe) return err;
    return new ModelError(err.kind, message, {
      retryable: err.retryable,
      status: err.status,
      retryAfterMs: err.retryAfterMs,
      cause: causeSafe ? err.cause : undefined,
    });
  };
  const onRetry = (req: ChatRequest) =>
    req.onRetry &&
    ((notice: RetryNotice) => req.onRetry?.({ ...notice, error: cleanError(notice.error) as ModelError }));

  const wrapped: ModelProvider = {
    id: provider.id,
    model: provider.model,
    async chat(req) {
      const messages = req.messages.map((m): ChatMessage => ({ role: m.role, content: redactor.redact(m.content) }));
      try {
        return await provider.chat({ ...req, messages, onRetry: onRetry(req) });
      } catch (err) {
        throw cleanError(err);
      }
    },
  };
  if (provider.ping) {
    const ping = provider.ping.bind(provider);
    wrapped.ping = async (signal) => {
      try {
        await ping(signal);
      } catch (err) {
        throw cleanError(err);
      }
    };
  }
  if (provider.embed) {
    const embed = provider.embed.bind(provider);
    wrapped.embed = async (texts, signal) => {
      try {
        return await embed(
          texts.map((t) => redactor.redact(t)),
          signal,
        );
      } catch (err) {
        throw cleanError(err);
      }
    };
  }
  return wrapped;
}
