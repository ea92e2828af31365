/** The baseline the prompt benches compare against: the task, every file whole and the raw test output. */
import { estimateTokens, SYSTEM_PROMPT } from "../../agent-core/loop/prompts";

/** Tokens of the prompt a tool sends that shows `files` whole and the test run's raw output, with our system prompt. */
export function naivePromptTokens(
  task: string,
  files: Array<{ path: string; content: string }>,
  output: string,
): number {
  const user = [
    `## Task\n${task}`,
    ...files.map((f) => `## ${f.path}\n\`\`\`\n${f.content}\n\`\`\``),
    `## Test output\n\`\`\`\n${output}\n\`\`\``,
    "Reply with SEARCH/REPLACE blocks only.",
  ].join("\n\n");
  return estimateTokens([
    { role: "system", content: SYSTEM_PROMPT },
    { role: "user", content: user },
  ]);
}
