/**
 * Line numbers a model copied into its answer from numbered excerpts ("12 | text", the way feedback shows
 * closest lines). Removed only when every line carries one and they count up one by one.
 */
const NUMBERED = /^\s*(\d+) \|(?: (.*))?$/;

/** `text` (lines ending in "\n") without copied line numbers, or unchanged when not every line is numbered. */
export function withoutLineNumbers(text: string): string {
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  if (lines.length === 0 || (lines.length === 1 && lines[0] === "")) return text;
  const out: string[] = [];
  let expected: number | undefined;
  for (const line of lines) {
    const m = NUMBERED.exec(line);
    if (!m) return text;
    const n = Number(m[1]);
    if (expected !== undefined && n !== expected) return text;
    expected = n + 1;
    out.push(m[2] ?? "");
  }
  return out.map((l) => l + "\n").join("");
}
