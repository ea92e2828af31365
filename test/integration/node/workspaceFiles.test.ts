import assert from "node:assert/strict";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { NotTextFile, WriteConflict } from "../../../agent-core/edits/fileErrors";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";

const onWindows = process.platform === "win32";

describe("node: NodeWorkspaceFiles", function () {
  this.timeout(20_000);
  let base: string;
  let root: string;
  let files: NodeWorkspaceFiles;
  beforeEach(() => {
    base = mkdtempSync(path.join(tmpdir(), "greenloop-wsfiles-"));
    root = path.join(base, "ws");
    mkdirSync(root);
    files = new NodeWorkspaceFiles(root);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const abs = (rel: string) => path.join(root, rel);
  const bytes = (rel: string) => readFileSync(abs(rel));
  /** Asserts `promise` rejects with a WriteConflict for `rel` and returns it. */
  async function conflict(promise: Promise<unknown>, rel: string): Promise<WriteConflict> {
    const error = await promise.then(
      () => assert.fail("expected a WriteConflict, but the call succeeded"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WriteConflict, `expected a WriteConflict, got ${String(error)}`);
    assert.equal(error.path, rel);
    return error;
  }
  /** Files in `dir` (no leftover temp files after a refused write). */
  const listing = (dir: string) => readdirSync(dir).sort();

  describe("reading", () => {
    it("refuses a Latin-1 file with NotTextFile instead of decoding it to U+FFFD", async () => {
      writeFileSync(abs("latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a])); // "café\n" in Latin-1
      const error = await files.read("latin1.txt").then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof NotTextFile, `expected NotTextFile, got ${String(error)}`);
      assert.equal(error.path, "latin1.txt");
      assert.equal(error.message, "latin1.txt is not UTF-8 text; Greenloop only edits UTF-8 files.");
    });

    it("refuses a file with NUL bytes (binary) even though they are valid UTF-8", async () => {
      writeFileSync(abs("blob.bin"), Buffer.from([0x61, 0x00, 0x62]));
      await assert.rejects(
        files.read("blob.bin"),
        (e: unknown) => e instanceof NotTextFile && /NUL bytes/.test(e.message),
      );
    });

    it("returns undefined for a missing file", async () => {
      assert.equal(await files.read("missing.ts"), undefined);
    });
  });

  describe("writing keeps bytes and metadata", () => {
    it("round-trips a UTF-8 file with BOM, CRLF and a stray LF byte-exact after a one-line patch", async () => {
      const original = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from("const a = 1;\r\nconst b = 'é';\r\nconst c = 3;\n// end\r\n", "utf8"),
      ]);
      writeFileSync(abs("crlf.ts"), original);
      const text = await files.read("crlf.ts");
      assert.ok(text?.startsWith("\uFEFF"), "the BOM is part of the text, so writing it back keeps it");
      await files.write("crlf.ts", text!.replace("const c = 3;", "const c = 4;"), text);
      const expected = Buffer.from(original.toString("utf8").replace("const c = 3;", "const c = 4;"), "utf8");
      assert.deepEqual(bytes("crlf.ts"), expected);
      assert.deepEqual(bytes("crlf.ts").subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
    });

    it("keeps mode 755 of an executable script", async function () {
      if (onWindows) this.skip();
      writeFileSync(abs("run.sh"), "#!/bin/sh\necho one\n");
      chmodSync(abs("run.sh"), 0o755);
      await files.write("run.sh", "#!/bin/sh\necho two\n", "#!/bin/sh\necho one\n");
      assert.equal(statSync(abs("run.sh")).mode & 0o777, 0o755);
      assert.equal(readFileSync(abs("run.sh"), "utf8"), "#!/bin/sh\necho two\n");
    });

    it("writes through a symlink to its real file inside the workspace and keeps the link a link", async function () {
      if (onWindows) this.skip();
      mkdirSync(abs("lib"));
      writeFileSync(abs("lib/real.ts"), "export const x = 1;\n");
      symlinkSync(path.join("lib", "real.ts"), abs("alias.ts"));
      assert.equal(await files.read("alias.ts"), "export const x = 1;\n");
      await files.write("alias.ts", "export const x = 2;\n", "export const x = 1;\n");
      assert.ok(lstatSync(abs("alias.ts")).isSymbolicLink(), "alias.ts is still a symbolic link");
      assert.equal(readlinkSync(abs("alias.ts")), path.join("lib", "real.ts"));
      assert.equal(readFileSync(abs("lib/real.ts"), "utf8"), "export const x = 2;\n");
      assert.deepEqual(listing(abs("lib")), ["real.ts"], "no temp file left next to the real file");
      assert.deepEqual(listing(root), ["alias.ts", "lib"], "no temp file left next to the link");
    });

    it("refuses a symlink pointing outside the workspace and leaves the outside file alone", async function () {
      if (onWindows) this.skip();
      writeFileSync(path.join(base, "outside.txt"), "secret\n");
      symlinkSync(path.join(base, "outside.txt"), abs("escape.txt"));
      await assert.rejects(files.write("escape.txt", "overwritten\n"), /outside the workspace/);
      await assert.rejects(files.read("escape.txt"), /outside the workspace/);
      assert.equal(readFileSync(path.join(base, "outside.txt"), "utf8"), "secret\n");
      assert.ok(lstatSync(abs("escape.txt")).isSymbolicLink());
    });

    it("creates folders and a new file when expected is null", async () => {
      await files.write("src/new/file.ts", "export {};\n", null);
      assert.equal(readFileSync(abs("src/new/file.ts"), "utf8"), "export {};\n");
      assert.deepEqual(listing(abs("src/new")), ["file.ts"]);
    });
  });

  describe("compare-and-swap", () => {
    it("refuses a write when the user appended lines after the read: nothing written, the user's lines kept", async () => {
      const seen = Array.from({ length: 37 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
      writeFileSync(abs("notes.md"), seen);
      const read = await files.read("notes.md");
      const appended = seen + Array.from({ length: 31 }, (_, i) => `user line ${i + 1}`).join("\n") + "\n";
      writeFileSync(abs("notes.md"), appended);
      const error = await conflict(files.write("notes.md", read!.replace("line 1\n", "line one\n"), read), "notes.md");
      assert.equal(error.found, appended);
      assert.equal(readFileSync(abs("notes.md"), "utf8"), appended);
      assert.deepEqual(listing(root), ["notes.md"], "the temp file is deleted");
    });

    it("writes when the file still holds the expected text", async () => {
      writeFileSync(abs("a.ts"), "one\n");
      await files.write("a.ts", "two\n", "one\n");
      assert.equal(readFileSync(abs("a.ts"), "utf8"), "two\n");
    });

    it("refuses expected: null when the file exists", async () => {
      writeFileSync(abs("exists.ts"), "mine\n");
      const error = await conflict(files.write("exists.ts", "theirs\n", null), "exists.ts");
      assert.equal(error.found, "mine\n");
      assert.match(error.message, /exists\.ts was created by someone else .*nothing was written/);
      assert.equal(readFileSync(abs("exists.ts"), "utf8"), "mine\n");
      assert.deepEqual(listing(root), ["exists.ts"]);
    });

    it("refuses a write expecting text when the file was deleted", async () => {
      const error = await conflict(files.write("gone.ts", "new\n", "old\n"), "gone.ts");
      assert.equal(error.found, undefined);
      assert.equal(existsSync(abs("gone.ts")), false);
    });

    it("refuses a write over a file whose bytes differ only in encoding (BOM added by the user)", async () => {
      writeFileSync(abs("bom.ts"), "\uFEFFx\n");
      await conflict(files.write("bom.ts", "y\n", "x\n"), "bom.ts");
      assert.equal(readFileSync(abs("bom.ts"), "utf8"), "\uFEFFx\n");
    });

    it("refuses remove with a stale expected and keeps the file", async () => {
      writeFileSync(abs("created.ts"), "edited by the user\n");
      const error = await conflict(files.remove("created.ts", "written by the loop\n"), "created.ts");
      assert.equal(error.found, "edited by the user\n");
      assert.equal(readFileSync(abs("created.ts"), "utf8"), "edited by the user\n");
    });

    it("removes when the expected text is there, and without a check when none is given", async () => {
      writeFileSync(abs("one.ts"), "1\n");
      writeFileSync(abs("two.ts"), "2\n");
      await files.remove("one.ts", "1\n");
      await files.remove("two.ts");
      assert.deepEqual(listing(root), []);
    });
  });
});
