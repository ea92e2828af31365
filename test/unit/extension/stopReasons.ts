/** A short run that ends for each stop reason, with the messages the loop really writes. */
import type { LoopEvent, StopReason } from "../../../agent-core/events";

/** The message agent-core's loop writes for each stop reason. */
export const STOP_MESSAGES: Record<StopReason, string> = {
  green: "All tests pass after 2 iterations.",
  "max-iterations": "Tests still fail after 8 iterations.",
  "token-budget": "Token budget reached: 198500 used of 200000, the next request needs about 3100.",
  "time-budget": "Time budget of 1200 s reached.",
  cancelled: "Cancelled by the user; the workspace was restored.",
  stuck: "Stuck: the same failure came back after 3 attempts in a row (cart > total rounds to cents).",
  "model-error": "The connection to Ollama at http://127.0.0.1:11434 was refused; is the server running?",
  "test-error": "The test command could not start: npx: command not found",
  error: "Unexpected error: EACCES: permission denied, open 'src/cart.ts'",
};

/** run-started, two iterations with phases, then run-finished with `reason`. */
export function runEndingWith(reason: StopReason): LoopEvent[] {
  const base = { runId: "run-stop", at: 1_730_000_000_000 };
  const budget = { iterations: 0, maxIterations: 8, tokens: 0, maxTokens: 200_000, elapsedMs: 0, maxMs: 1_200_000 };
  return [
    {
      ...base,
      type: "run-started",
      file: "src/cart.ts",
      workspace: "/home/dev/shop",
      provider: "ollama",
      model: "qwen2.5-coder:7b",
      testCommand: "npx vitest run",
      budget,
    },
    { ...base, type: "iteration-started", iteration: 1 },
    { ...base, type: "phase", iteration: 1, phase: "plan" },
    { ...base, type: "phase", iteration: 1, phase: "test" },
    { ...base, type: "iteration-started", iteration: 2 },
    { ...base, type: "phase", iteration: 2, phase: "reflect" },
    {
      ...base,
      type: "run-finished",
      reason,
      message: STOP_MESSAGES[reason],
      iterations: 2,
      promptTokens: 4100,
      completionTokens: 600,
      durationMs: 30_500,
    },
  ];
}
