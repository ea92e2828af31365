/**
 * What `editFormat: auto` asks for. Strong hosted coding models copy exact lines reliably, so they get
 * SEARCH/REPLACE blocks (cheapest answers). Every other model, small local ones and unknown ones included,
 * gets the whole file while the file is small, because such models fumble exact copies far more often
 * than whole files; beyond the size limit whole files cost too much and SEARCH/REPLACE is asked.
 * README.md ("Edit formats") shows this table; keep the two in step.
 */
import type { EditFormatId, EditFormatSetting } from "./index";

export interface ModelFamily {
  family: string;
  /** Tested against the model name in lower case, without a provider prefix ("openai/", "anthropic/"). */
  pattern: RegExp;
  format: EditFormatId;
}

/** Families that get SEARCH/REPLACE; anything not listed is treated as a small or unknown model. */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  {
    family: "GPT-4o, GPT-4.1, GPT-5, o1/o3/o4 (not mini or nano)",
    pattern: /^(?:gpt-4o|gpt-4\.1|gpt-5|o[134])(?!.*\b(?:mini|nano)\b)/,
    format: "search-replace",
  },
  { family: "Claude", pattern: /claude/, format: "search-replace" },
  { family: "Gemini", pattern: /gemini/, format: "search-replace" },
  {
    family: "DeepSeek Coder V2, DeepSeek V3 / R1",
    pattern: /deepseek-(?:coder-v2|v3|r1|chat|reasoner)/,
    format: "search-replace",
  },
  {
    family: "Qwen2.5-Coder 32B, Qwen3-Coder",
    pattern: /qwen2\.5-coder:32b|qwen2\.5-coder-32b|qwen3-coder/,
    format: "search-replace",
  },
];

/** Largest file sent and asked for whole: past either limit, an answer costs too much and takes too long. */
export const WHOLE_FILE_LIMIT = { lines: 400, bytes: 16_000 } as const;

/** The family a model name belongs to, if listed. */
export function modelFamily(model: string): ModelFamily | undefined {
  const name = model.toLowerCase().trim().split("/").pop() ?? "";
  return MODEL_FAMILIES.find((f) => f.pattern.test(name));
}

/** Whether a file is small enough to be asked for whole. */
export function wholeFileFits(content: string): boolean {
  const lines = content.split("\n").length - (content.endsWith("\n") ? 1 : 0);
  return lines <= WHOLE_FILE_LIMIT.lines && Buffer.byteLength(content, "utf8") <= WHOLE_FILE_LIMIT.bytes;
}

/** The format to ask for a file: the setting, or for `auto` the model's family and the file's size. */
export function chooseEditFormat(setting: EditFormatSetting, model: string, content: string): EditFormatId {
  if (setting !== "auto") return setting;
  const family = modelFamily(model);
  if (family) return family.format;
  return wholeFileFits(content) ? "whole" : "search-replace";
}
