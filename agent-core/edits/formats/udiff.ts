/**
 * Unified diffs: the format models see most in training. Read leniently: header numbers and counts are only
 * hints, `a/` `b/` prefixes and git lines are skipped, blank context lines may lack their space.
 */
import type { PatchEdit, PatchHunk } from "../types";
import { scanFences } from "./fences";
import { isDiffLang } from "./languages";
import { resolveName } from "./names";
import { COMMON_RULES } from "./rules";
import type { AnswerContext, EditFormat } from "./types";

export const udiff: EditFormat<"udiff"> = {
  id: "udiff",
  label: "a unified diff",
  instructions: `Answer with a unified diff in one \`\`\`diff fence, like \`diff -u\` or \`git diff\` writes it:

\`\`\`diff
--- a/path/relative/to/workspace.ext
+++ b/path/relative/to/workspace.ext
@@ -12,4 +12,5 @@
 an unchanged line before the change
-a line to remove
+a line to add
 an unchanged line after the change
\`\`\`

Rules:
- Lines starting with a space or "-" must copy the current file exactly (including indentation);
  give 2-3 unchanged lines around each change so it can be placed.
${COMMON_RULES}
- No explanations outside the diff.`,
  reminder: "Reply with a unified diff in a ```diff fence only.",
  noEdits:
    "Your answer contained no unified diff. Answer with a ```diff fence holding `--- a/path`, `+++ b/path` and `@@` hunks.",
  recognise: (answer) => diffSegments(answer).length > 0,
  parse: parseUnifiedDiff,
};

interface Segment {
  lines: string[];
  /** False when the answer ended inside the diff's fence. */
  closed: boolean;
  fenced: boolean;
}

const HUNK_HEADER = /^@@(?:\s*-(\d+)(?:,\d+)?\s+\+\d+(?:,\d+)?\s*@@.*|\s.*@@.*|\s*)$/;
const STRICT_HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
const GIT_NOISE =
  /^(?:index [0-9a-f]|new file mode|deleted file mode|old mode|new mode|similarity index|rename from|rename to)/;

const isFileHeader = (lines: readonly string[], i: number) =>
  lines[i].startsWith("--- ") && (lines[i + 1] ?? "").startsWith("+++ ");

/** Diff texts of an answer: ```diff fences, untagged fences starting like a diff, and diffs written outside fences. */
export function diffSegments(answer: string): Segment[] {
  const lines = answer.split("\n");
  const segments: Segment[] = [];
  const inFence = new Array<boolean>(lines.length).fill(false);
  for (const fence of scanFences(answer)) {
    for (let i = fence.start; i <= Math.min(fence.end, lines.length - 1); i++) inFence[i] = true;
    const body = lines.slice(fence.start + 1, fence.end);
    const first = body.find((l) => l.trim() !== "") ?? "";
    const diffLike = first.startsWith("diff --git") || first.startsWith("--- ") || HUNK_HEADER.test(first);
    if (isDiffLang(fence.lang) || (fence.lang === "" && diffLike))
      segments.push({ lines: body, closed: fence.closed, fenced: true });
  }
  for (let i = 0; i < lines.length; i++) {
    if (inFence[i]) continue;
    if (!(lines[i].startsWith("diff --git ") || isFileHeader(lines, i) || STRICT_HUNK_HEADER.test(lines[i]))) continue;
    let j = i;
    while (j < lines.length && !inFence[j] && continuesDiff(lines, j)) j++;
    segments.push({ lines: lines.slice(i, j), closed: true, fenced: false });
    i = j;
  }
  return segments;
}

/** Outside a fence, a diff goes on while lines have diff prefixes; a blank line only when more diff follows. */
function continuesDiff(lines: readonly string[], j: number): boolean {
  const line = lines[j];
  if (line === "") return /^(?:[ +]|@@|--- |diff --git )/.test(lines[j + 1] ?? "");
  return /^(?:[ +\-\\]|@@|diff --git |\+\+\+ )/.test(line) || GIT_NOISE.test(line);
}

interface FileSection {
  oldName?: string;
  newName?: string;
  hunks: PatchHunk[];
}

/** A header's file name: without a timestamp, quotes or the `a/` `b/` prefix; null for /dev/null. */
function headerName(raw: string, prefix: "a/" | "b/", ctx: AnswerContext): string | null {
  const name = raw
    .split("\t")[0]
    .trim()
    .replace(/^"(.*)"$/, "$1");
  if (name === "/dev/null") return null;
  const exists = ctx.exists ?? ((p: string) => ctx.shown.some((f) => f.path === p));
  return name.startsWith(prefix) && !exists(name) ? name.slice(2) : name;
}

function readSegment(segment: Segment, ctx: AnswerContext): FileSection[] {
  const { lines } = segment;
  const files: FileSection[] = [];
  let file: FileSection | undefined;
  let hunk: PatchHunk | undefined;
  const startFile = () => {
    file = { hunks: [] };
    files.push(file);
    hunk = undefined;
    return file;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith("diff --git ")) {
      const git = /^diff --git a\/(\S+) b\/(\S+)/.exec(line);
      const f = startFile();
      if (git) {
        f.oldName = git[1];
        f.newName = git[2];
      }
      continue;
    }
    if (isFileHeader(lines, i)) {
      const f: FileSection = file && file.hunks.length === 0 ? file : startFile();
      const oldName = headerName(line.slice(4), "a/", ctx);
      const newName = headerName(lines[i + 1].slice(4), "b/", ctx);
      f.oldName = oldName ?? undefined;
      f.newName = newName ?? (oldName === null ? undefined : "/dev/null");
      if (oldName === null) f.oldName = "/dev/null";
      i++;
      hunk = undefined;
      continue;
    }
    if (!hunk && GIT_NOISE.test(line)) continue;
    const header = HUNK_HEADER.exec(line);
    if (header) {
      const f = file ?? startFile();
      hunk = { ...(header[1] !== undefined ? { oldStart: Number(header[1]) } : {}), lines: [] };
      f.hunks.push(hunk);
      continue;
    }
    if (!hunk || line.startsWith("\\")) continue;
    if (/^[ +-]/.test(line)) hunk.lines.push(line);
    // A blank context line that lost its space; inside a fence, any line that lost it.
    else if (line === "" || segment.fenced) hunk.lines.push(" " + line);
  }
  for (const f of files) {
    for (const h of f.hunks) {
      // Blank lines at a hunk's end are usually the gap before the fence or the prose.
      while (h.lines.length > 0 && h.lines[h.lines.length - 1] === " ") h.lines.pop();
    }
    f.hunks = f.hunks.filter((h) => h.lines.some((l) => l[0] === "+" || l[0] === "-"));
  }
  return files.filter((f) => f.hunks.length > 0);
}

function parseUnifiedDiff(answer: string, ctx: AnswerContext): { edits: PatchEdit[]; errors: string[] } {
  const errors: string[] = [];
  const byPath = new Map<string, PatchEdit>();
  for (const segment of diffSegments(answer)) {
    if (!segment.closed) {
      errors.push(
        "The answer was cut off inside the diff (its closing ``` is missing); nothing from that diff was applied. Send the complete diff.",
      );
      continue;
    }
    for (const section of readSegment(segment, ctx)) {
      if (section.newName === "/dev/null") {
        errors.push(`Deleting ${section.oldName ?? "a file"} is not supported; change its content instead.`);
        continue;
      }
      const newFile = section.oldName === "/dev/null";
      const written = section.newName ?? section.oldName;
      const name = resolveName(written, ctx);
      if (!name.ok) {
        errors.push(name.message);
        continue;
      }
      const edit = byPath.get(name.path) ?? { kind: "udiff" as const, path: name.path, hunks: [], newFile };
      edit.hunks.push(...section.hunks);
      byPath.set(name.path, edit);
    }
  }
  return { edits: [...byPath.values()], errors };
}
