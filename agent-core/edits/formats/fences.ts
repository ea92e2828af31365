/** Fenced code blocks of an answer, with the file name a model gave each (info string or the line before). */
import { extractPath, pathFromFenceInfo } from "../parse";

export interface Fence {
  /** Language tag (first info word when it is not a path), lower case; "" when none. */
  lang: string;
  /** File name from the info string or the line before the fence, as written. */
  name?: string;
  /** Text between the fence lines, one "\n" per line. */
  body: string;
  /** False when the answer ended before the closing fence: the block was cut off. */
  closed: boolean;
  /** Line indexes of the opening fence and of the closing one (the line count when unclosed). */
  start: number;
  end: number;
}

const OPENER = /^\s*(`{3,}|~{3,})\s*([^`]*)$/;

function closes(line: string, marker: string): boolean {
  const m = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
  return !!m && m[1][0] === marker[0] && m[1].length >= marker.length;
}

function langOf(info: string): string {
  const first = info.trim().split(/\s+/)[0] ?? "";
  if (first === "" || /[./\\]/.test(first) || first.includes("=")) return "";
  return first
    .toLowerCase()
    .replace(/^\{?\.?/, "")
    .replace(/\}$/, "");
}

/**
 * Every top-level fence in `text` (LF). Inside a fence, a fence line with a language tag opens a nested block
 * (a docstring's example), and a bare fence line closes the innermost one, so files that contain fences survive.
 */
export function scanFences(text: string): Fence[] {
  const lines = text.split("\n");
  const fences: Fence[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPENER.exec(lines[i]);
    if (!open) {
      i++;
      continue;
    }
    const marker = open[1];
    const info = open[2].trim();
    let depth = 0;
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (closes(lines[j], marker)) {
        if (depth === 0) break;
        depth--;
      } else {
        const inner = OPENER.exec(lines[j]);
        // Only a fence that could close this one nests in it; shorter ones are plain text.
        if (inner && inner[2].trim() !== "" && inner[1][0] === marker[0] && inner[1].length >= marker.length) depth++;
      }
    }
    const body = lines.slice(i + 1, j);
    fences.push({
      lang: langOf(info),
      name: pathFromFenceInfo(info) ?? nameAbove(lines, i),
      body: body.map((l) => l + "\n").join(""),
      closed: j < lines.length,
      start: i,
      end: j,
    });
    i = j + 1;
  }
  return fences;
}

/** A file name on the nearest non-blank line above a fence ("calc.js", "File: calc.js", "### `calc.js`"). */
function nameAbove(lines: readonly string[], fenceLine: number): string | undefined {
  let k = fenceLine - 1;
  while (k >= 0 && lines[k].trim() === "") k--;
  if (k < 0 || OPENER.test(lines[k])) return undefined;
  const line = lines[k].trim();
  // Prose that mentions a file ("I changed `a.py` as follows:") names it too, but a long sentence does not.
  if (line.split(/\s+/).length > 8) return undefined;
  return extractPath(line);
}
