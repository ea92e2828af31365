/** A normalised fingerprint of a failure, to notice "the same failure again" across attempts. */
import type { TestCaseResult } from "../types";

/**
 * `id | ErrorType | message` with paths, line:col, numbers, hex and durations masked, so the same
 * failure at a moved line or with another computed number still matches.
 * Only the first two message lines count: the rest is diffs and context that change with every value.
 */
export function failureSignature(f: TestCaseResult): string {
  const message = (f.message ?? "")
    .split("\n")
    .filter((l) => l.trim())
    .slice(0, 2)
    .join(" ");
  const type =
    /^\s*([\w.$]*(?:Error|Exception|Failure)\w*)\b/.exec(message)?.[1] ??
    (/\bassert/i.test(message) ? "AssertionError" : "");
  return [maskId(f.id), type, mask(message).slice(0, 240)].join(" | ");
}

/** Crash ids are file paths; mask only their absolute prefix so the same file still matches. */
function maskId(id: string): string {
  return id.replace(/^(?:[A-Za-z]:)?[\\/].*[\\/]/, "<dir>/");
}

function mask(text: string): string {
  return text
    .replace(/(?:[A-Za-z]:)?(?:[\w.@~-]*[\\/])+[\w.@-]+/g, "<path>") // paths with at least one separator
    .replace(/:\d+(?::\d+)?\b/g, ":<n>") // line:col
    .replace(/\b0x[0-9a-f]+\b/gi, "<hex>")
    .replace(/\b\d+(?:\.\d+)?\s?(?:ms|s)\b/g, "<time>")
    .replace(/\d+(?:\.\d+)?/g, "<n>")
    .replace(/\s+/g, " ")
    .trim();
}
