/**
 * Parses SEARCH/REPLACE edit blocks out of a model's answer. Forgiving about decoration
 * (fences, path prefixes, marker length, CRLF) and explicit about every block it cannot use.
 */
import type { EditBlock, ParseResult } from "./types";

const SEARCH_RE = /^\s*<{5,9}\s*SEARCH\s*$/i;
const DIVIDER_RE = /^\s*={5,9}\s*$/;
const REPLACE_RE = /^\s*>{5,9}\s*REPLACE\s*$/i;
/** Marker-looking lines with the wrong number of characters: reported, so edits are not dropped silently. */
const NEAR_MARKER_RE = /^\s*(<{2,}\s*SEARCH|>{2,}\s*REPLACE)\b/i;
const FENCE_RE = /^\s*(?:`{3,}|~{3,})\s*(.*)$/;

const FORMAT_HINT =
  "Each edit must be: the file path on its own line, then `<<<<<<< SEARCH`, the exact existing lines, " +
  "`=======`, the new lines, and `>>>>>>> REPLACE`.";

const EXTENSIONLESS = new Set([
  "Makefile",
  "Dockerfile",
  "Gemfile",
  "Rakefile",
  "Procfile",
  "Jenkinsfile",
  "LICENSE",
  "README",
]);

/** True when s looks like a file path rather than prose or code. */
function isPathLike(s: string): boolean {
  if (s.length === 0 || s.length > 260) return false;
  if (!/^[\p{L}\p{N}_\-./\\@+~$%]+$/u.test(s)) return false;
  if (/^[./\\]+$/.test(s)) return false;
  return /[/\\]/.test(s) || /\.[\p{L}\p{N}_-]+$/u.test(s) || EXTENSIONLESS.has(s);
}

function stripDecoration(s: string): string {
  return s
    .replace(/^[`'"*_]+/, "")
    .replace(/[`'"*_]+$/, "")
    .trim();
}

/** Path written on a line such as `src/a.ts`, "File: src/a.ts", "### `src/a.ts`:", "**src/a.ts**". */
export function extractPath(line: string): string | undefined {
  let s = line.trim();
  s = s.replace(/^#+\s*/, "").replace(/^[-*+]\s+/, "");
  s = stripDecoration(s);
  s = s.replace(/^(?:file\s*name|file\s*path|file|path)\s*:\s*/i, "");
  s = stripDecoration(s.replace(/:\s*$/, ""));
  s = stripDecoration(s.replace(/:\s*$/, ""));
  if (isPathLike(s)) return s;
  const annotated = /^(\S+)\s+\([^)]*\)$/.exec(s); // "src/a.ts (new file)"
  if (annotated && isPathLike(stripDecoration(annotated[1]))) return stripDecoration(annotated[1]);
  for (const m of line.matchAll(/`([^`]+)`/g)) {
    const inner = m[1].trim();
    if (isPathLike(inner)) return inner;
  }
  return undefined;
}

/** A path in a fence's info string: "```ts src/a.ts", "```src/a.ts", "```python path=a.py". */
export function pathFromFenceInfo(info: string): string | undefined {
  for (const token of info.trim().split(/\s+/)) {
    const value = stripDecoration(token.replace(/^(?:path|file|title|filename)=/i, ""));
    if (isPathLike(value)) return value;
  }
  return undefined;
}

function isMarker(line: string): boolean {
  return SEARCH_RE.test(line) || DIVIDER_RE.test(line) || REPLACE_RE.test(line);
}

function sectionText(lines: readonly string[]): string {
  return lines.map((l) => l + "\n").join("");
}

/** Whether `answer` has any line that is (or tries to be) a SEARCH/REPLACE marker. */
export function hasEditMarkers(answer: string): boolean {
  return answer
    .split(/\r?\n|\r/)
    .some((line) => SEARCH_RE.test(line) || REPLACE_RE.test(line) || NEAR_MARKER_RE.test(line));
}

export interface ParseOptions {
  /** Path for blocks that name none (the answer's only editable file); without it such blocks are errors. */
  defaultPath?: string;
}

/**
 * Parses every edit block in `answer`; well-formed blocks are returned even when others are malformed.
 * The one SEARCH/REPLACE grammar: model answers and the fixes stored in memory are both read here.
 */
export function parseEditBlocks(answer: string, options: ParseOptions = {}): ParseResult {
  const lines = answer.replace(/\r\n?/g, "\n").split("\n");
  const blocks: EditBlock[] = [];
  const errors: string[] = [];
  const openers = new Set<number>();
  const closers = new Set<number>();
  let inFence = false;
  let lastPath: string | undefined;
  let blockNo = 0;

  const findPath = (markerLine: number): string | undefined => {
    let j = markerLine - 1;
    while (j >= 0 && lines[j].trim() === "") j--;
    if (j >= 0 && openers.has(j)) {
      const fromInfo = pathFromFenceInfo(FENCE_RE.exec(lines[j])?.[1] ?? "");
      if (fromInfo) return fromInfo;
      j--;
      while (j >= 0 && lines[j].trim() === "") j--;
    }
    if (j < 0 || closers.has(j) || FENCE_RE.test(lines[j]) || isMarker(lines[j])) return undefined;
    return extractPath(lines[j]);
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (SEARCH_RE.test(line)) {
      blockNo++;
      const ownPath = findPath(i);
      const path = ownPath ?? lastPath ?? options.defaultPath;
      const label = `Edit block ${blockNo}${path ? ` (${path})` : ""}`;
      let j = i + 1;
      const search: string[] = [];
      while (
        j < lines.length &&
        !DIVIDER_RE.test(lines[j]) &&
        !SEARCH_RE.test(lines[j]) &&
        !REPLACE_RE.test(lines[j])
      ) {
        search.push(lines[j++]);
      }
      if (j >= lines.length || !DIVIDER_RE.test(lines[j])) {
        errors.push(
          `${label}: the \`=======\` line between SEARCH and REPLACE is missing; the block was not applied. ${FORMAT_HINT}`,
        );
        i = j < lines.length && SEARCH_RE.test(lines[j]) ? j : j + 1;
        continue;
      }
      let k = j + 1;
      const replace: string[] = [];
      while (k < lines.length && !REPLACE_RE.test(lines[k]) && !SEARCH_RE.test(lines[k])) replace.push(lines[k++]);
      if (k >= lines.length) {
        errors.push(
          `${label}: the closing \`>>>>>>> REPLACE\` line is missing; the block was not applied. ${FORMAT_HINT}`,
        );
        break;
      }
      if (SEARCH_RE.test(lines[k])) {
        errors.push(
          `${label}: the closing \`>>>>>>> REPLACE\` line is missing before the next \`<<<<<<< SEARCH\`; the block was not applied. ${FORMAT_HINT}`,
        );
        i = k;
        continue;
      }
      if (path === undefined) {
        errors.push(`${label}: no file path. Put the file path on its own line right before \`<<<<<<< SEARCH\`.`);
      } else {
        blocks.push({ path, search: sectionText(search), replace: sectionText(replace) });
        lastPath = path;
      }
      i = k + 1;
      continue;
    }
    if (REPLACE_RE.test(line)) {
      errors.push(
        `Found \`>>>>>>> REPLACE\` on answer line ${i + 1} without a \`<<<<<<< SEARCH\` before it; that edit was not applied. ${FORMAT_HINT}`,
      );
    } else if (NEAR_MARKER_RE.test(line)) {
      errors.push(
        `Answer line ${i + 1} (${line.trim()}) looks like an edit marker but is malformed; use exactly \`<<<<<<< SEARCH\` and \`>>>>>>> REPLACE\` (7 characters). ${FORMAT_HINT}`,
      );
    } else {
      const fence = FENCE_RE.exec(line);
      if (fence) {
        if (!inFence || fence[1].trim() !== "") {
          inFence = true;
          openers.add(i);
        } else {
          inFence = false;
          closers.add(i);
        }
      }
    }
    i++;
  }
  return { blocks, errors };
}
