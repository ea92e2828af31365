/**
 * Removes a reasoning model's thinking from its answer before any format reads it: the thinking often holds
 * draft edits (blocks, fences, diffs) that are not the answer.
 */

const TAGS = "think|thinking|reasoning|reflection";
const BLOCK = new RegExp(`^[ \\t]*<(${TAGS})>[\\s\\S]*?</\\1>[ \\t]*$`, "gim");
const CLOSE = new RegExp(`</(?:${TAGS})>`, "gi");
const OPEN = new RegExp(`^[ \\t]*<(?:${TAGS})>`, "im");

/** The answer without `<think>…</think>` (and similar) sections; LF line ends. */
export function stripReasoning(answer: string): string {
  let text = answer.replace(/\r\n?/g, "\n").replace(BLOCK, "");
  // A closing tag without its opening one (some servers drop it): everything before it was thinking.
  let lastClose = -1;
  for (const m of text.matchAll(CLOSE)) lastClose = m.index + m[0].length;
  if (lastClose >= 0) text = text.slice(lastClose);
  // An opening tag never closed: the answer was cut off while thinking.
  const open = OPEN.exec(text);
  if (open) text = text.slice(0, open.index);
  return text;
}
