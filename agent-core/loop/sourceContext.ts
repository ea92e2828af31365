/**
 * The source files shown beside the target, because a bug often sits in a module the target imports and is
 * named only in a stack trace: the workspace's own source files in the failing tests' stack frames (innermost
 * first), then the local modules the target imports. Each is shown whole when small, else as an outline plus
 * the regions its frames point at, all within a character budget. The model may edit every file shown.
 */
import path from "node:path";
import type { TestCaseResult } from "../testing/types";
import type { RunContext } from "./context";
import { localImports, workspaceSource } from "./imports";
import { outlineOf } from "./outline";

/** Why a file is shown: in a failing stack, or imported by the target (or the test the run started from). */
export type SourceReason = "stack" | "import";

export interface SourceFile {
  path: string;
  content: string;
  reason: SourceReason;
  /** 1-based lines of this file in the failing stacks. */
  focus: number[];
}

/** A source as the prompt shows it. */
export interface ShownSource {
  path: string;
  reason: SourceReason;
  /** The whole file, or its outline with GAP lines. */
  text: string;
  whole: boolean;
  /** The full text, for answers that rewrite the file. */
  content: string;
}

/** Most source files shown beside the target. */
export const MAX_SOURCES = 6;

/**
 * The workspace files named in `failures`' stack frames ("file:line", relative to `testCwd` or absolute), as
 * workspace-relative paths with their lines, innermost first: sources only (no tests, no dependencies).
 */
export function stackSources(
  root: string,
  testCwd: string,
  failures: readonly TestCaseResult[],
): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const failure of failures) {
    for (const frame of failure.frames ?? (failure.location ? [failure.location] : [])) {
      const m = /^(.*?):(\d+)$/.exec(frame);
      if (!m) continue;
      const rel = workspaceSource(root, path.resolve(testCwd, m[1])) ?? workspaceSource(root, path.resolve(root, m[1]));
      if (!rel) continue;
      const lines = found.get(rel) ?? [];
      if (!lines.includes(Number(m[2]))) lines.push(Number(m[2]));
      found.set(rel, lines);
    }
  }
  return found;
}

export interface SourceQuery {
  root: string;
  target: { path: string; content: string };
  /** The failing stack positions of each source (`stackSources`). */
  stack: Map<string, number[]>;
  /** Other files whose local imports count too (the test file a run started from). */
  importers?: ReadonlyArray<{ path: string; content: string }>;
  /** Reads a workspace file (the host's current text); undefined or a throw leaves it out. */
  read(rel: string): Promise<string | undefined>;
}

/** The sources worth showing beside the target, stack files first; at most MAX_SOURCES. */
export async function collectSources(query: SourceQuery): Promise<SourceFile[]> {
  const { root, target } = query;
  const wanted = new Map<string, { reason: SourceReason; focus: number[] }>();
  for (const [rel, lines] of query.stack) wanted.set(rel, { reason: "stack", focus: lines });
  for (const from of [target, ...(query.importers ?? [])])
    for (const rel of localImports(root, from.path, from.content))
      if (!wanted.has(rel)) wanted.set(rel, { reason: "import", focus: [] });
  wanted.delete(target.path);
  const out: SourceFile[] = [];
  for (const [rel, info] of wanted) {
    if (out.length >= MAX_SOURCES) break;
    const content = await query.read(rel).catch(() => undefined);
    if (content !== undefined) out.push({ path: rel, content, ...info });
  }
  return out;
}

/** How much of the budget one file may take whole. */
const WHOLE_SHARE = 0.25;
/** How much of the budget one outline may take. */
const OUTLINE_SHARE = 0.35;

/**
 * Shows each source within `budgetChars`: whole when it is small (a quarter of the budget at most) and fits
 * what is left, else as an outline with its stack regions; a file that no longer fits is left out.
 */
export function fitSources(files: readonly SourceFile[], budgetChars: number): ShownSource[] {
  const shown: ShownSource[] = [];
  let left = budgetChars;
  for (const file of files) {
    const text = file.content.replace(/\r\n/g, "\n");
    if (text.length <= budgetChars * WHOLE_SHARE && text.length <= left) {
      shown.push({ path: file.path, reason: file.reason, text, whole: true, content: file.content });
      left -= text.length;
      continue;
    }
    const outline = outlineOf(file.path, text, file.focus, Math.min(left, budgetChars * OUTLINE_SHARE));
    if (outline.replace(/⋮|\s/g, "") === "") continue;
    shown.push({ path: file.path, reason: file.reason, text: outline, whole: false, content: file.content });
    left -= outline.length;
  }
  return shown;
}

/**
 * The sources one request shows beside `target`, within half the file budget. Files in the failing stacks are
 * remembered in `ctx.stackFiles`: approval mode `auto-target` covers them as it covers the target.
 */
export async function sourcesForPrompt(
  ctx: RunContext,
  target: { path: string; content: string },
  failures: readonly TestCaseResult[],
  testCwd: string,
  importers: ReadonlyArray<{ path: string; content: string }> = [],
): Promise<ShownSource[]> {
  const root = ctx.config.workspace;
  const stack = stackSources(root, testCwd, failures.slice(0, 10));
  for (const rel of stack.keys()) if (rel !== target.path) ctx.stackFiles.add(rel);
  const files = await collectSources({ root, target, stack, importers, read: (rel) => ctx.ports.files.read(rel) });
  return fitSources(files, Math.floor(ctx.config.maxFileChars / 2));
}
