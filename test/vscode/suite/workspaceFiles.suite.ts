import * as assert from "node:assert/strict";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { NotTextFile, WriteConflict } from "../../../agent-core/edits/fileErrors";
import { EditorWorkspaceFiles } from "../../../extension/files/editorWorkspaceFiles";
import { workspaceRoot } from "./helpers";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Resolves with the error `promise` rejects with; fails when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail("expected the call to fail"),
    (e: unknown) => e,
  );
}

/** The editor's WorkspaceFiles: bytes, metadata and compare-and-swap, on files open in an editor and not. */
export function registerWorkspaceFilesSuite(): void {
  describe("editor WorkspaceFiles", () => {
    let dir: string;
    let files: EditorWorkspaceFiles;
    let debug: string[];
    beforeEach(() => {
      dir = mkdtempSync(path.join(workspaceRoot(), "files-"));
      debug = [];
      const ignore = () => undefined;
      files = new EditorWorkspaceFiles(dir, { debug: (m) => debug.push(m), info: ignore, warn: ignore, error: ignore });
    });
    /** True when the last writes bypassed the editor (its model of the file differed from the bytes). */
    const wroteBytes = () => debug.some((m) => m.includes("writing the bytes"));
    afterEach(async () => {
      // Leave no dirty or open editor behind for the next test.
      await vscode.commands.executeCommand("workbench.action.files.revert");
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    });
    const abs = (rel: string) => path.join(dir, rel);

    it("refuses a Latin-1 file with NotTextFile, open in an editor or not", async () => {
      writeFileSync(abs("latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
      const closed = await rejection(files.read("latin1.txt"));
      assert.ok(closed instanceof NotTextFile, `expected NotTextFile, got ${String(closed)}`);
      assert.equal(closed.message, "latin1.txt is not UTF-8 text; Greenloop only edits UTF-8 files.");
      await vscode.window.showTextDocument(vscode.Uri.file(abs("latin1.txt")));
      assert.ok(
        (await rejection(files.read("latin1.txt"))) instanceof NotTextFile,
        "the editor's U+FFFD text is not editable either",
      );
    });

    it("keeps BOM and CRLF byte-exact when patching a file that is not open", async () => {
      const original = Buffer.concat([BOM, Buffer.from("const a = 1;\r\nconst b = 'é';\r\nconst c = 3;\r\n", "utf8")]);
      writeFileSync(abs("bom.ts"), original);
      const text = await files.read("bom.ts");
      assert.equal(
        text,
        "const a = 1;\r\nconst b = 'é';\r\nconst c = 3;\r\n",
        "the editor's text: no BOM, line endings as on disk",
      );
      await files.write("bom.ts", text!.replace("c = 3", "c = 4"), text);
      assert.deepEqual(
        readFileSync(abs("bom.ts")),
        Buffer.concat([BOM, Buffer.from("const a = 1;\r\nconst b = 'é';\r\nconst c = 4;\r\n", "utf8")]),
      );
      assert.equal(
        wroteBytes(),
        false,
        "VS Code's document keeps the BOM in its encoding: the write went through the editor",
      );
    });

    it("keeps mixed line endings of a file that is not open (the editor would normalize them)", async () => {
      const original = "one\r\ntwo\nthree\r\n";
      writeFileSync(abs("mixed.txt"), original);
      const text = await files.read("mixed.txt");
      assert.equal(text, original);
      await files.write("mixed.txt", original.replace("two", "TWO"), text);
      assert.equal(readFileSync(abs("mixed.txt"), "utf8"), "one\r\nTWO\nthree\r\n");
      assert.equal(wroteBytes(), true);
    });

    it("keeps mode 755 and writes through a symlink to its real file, keeping the link", async function () {
      if (process.platform === "win32") this.skip();
      writeFileSync(abs("run.sh"), "#!/bin/sh\necho one\n");
      chmodSync(abs("run.sh"), 0o755);
      await files.write("run.sh", "#!/bin/sh\necho two\n", "#!/bin/sh\necho one\n");
      assert.equal(statSync(abs("run.sh")).mode & 0o777, 0o755);
      assert.equal(readFileSync(abs("run.sh"), "utf8"), "#!/bin/sh\necho two\n");

      mkdirSync(abs("lib"));
      writeFileSync(abs("lib/real.ts"), "export const x = 1;\n");
      symlinkSync(path.join("lib", "real.ts"), abs("alias.ts"));
      await files.write("alias.ts", "export const x = 2;\n", "export const x = 1;\n");
      assert.ok(lstatSync(abs("alias.ts")).isSymbolicLink());
      assert.equal(readlinkSync(abs("alias.ts")), path.join("lib", "real.ts"));
      assert.equal(readFileSync(abs("lib/real.ts"), "utf8"), "export const x = 2;\n");
      assert.equal(wroteBytes(), false, "VS Code's own save (in place) kept the mode and the link");
    });

    it("refuses a symlink pointing outside the workspace", async function () {
      if (process.platform === "win32") this.skip();
      const outside = mkdtempSync(path.join(path.dirname(workspaceRoot()), "greenloop-outside-"));
      writeFileSync(path.join(outside, "secret.txt"), "secret\n");
      try {
        symlinkSync(path.join(outside, "secret.txt"), abs("escape.txt"));
        await assert.rejects(files.write("escape.txt", "overwritten\n"), /outside the workspace/);
        assert.equal(readFileSync(path.join(outside, "secret.txt"), "utf8"), "secret\n");
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it("writes an open document through the editor (and saves it) when it holds the expected text", async () => {
      writeFileSync(abs("open.ts"), "let v = 1;\n");
      const doc = await vscode.workspace.openTextDocument(abs("open.ts"));
      await vscode.window.showTextDocument(doc);
      await files.write("open.ts", "let v = 2;\n", "let v = 1;\n");
      assert.equal(doc.getText(), "let v = 2;\n");
      assert.equal(doc.isDirty, false);
      assert.equal(readFileSync(abs("open.ts"), "utf8"), "let v = 2;\n");
    });

    it("refuses to overwrite lines the user typed into the open document after the read", async () => {
      writeFileSync(abs("typed.ts"), "a\nb\n");
      const read = await files.read("typed.ts");
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(abs("typed.ts")));
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(2, 0), "typed by the user\n")));
      const error = await rejection(files.write("typed.ts", "A\nb\n", read));
      assert.ok(error instanceof WriteConflict, `expected WriteConflict, got ${String(error)}`);
      assert.equal(error.found, "a\nb\ntyped by the user\n");
      assert.equal(editor.document.getText(), "a\nb\ntyped by the user\n");
      assert.equal(readFileSync(abs("typed.ts"), "utf8"), "a\nb\n");
    });

    it("refuses expected: null on an existing file and remove with a stale expected", async () => {
      writeFileSync(abs("exists.ts"), "mine\n");
      assert.ok((await rejection(files.write("exists.ts", "theirs\n", null))) instanceof WriteConflict);
      assert.ok((await rejection(files.remove("exists.ts", "written by the loop\n"))) instanceof WriteConflict);
      assert.equal(readFileSync(abs("exists.ts"), "utf8"), "mine\n");
      await files.remove("exists.ts", "mine\n");
      assert.throws(() => statSync(abs("exists.ts")), /ENOENT/);
    });
  });
}
