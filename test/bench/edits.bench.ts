/** Speed of applying edit blocks to a large file; no assertions, numbers only. */
import { performance } from "node:perf_hooks";
import { applyEdit, applyHunkSubset, makeFileChange } from "../../agent-core/edits/index";
import type { PlainResult } from "./table";

/** A 5,000-line TypeScript-like file with 4-space indentation and distinct lines. */
function bigFile(lines = 5000): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`export function handler${i}(input: number): number {`);
    out.push(`    const scaled${i} = input * ${i % 97};`);
    out.push(`    if (scaled${i} > ${i}) {`);
    out.push(`        return scaled${i} - ${i};`);
    out.push("    }");
    out.push(`    return scaled${i} + ${i % 13};`);
    out.push("}");
    out.push("");
  }
  return out.slice(0, lines).join("\n") + "\n";
}

function percentile(sorted: readonly number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

function measure(name: string, reps: number, fn: () => unknown): PlainResult {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p95: percentile(times, 95), unit: "ms" };
}

/** Applies edits to a 5,000-line file through each matching tier and reviews the result as hunks. */
export async function benchEdits(): Promise<PlainResult[]> {
  const file = bigFile();
  const crlf = file.replace(/\n/g, "\r\n");
  const i = 400; // a function near the end of the file
  const exactSearch = `    if (scaled${i} > ${i}) {\n        return scaled${i} - ${i};\n    }\n`;
  const exactReplace = `    if (scaled${i} > ${i} * 2) {\n        return scaled${i} - ${i};\n    }\n`;
  const looseSearch = `  if (scaled${i} > ${i}) {\n    return scaled${i} - ${i};\n  }\n`;
  const looseReplace = `  if (scaled${i} >= ${i}) {\n    return scaled${i} - ${i};\n  }\n`;
  const fuzzySearch = `    if (scaled${i} > ${i}) {\n        return scaled${i} - ${i} ;\n    }\n    return scaled${i} + ${i % 13};\n`;
  const missSearch = `    if (unknownValue > 12345) {\n        throw new Error("never there");\n    }\n`;
  const edit = (search: string, replace: string) => ({ path: "big.ts", search, replace });

  const after = (() => {
    const o = applyEdit(file, edit(exactSearch, exactReplace));
    return o.ok ? o.content : file;
  })();
  const twoHunks = after.replace("const scaled10 = input", "const scaled10 = 2 * input");
  const change = makeFileChange("big.ts", file, twoHunks);

  return [
    measure("apply exact, 5k-line file", 200, () => applyEdit(file, edit(exactSearch, exactReplace))),
    measure("apply exact, 5k-line CRLF file", 200, () => applyEdit(crlf, edit(exactSearch, exactReplace))),
    measure("apply whitespace (re-indent), 5k-line file", 200, () => applyEdit(file, edit(looseSearch, looseReplace))),
    measure("apply fuzzy, 5k-line file", 50, () => applyEdit(file, edit(fuzzySearch, exactReplace))),
    measure("not found + closest lines, 5k-line file", 50, () => applyEdit(file, edit(missSearch, exactReplace))),
    measure("makeFileChange, 5k-line file, 2 hunks", 50, () => makeFileChange("big.ts", file, twoHunks)),
    measure("applyHunkSubset, 5k-line file, 1 of 2", 200, () => applyHunkSubset(file, change.hunks, [1])),
  ];
}
