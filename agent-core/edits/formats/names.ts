/** Which file a model meant: its written name matched against the shown files, or the only editable one. */
import { normalizeRelPath } from "../relpath";
import type { AnswerContext } from "./types";

export type NameResolution =
  | { ok: true; path: string /** Neither shown nor existing: a new file, or a wrong name. */; unknown: boolean }
  | { ok: false; message: string };

const base = (p: string) => p.slice(p.lastIndexOf("/") + 1);

/** The editable files shown (the ones an unnamed edit can be for). */
export function editableFiles(ctx: AnswerContext): string[] {
  return ctx.shown.filter((f) => !f.readOnly).map((f) => f.path);
}

/** The only editable shown file, when there is exactly one. */
export function soleEditable(ctx: AnswerContext): string | undefined {
  const editable = editableFiles(ctx);
  return editable.length === 1 ? editable[0] : undefined;
}

/**
 * Maps a written name to a workspace path: an existing or shown path as is; otherwise the one shown file whose
 * path ends with it, or whose path it ends with, or (wrong folder) whose file name it has. Unnamed: the only
 * editable shown file. Anything else keeps its name and is marked unknown.
 */
export function resolveName(written: string | undefined, ctx: AnswerContext): NameResolution {
  if (written === undefined || written.trim() === "") {
    const sole = soleEditable(ctx);
    if (sole) return { ok: true, path: sole, unknown: false };
    return {
      ok: false,
      message: `Name the file: put its path (one of ${editableFiles(ctx).join(", ")}) on the line before the edit.`,
    };
  }
  let path: string;
  try {
    path = normalizeRelPath(written);
  } catch {
    // An absolute path ending in a shown file's path names that file; anything else is left for
    // confinement to refuse with its own message.
    const slashed = written.trim().replace(/\\/g, "/");
    const ending = ctx.shown.filter((f) => slashed.endsWith(`/${f.path}`));
    if (ending.length === 1) return { ok: true, path: ending[0].path, unknown: false };
    return { ok: true, path: written.trim(), unknown: true };
  }
  const shown = ctx.shown.map((f) => f.path);
  const exists = ctx.exists ?? ((p: string) => shown.includes(p));
  if (shown.includes(path) || exists(path)) return { ok: true, path, unknown: false };
  const bySuffix = shown.filter((p) => p.endsWith(`/${path}`) || path.endsWith(`/${p}`));
  if (bySuffix.length === 1) return { ok: true, path: bySuffix[0], unknown: false };
  const byName = shown.filter((p) => base(p) === base(path));
  if (byName.length === 1) return { ok: true, path: byName[0], unknown: false };
  return { ok: true, path, unknown: true };
}

/** Share of `text`'s non-blank lines (trimmed) that occur in `other`; 0 for no lines. */
export function lineOverlap(text: string, other: string): number {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return 0;
  const set = new Set(
    other
      .replace(/\r\n/g, "\n")
      .split("\n")
      .map((l) => l.trim()),
  );
  return lines.filter((l) => set.has(l)).length / lines.length;
}
