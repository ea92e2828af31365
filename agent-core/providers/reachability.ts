/**
 * A quick "is the model server there at all?" check, made before a run spends time on checkpoints and tests:
 * one GET that any running server answers (Ollama's /api/version, an OpenAI-compatible server's /models).
 * Any HTTP answer counts as reachable; only a refused, failed or silent connection stops the run.
 */

import { displayUrl, toModelError } from "./errors";
import type { ProviderId } from "./registry";
import { ModelError } from "./types";

/** Longest wait for the server's first answer. */
export const PING_TIMEOUT_MS = 5_000;

export interface ReachabilityTarget {
  provider: ProviderId;
  baseUrl: string;
  model: string;
  apiKey?: string;
}

/** The URL the check asks. */
export function pingUrl(target: Pick<ReachabilityTarget, "provider" | "baseUrl">): string {
  const base = target.baseUrl.replace(/\/+$/, "");
  return target.provider === "ollama" ? `${base}/api/version` : `${base}/models`;
}

function serverName(target: ReachabilityTarget): string {
  return target.provider === "ollama"
    ? `Ollama at ${displayUrl(target.baseUrl)}`
    : `The model server at ${displayUrl(target.baseUrl)}`;
}

function hint(target: ReachabilityTarget): string {
  return target.provider === "ollama"
    ? "is it running? (start it with `ollama serve`)"
    : "is it running, and is the base URL right?";
}

/** Resolves once the server answers; throws ModelError ("unreachable", "timeout" or "cancelled") otherwise. */
export async function checkReachable(
  target: ReachabilityTarget,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? PING_TIMEOUT_MS;
  const timer = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timer]) : timer;
  const headers: Record<string, string> = target.apiKey ? { Authorization: `Bearer ${target.apiKey}` } : {};
  let url: string;
  try {
    url = new URL(pingUrl(target)).toString();
  } catch {
    throw new ModelError(
      "unreachable",
      `The model server address '${displayUrl(target.baseUrl)}' is not a valid URL; check the base URL setting.`,
      { retryable: false },
    );
  }
  try {
    const response = await fetch(url, { method: "GET", headers, signal, redirect: "manual" });
    await response.body?.cancel().catch(() => undefined);
  } catch (error) {
    if (options.signal?.aborted) throw new ModelError("cancelled", "The model request was cancelled.");
    if (timer.aborted) {
      throw new ModelError(
        "timeout",
        `${serverName(target)} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} — ${hint(target)}`,
        { cause: error },
      );
    }
    const classified = toModelError(error, {
      provider: target.provider,
      baseUrl: target.baseUrl,
      model: target.model,
      secrets: target.apiKey ? [target.apiKey] : [],
    });
    if (classified.kind === "unreachable" && classified.message.startsWith("Cannot reach")) throw classified;
    throw new ModelError("unreachable", `Cannot reach ${serverName(target)} — ${hint(target)}`, { cause: error });
  }
}
