/**
 * WorkspaceFiles for the editor: reads what the user sees (open documents, dirty or not), writes through
 * WorkspaceEdit so each change lands on the undo stack, and never overwrites text the user changed after the
 * loop read it (compare-and-swap against `expected`, else against the text the loop last read or wrote).
 *
 * Text is the editor's: strict UTF-8 with the BOM left out (the document's encoding keeps it on save). VS Code
 * saves in place (open with "w"), so a file keeps its mode and a symlink stays a link to its rewritten target.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  conflictFor,
  decodeUtf8Text,
  describeFound,
  NotTextFile,
  startsWithBom,
} from "../../agent-core/edits/fileErrors";
import { resolveInsideWorkspace } from "../../agent-core/edits/paths";
import type { Logger, WorkspaceFiles } from "../../agent-core/ports";

/** Resolves `relPath` under `root`; throws when it escapes the root. */
export function resolveInside(root: string, relPath: string): string {
  const abs = path.resolve(root, relPath);
  const rel = path.relative(root, abs);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new Error(`Path "${relPath}" is outside the workspace ${root}`);
  }
  return abs;
}

/** The open document for a file, if any. */
export function findOpenDocument(abs: string): vscode.TextDocument | undefined {
  const wanted = vscode.Uri.file(abs).toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === wanted && !d.isClosed);
}

/** The open document showing `abs`, by its own path or (for a symlink) by its real file's. */
async function openDocumentFor(abs: string): Promise<vscode.TextDocument | undefined> {
  const direct = findOpenDocument(abs);
  if (direct) return direct;
  const real = await fs.realpath(abs).catch(() => abs);
  return real === abs ? undefined : findOpenDocument(real);
}

interface DiskText {
  text: string;
  bom: boolean;
}

/** The file's text as the editor decodes it; undefined when missing; NotTextFile unless UTF-8. */
async function readDiskText(abs: string, relPath: string): Promise<DiskText | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  return { text: decodeUtf8Text(bytes, relPath, false), bom: startsWithBom(bytes) };
}

/** Text the user sees for `abs`: the open document's text, else the file on disk, else undefined. */
export async function readCurrentText(abs: string, relPath = abs): Promise<string | undefined> {
  // The file is decoded even when open: an editor shows non-UTF-8 bytes as U+FFFD, and saving would keep them.
  const disk = await readDiskText(abs, relPath);
  const doc = await openDocumentFor(abs);
  return doc ? doc.getText() : disk?.text;
}

/** Current text for a compare-and-swap: a file that is no longer UTF-8 text is simply "something else". */
async function foundText(abs: string, relPath: string): Promise<string | undefined> {
  try {
    return await readCurrentText(abs, relPath);
  } catch (err) {
    if (!(err instanceof NotTextFile)) throw err;
    return describeFound(await fs.readFile(abs)) ?? "";
  }
}

function fullRange(doc: vscode.TextDocument): vscode.Range {
  return new vscode.Range(new vscode.Position(0, 0), doc.lineAt(doc.lineCount - 1).range.end);
}

/** See the module comment. One instance per run. */
export class EditorWorkspaceFiles implements WorkspaceFiles {
  /** Text of each file as the loop last read or wrote it; undefined = the file did not exist. */
  private readonly seen = new Map<string, string | undefined>();

  constructor(
    readonly root: string,
    private readonly log?: Logger,
  ) {}

  async read(relPath: string): Promise<string | undefined> {
    const text = await readCurrentText(await resolveInsideWorkspace(this.root, relPath), relPath);
    this.seen.set(relPath, text);
    return text;
  }

  /** Current text without updating what the loop has seen (for the approval check). */
  async peek(relPath: string): Promise<string | undefined> {
    return readCurrentText(await resolveInsideWorkspace(this.root, relPath), relPath);
  }

  async write(relPath: string, content: string, expected?: string | null): Promise<void> {
    const abs = await resolveInsideWorkspace(this.root, relPath);
    const wanted = this.wanted(relPath, expected);
    // The check runs again on every attempt: an edit the user types meanwhile makes applyEdit fail (the
    // document's version moved), and the retry must then refuse instead of replacing the user's text.
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && (await this.finishOwnEdit(relPath, abs, content))) return;
      const current = await this.check(relPath, abs, wanted);
      if (await this.writeOnce(relPath, abs, content, current)) return;
      if (attempt >= 3) throw new Error(`Could not write ${relPath} through the editor`);
      this.log?.debug(`${relPath}: write attempt ${attempt} did not stick; retrying`);
    }
  }

  /**
   * After an attempt that did not stick: when the document already holds `content`, that attempt's edit went in
   * (its save reported failure, or finished late under load); save it if needed instead of calling our own
   * text a conflict.
   */
  private async finishOwnEdit(relPath: string, abs: string, content: string): Promise<boolean> {
    const doc = await openDocumentFor(abs);
    if (!doc || doc.isClosed || doc.getText() !== content) return false;
    if (doc.isDirty && !(await doc.save())) return false;
    this.log?.debug(`${relPath}: the earlier write attempt's text is in place; kept`);
    this.seen.set(relPath, doc.getText());
    return true;
  }

  async remove(relPath: string, expected?: string): Promise<void> {
    const abs = await resolveInsideWorkspace(this.root, relPath);
    const wanted = this.wanted(relPath, expected);
    if (expected === undefined && (await foundText(abs, relPath)) === undefined) return;
    await this.check(relPath, abs, wanted);
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(vscode.Uri.file(abs), { ignoreIfNotExists: true });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not delete ${relPath}`);
    this.seen.set(relPath, undefined);
  }

  /** What the file must hold now: the caller's `expected`, else what the loop last read or wrote (null: absent). */
  private wanted(relPath: string, expected: string | null | undefined): string | null | undefined {
    if (expected !== undefined) return expected;
    return this.seen.has(relPath) ? (this.seen.get(relPath) ?? null) : undefined;
  }

  /** Throws WriteConflict unless the file holds `wanted` (undefined: no check); returns the current text. */
  private async check(relPath: string, abs: string, wanted: string | null | undefined): Promise<string | undefined> {
    const found = wanted === undefined ? await readCurrentText(abs, relPath) : await foundText(abs, relPath);
    if (wanted !== undefined && (wanted === null ? found !== undefined : found !== wanted))
      throw conflictFor(relPath, wanted, found);
    return found;
  }

  /** One attempt; false when the editor did not take the change (the caller checks again and retries). */
  private async writeOnce(
    relPath: string,
    abs: string,
    content: string,
    current: string | undefined,
  ): Promise<boolean> {
    const open = await openDocumentFor(abs);
    const uri = open?.uri ?? vscode.Uri.file(abs);
    if (current === undefined && !open) {
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(content) });
      if (!(await vscode.workspace.applyEdit(edit))) return false;
      const created = await vscode.workspace.openTextDocument(uri);
      if (created.isDirty) await created.save();
      this.seen.set(relPath, created.getText());
      return true;
    }
    // A review diff closing at the same moment can dispose the document under us (save then fails): the
    // caller retries on a freshly opened document. The full-text replace is idempotent.
    const doc = open ?? (await vscode.workspace.openTextDocument(uri));
    if (!open && doc.getText() !== current) {
      // The editor's model of this closed file differs from its bytes (mixed line endings, another encoding):
      // saving it would rewrite lines the change never touched. Write the bytes instead.
      this.log?.debug(`${relPath}: the editor's text differs from the file's bytes; writing the bytes`);
      return this.writeBytes(relPath, abs, content);
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, fullRange(doc), content);
    const saved = (await vscode.workspace.applyEdit(edit)) && !doc.isClosed && (await doc.save());
    if (!saved) return false;
    // Save participants (format on save) may change the text: remember what is really there.
    this.seen.set(relPath, doc.getText());
    if (doc.getText() !== content) this.log?.debug(`${relPath}: text changed on save (format on save?)`);
    return true;
  }

  /** Writes `content` byte-exact through VS Code's file service (in place: mode and symlinks kept). */
  private async writeBytes(relPath: string, abs: string, content: string): Promise<boolean> {
    const disk = await readDiskText(abs, relPath);
    const bytes = new TextEncoder().encode((disk?.bom ? "\uFEFF" : "") + content);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(abs), bytes);
    this.seen.set(relPath, content);
    return true;
  }
}
