import assert from "node:assert/strict";
import { conflictFor, decodeUtf8Text, NotTextFile, WriteConflict } from "../../../agent-core/edits/fileErrors";

/** A second, independent copy of the module, as the extension bundle has next to dist/core.js. */
function secondCopy(): typeof import("../../../agent-core/edits/fileErrors") {
  const id = require.resolve("../../../agent-core/edits/fileErrors");
  const cached = require.cache[id];
  delete require.cache[id];
  try {
    return require(id) as typeof import("../../../agent-core/edits/fileErrors");
  } finally {
    if (cached) require.cache[id] = cached;
  }
}

describe("edits: file errors", () => {
  it("instanceof matches errors from another copy of the module (extension bundle vs core bundle)", () => {
    const other = secondCopy();
    assert.notEqual(other.WriteConflict, WriteConflict, "precondition: really a second copy");
    assert.ok(new other.WriteConflict("a.ts", "x") instanceof WriteConflict);
    assert.ok(new WriteConflict("a.ts", "x") instanceof other.WriteConflict);
    assert.ok(new other.NotTextFile("a.bin") instanceof NotTextFile);
    assert.ok(!(new other.NotTextFile("a.bin") instanceof WriteConflict));
    assert.ok(!(new Error("plain") instanceof WriteConflict));
    assert.ok(new WriteConflict("a.ts", undefined) instanceof Error);
  });

  it("says what happened to the file", () => {
    assert.equal(
      conflictFor("a.ts", null, "x").message,
      "a.ts was created by someone else since Greenloop read it; nothing was written.",
    );
    assert.equal(
      conflictFor("a.ts", "old", undefined).message,
      "a.ts was deleted since Greenloop read it; nothing was written.",
    );
    assert.equal(
      conflictFor("a.ts", "old", "new").message,
      "a.ts was changed by someone else since Greenloop read it; nothing was written.",
    );
    assert.equal(conflictFor("a.ts", "old", "new").found, "new");
  });

  it("decodes strict UTF-8, keeping or dropping the BOM on request", () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]);
    assert.equal(decodeUtf8Text(bom, "a.txt"), "\uFEFFa");
    assert.equal(decodeUtf8Text(bom, "a.txt", false), "a");
    assert.throws(() => decodeUtf8Text(Uint8Array.from([0xff, 0xfe, 0x61, 0x00]), "utf16.txt"), NotTextFile);
    assert.throws(
      () => decodeUtf8Text(Uint8Array.from([0xe9]), "l.txt"),
      /l\.txt is not UTF-8 text; Greenloop only edits UTF-8 files\./,
    );
  });
});
