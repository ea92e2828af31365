/**
 * One model request of the loop: the answer is capped by what the token budget has left, every token is counted
 * (also those of an answer that failed), and the provider's failures become the run's stop reasons.
 */
import { describeRetry } from "../providers";
import { type ChatMessage, ModelError } from "../providers/types";
import { type RunContext, StopRun } from "./context";

/** Fewer tokens than this left in the budget cannot buy a useful answer. */
const MIN_ANSWER_TOKENS = 256;

export async function askModel(ctx: RunContext, messages: ChatMessage[], promptEstimate: number) {
  const { tokenBudget, maxAnswerTokens } = ctx.config;
  // The answer may use what the budget has left after the prompt, up to the configured answer size.
  const left = tokenBudget - ctx.tokens - promptEstimate;
  if (left < MIN_ANSWER_TOKENS) {
    throw new StopRun(
      "token-budget",
      `Token budget reached: ${ctx.tokens} used of ${tokenBudget}, too little left for an answer to a prompt of about ${promptEstimate} tokens.`,
    );
  }
  const maxTokens = Math.min(maxAnswerTokens, left);
  const byBudget = maxTokens < maxAnswerTokens;
  try {
    const response = await ctx.ports.model.chat({
      messages,
      signal: ctx.signal,
      temperature: ctx.config.temperature,
      maxTokens,
      // At the budget's edge the answer is stopped where it would pass it (an answer is counted as chars / 4).
      ...(byBudget ? { maxAnswerChars: maxTokens * 4 } : {}),
      onText: (delta) => ctx.emit("model-text", { iteration: ctx.iteration, delta }),
      onRetry: (notice) => ctx.emit("log", { level: "warn", message: describeRetry(notice) }),
    });
    ctx.modelCalls++;
    ctx.promptTokens += response.usage.promptTokens;
    ctx.completionTokens += response.usage.completionTokens;
    return response;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (!(error instanceof ModelError)) throw error;
    if (error.usage) {
      ctx.promptTokens += error.usage.promptTokens;
      ctx.completionTokens += error.usage.completionTokens;
    }
    if (error.kind === "too-large" && byBudget) {
      throw new StopRun(
        "token-budget",
        `Token budget reached while the model was answering: ${ctx.tokens} used of ${tokenBudget}. ${error.message} Nothing was applied.`,
      );
    }
    if (error.kind === "too-large")
      throw new StopRun("model-error", `The model's answer was too large. ${error.message} Nothing was applied.`);
    throw new StopRun("model-error", error.message);
  }
}
