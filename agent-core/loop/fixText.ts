import { structuredPatch } from "diff";

/**
 * Expresses the change from `before` to `after` as SEARCH/REPLACE blocks (one per hunk, with its context
 * lines), the form in which memory stores a proven fix so it can be replayed later.
 */
export function toSearchReplace(path: string, before: string, after: string): string {
  const lf = (s: string) => s.replace(/\r\n/g, "\n");
  if (before === "") return `${path}\n<<<<<<< SEARCH\n=======\n${lf(after).replace(/\n$/, "")}\n>>>>>>> REPLACE`;
  const patch = structuredPatch(path, path, lf(before), lf(after), "", "", { context: 2 });
  return patch.hunks
    .map((hunk) => {
      const search: string[] = [];
      const replace: string[] = [];
      for (const line of hunk.lines) {
        const mark = line[0];
        const text = line.slice(1);
        if (mark === " " || mark === "-") search.push(text);
        if (mark === " " || mark === "+") replace.push(text);
      }
      return `${path}\n<<<<<<< SEARCH\n${search.join("\n")}\n=======\n${replace.join("\n")}\n>>>>>>> REPLACE`;
    })
    .join("\n\n");
}
