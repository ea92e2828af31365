/**
 * The one applier: every format's edits (blocks, whole files, diff hunks), in answer order, a later edit seeing
 * the result of earlier ones on the same file. Failures leave the file as it was and are reported, never dropped.
 */
import { applyEdit } from "./apply";
import { findElision } from "./formats/lazy";
import { applyPatchEdit } from "./formats/udiffApply";
import { applyWholeFile } from "./formats/wholeFile";
import { splitModelText } from "./lines";
import type { FileEdit, MatchKind } from "./types";

export type EditOutcome = { ok: true; content: string; kind: MatchKind } | { ok: false; message: string };

/** Applies one edit to a file's content (undefined: the file does not exist yet). Pure. */
export function applyFileEdit(current: string | undefined, edit: FileEdit): EditOutcome {
  const { path } = edit;
  if (edit.kind === "whole") {
    const r = applyWholeFile(path, current, edit.content);
    return r.ok ? { ok: true, content: r.content, kind: current === undefined ? "create" : "whole" } : r;
  }
  if (edit.kind === "udiff") {
    const r = applyPatchEdit(path, current, edit);
    return r.ok ? { ok: true, content: r.content, kind: current === undefined ? "create" : "patch" } : r;
  }
  if (current === undefined) {
    if (edit.search.trim() === "") return { ok: true, content: edit.replace, kind: "create" };
    return { ok: false, message: `${path} does not exist. To create it, use an empty SEARCH section.` };
  }
  const elided = findElision(splitModelText(edit.replace), current);
  if (elided !== undefined) {
    return {
      ok: false,
      message: `${path}: not applied: the REPLACE section leaves code out ("${elided}"), which would delete it. Write out every line REPLACE keeps.`,
    };
  }
  const outcome = applyEdit(current, edit);
  return outcome.ok
    ? { ok: true, content: outcome.content, kind: outcome.kind }
    : { ok: false, message: `${path}: ${outcome.message}` };
}

/** A file the edits touched: its content before (undefined: absent) and after, and how each edit was placed. */
export interface EditedFile {
  before: string | undefined;
  after: string | undefined;
  kinds: MatchKind[];
}

/** Where edits go: the host confines paths (and refuses what may not be edited) and reads files. */
export interface EditTarget {
  /** The workspace path an edit may change, or undefined after pushing why not to `feedback`. */
  resolve(path: string, feedback: string[]): Promise<string | undefined>;
  read(path: string): Promise<string | undefined>;
}

/** Applies `edits` in order; returns every touched file (changed or not) and what the model should hear. */
export async function applyFileEdits(
  edits: readonly FileEdit[],
  target: EditTarget,
): Promise<{ files: Map<string, EditedFile>; feedback: string[] }> {
  const files = new Map<string, EditedFile>();
  const feedback: string[] = [];
  for (const edit of edits) {
    const rel = await target.resolve(edit.path, feedback);
    if (rel === undefined) continue;
    let entry = files.get(rel);
    if (!entry) {
      const before = await target.read(rel);
      entry = { before, after: before, kinds: [] };
      files.set(rel, entry);
    }
    const outcome = applyFileEdit(entry.after, { ...edit, path: rel });
    if (!outcome.ok) {
      feedback.push(outcome.message);
      continue;
    }
    entry.after = outcome.content;
    entry.kinds.push(outcome.kind);
  }
  return { files, feedback };
}
