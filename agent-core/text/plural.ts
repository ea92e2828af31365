/** Counted nouns for messages: `plural(1, "file")` → "1 file", `plural(3, "iteration")` → "3 iterations". Browser-safe. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
