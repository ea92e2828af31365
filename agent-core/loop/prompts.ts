import { type EditFormatId, editFormat } from "../edits/formats";
import { languageRowOf } from "../languages";
import { estimateTokens as estimateText } from "../providers/tokens";
import type { ChatMessage } from "../providers/types";
import type { TestCaseResult } from "../testing/types";
import { GAP } from "./outline";
import type { ShownSource } from "./sourceContext";

/** The system prompt asking for answers in `format`. */
export function systemPrompt(format: EditFormatId = "search-replace"): string {
  return `You are Greenloop, a careful software engineer. You fix source code until its tests pass.\n\n${editFormat(format).instructions}`;
}

/** The system prompt for SEARCH/REPLACE answers. */
export const SYSTEM_PROMPT = systemPrompt("search-replace");

export interface PromptInput {
  target: { path: string; content: string };
  tests: Array<{ path: string; content: string }>;
  /** Source files beside the target (in the failing stack, imported by it), whole or as outlines; editable. */
  sources?: readonly ShownSource[];
  todos: string[];
  failures: TestCaseResult[];
  totalFailed: number;
  crashOutput?: string;
  /** The developer's uncommitted change to the target (unified diff), when known. */
  recentChange?: string;
  memory?: string;
  attempts: string[];
  feedback: string[];
  maxFileChars: number;
  /** The answer format asked for; SEARCH/REPLACE when absent. */
  format?: EditFormatId;
  /** Why this request asks for a different format than the last one, said to the model. */
  formatNote?: string;
}

/** Builds the compact prompt: the target, the relevant tests, parsed failures, and what was tried. */
export function buildMessages(input: PromptInput): ChatMessage[] {
  const parts: string[] = [];
  const sources = input.sources ?? [];
  parts.push(
    sources.length
      ? `## Task\nMake the failing tests pass by editing \`${input.target.path}\` or the source files shown with it (the bug may be in any of them; change as many as the fix needs). Test files are read-only.`
      : `## Task\nMake the failing tests pass by editing \`${input.target.path}\`.`,
  );
  if (input.todos.length)
    parts.push(`Unfinished parts (TODO markers):\n${input.todos.map((t) => `- ${t}`).join("\n")}`);
  parts.push(fileSection(input.target.path, input.target.content, input.maxFileChars));
  for (const source of sources) parts.push(sourceSection(source));
  for (const test of input.tests)
    parts.push(fileSection(test.path, test.content, Math.floor(input.maxFileChars / 2), "(read-only)"));
  parts.push(failureSection(input.failures, input.totalFailed, input.crashOutput));
  if (input.recentChange)
    parts.push(changeSection(input.target.path, input.recentChange, Math.floor(input.maxFileChars / 4)));
  if (input.memory) parts.push(input.memory);
  if (input.attempts.length) parts.push(`## Previous attempts\n${input.attempts.map((a) => `- ${a}`).join("\n")}`);
  if (input.feedback.length)
    parts.push(`## Problems with your last answer\n${input.feedback.map((f) => `- ${f}`).join("\n")}`);
  if (input.formatNote) parts.push(`## Answer format\n${input.formatNote}`);
  const format = input.format ?? "search-replace";
  parts.push(editFormat(format).reminder);
  return [
    { role: "system", content: systemPrompt(format) },
    { role: "user", content: parts.join("\n\n") },
  ];
}

function fileSection(path: string, content: string, maxChars: number, note = ""): string {
  const lang = languageTag(path);
  const shown =
    content.length > maxChars
      ? `${content.slice(0, maxChars)}\n… (${content.length - maxChars} more characters not shown)`
      : content;
  return `## ${path} ${note}`.trimEnd() + `\n\`\`\`${lang}\n${shown.replace(/\r\n/g, "\n")}\n\`\`\``;
}

const SOURCE_REASONS = { stack: "in the failing stack", import: "imported" } as const;

function sourceSection(source: ShownSource): string {
  const how = source.whole
    ? SOURCE_REASONS[source.reason]
    : `${SOURCE_REASONS[source.reason]}; outline: ${GAP} marks lines not shown, quote only lines shown here`;
  return `## ${source.path} (${how})\n\`\`\`${languageTag(source.path)}\n${source.text}\n\`\`\``;
}

function changeSection(path: string, diff: string, maxChars: number): string {
  const shown = diff.length > maxChars ? `${diff.slice(0, maxChars)}\n… (cut)` : diff;
  return `## Uncommitted change to ${path} (since the last commit; the bug may be in it)\n\`\`\`diff\n${shown}\n\`\`\``;
}

const MAX_FAILURES_SHOWN = 8;

function failureSection(failures: TestCaseResult[], totalFailed: number, crashOutput?: string): string {
  if (crashOutput) return `## The test run crashed before tests ran\n\`\`\`\n${crashOutput}\n\`\`\``;
  const lines = failures.slice(0, MAX_FAILURES_SHOWN).map(describeFailure);
  const more = totalFailed > lines.length ? `\n… and ${totalFailed - lines.length} more failing tests` : "";
  return `## Failing tests (${totalFailed})\n${lines.join("\n")}${more}`;
}

/** One failure on one or two lines: id, message, expected/actual, location. */
export function describeFailure(f: TestCaseResult): string {
  const bits = [`- ${f.id}`];
  if (f.message) bits.push(`: ${truncate(f.message.replace(/\s+/g, " "), 300)}`);
  if (f.expected !== undefined || f.actual !== undefined)
    bits.push(` (expected ${truncate(f.expected ?? "?", 120)}, got ${truncate(f.actual ?? "?", 120)})`);
  if (f.location) bits.push(` at ${f.location}`);
  const callers = (f.frames ?? []).filter((at) => at !== f.location).slice(0, 4);
  if (callers.length) bits.push(` (called from ${callers.join(", ")})`);
  return bits.join("");
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The language table's tag for the file ("rust" for .rs), else its extension. */
function languageTag(path: string): string {
  return languageRowOf(path)?.fenceTags[0] ?? path.split(".").pop() ?? "";
}

/**
 * A rough token count (≈4 characters per token), used where the server reports none and for budgets. Messages
 * are counted as the providers count a prompt they get no usage for, so the budget and the tally agree.
 */
export function estimateTokens(messages: ChatMessage[] | string): number {
  return estimateText(typeof messages === "string" ? messages : messages.map((m) => m.content).join(""));
}
