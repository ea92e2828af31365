/**
 * WorkspaceFiles for the editor: reads what the user sees (open documents, dirty or not), writes through
 * WorkspaceEdit so each change lands on the undo stack, and never overwrites text the user changed after the
 * loop read it.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { resolveInsideWorkspace } from "../../agent-core/edits/paths";
import type { Logger, WorkspaceFiles } from "../../agent-core/ports";

/** Thrown when a write would overwrite an edit the user made after the loop computed its change. */
export class FileChangedByUserError extends Error {
  constructor(readonly relPath: string) {
    super(`file changed by user, re-propose: ${relPath}`);
    this.name = "FileChangedByUserError";
  }
}

/** Resolves `relPath` under `root`; throws when it escapes the root (lexically: for showing files, not writing). */
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

/** Text the user sees for `abs`: the open document's text, else the file on disk, else undefined. */
export async function readCurrentText(abs: string): Promise<string | undefined> {
  const doc = findOpenDocument(abs);
  if (doc) return doc.getText();
  try {
    return await fs.readFile(abs, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
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
    const text = await readCurrentText(await resolveInsideWorkspace(this.root, relPath));
    this.seen.set(relPath, text);
    return text;
  }

  /** Current text without updating what the loop has seen (for the approval check). */
  async peek(relPath: string): Promise<string | undefined> {
    return readCurrentText(await resolveInsideWorkspace(this.root, relPath));
  }

  async write(relPath: string, content: string): Promise<void> {
    // The same confinement as the node port: no escapes through links, nothing in .git.
    const abs = await resolveInsideWorkspace(this.root, relPath);
    const current = await readCurrentText(abs);
    if (this.seen.has(relPath) && this.seen.get(relPath) !== current) throw new FileChangedByUserError(relPath);
    const uri = vscode.Uri.file(abs);
    if (current === undefined) {
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(content) });
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not create ${relPath}`);
      const created = await vscode.workspace.openTextDocument(uri);
      if (created.isDirty) await created.save();
      this.seen.set(relPath, created.getText());
      return;
    }
    // A review diff closing at the same moment can dispose the document under us (save then fails): retry
    // on a freshly opened document. The full-text replace is idempotent.
    for (let attempt = 1; ; attempt++) {
      const doc = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, fullRange(doc), content);
      const saved = (await vscode.workspace.applyEdit(edit)) && !doc.isClosed && (await doc.save());
      if (saved) {
        // Save participants (format on save) may change the text: remember what is really there.
        this.seen.set(relPath, doc.getText());
        if (doc.getText() !== content) this.log?.debug(`${relPath}: text changed on save (format on save?)`);
        return;
      }
      if (attempt >= 3) throw new Error(`Could not write ${relPath} through the editor`);
      this.log?.debug(`${relPath}: write attempt ${attempt} did not stick; retrying`);
    }
  }

  async remove(relPath: string): Promise<void> {
    const abs = await resolveInsideWorkspace(this.root, relPath);
    const current = await readCurrentText(abs);
    if (current === undefined) return;
    if (this.seen.has(relPath) && this.seen.get(relPath) !== current) throw new FileChangedByUserError(relPath);
    const edit = new vscode.WorkspaceEdit();
    edit.deleteFile(vscode.Uri.file(abs), { ignoreIfNotExists: true });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not delete ${relPath}`);
    this.seen.set(relPath, undefined);
  }
}
