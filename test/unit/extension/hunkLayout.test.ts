import { strict as assert } from "node:assert";
import { makeFileChange } from "../../../agent-core/edits/diff";
import type { Hunk } from "../../../agent-core/edits/types";
import { HunkCodeLensProvider } from "../../../extension/review/hunkCodeLensProvider";
import { hunkAnchorLine, hunkAtLine, hunkNewRange } from "../../../extension/review/hunkLayout";
import type { ReviewController } from "../../../extension/review/reviewController";

/** 30 numbered lines; the proposal edits line 5, deletes line 20 and inserts after line 25. */
const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
const after = before
  .replace("line 5\n", "line 5 changed\n")
  .replace("line 20\n", "")
  .replace("line 25\n", "line 25\nextra\n");
const change = makeFileChange("src/lines.ts", before, after);
const afterLines = after.split("\n");

/** The new-text lines a hunk shows (context and additions), without the diff markers. */
function newSide(h: Hunk): string[] {
  return h.lines.filter((l) => l.startsWith(" ") || l.startsWith("+")).map((l) => l.slice(1));
}

describe("extension hunk layout (where CodeLenses go)", () => {
  it("the fixture yields three hunks, one per change (line 20 and 25 changes stay apart)", () => {
    assert.equal(change.hunks.length, 3);
  });

  it("hunkNewRange is the 0-based, end-exclusive span of the hunk in the proposed text", () => {
    assert.deepEqual(change.hunks.map(hunkNewRange), [
      { start: 1, end: 8 },
      { start: 16, end: 21 },
      { start: 21, end: 28 },
    ]);
    for (const h of change.hunks) {
      const { start, end } = hunkNewRange(h);
      assert.deepEqual(afterLines.slice(start, end), newSide(h));
    }
  });

  it("the anchor is the first changed line, after the leading context", () => {
    const anchors = change.hunks.map(hunkAnchorLine);
    assert.deepEqual(anchors, [4, 19, 24]);
    assert.equal(afterLines[anchors[0]], "line 5 changed");
    // A deletion has no line of its own in the new text: the lens sits on the line that follows it.
    assert.equal(afterLines[anchors[1]], "line 21");
    assert.equal(afterLines[anchors[2]], "extra");
  });

  it("anchors a new file and an emptied file at line 0", () => {
    const created = makeFileChange("src/new.ts", "", "a\nb\n");
    assert.equal(hunkAnchorLine(created.hunks[0]), 0);
    assert.deepEqual(hunkNewRange(created.hunks[0]), { start: 0, end: 2 });
    const emptied = makeFileChange("src/gone.ts", "a\nb\n", "");
    assert.equal(emptied.hunks[0].newLines, 0);
    assert.equal(hunkAnchorLine(emptied.hunks[0]), 0);
    assert.deepEqual(hunkNewRange(emptied.hunks[0]), { start: 0, end: 1 });
  });

  it("'No newline at end of file' markers do not shift the anchor", () => {
    const appended = makeFileChange("src/tail.ts", "a\nb\nc", "a\nb\nc\nd");
    assert.ok(appended.hunks[0].lines.some((l) => l.startsWith("\\")));
    assert.equal(hunkAnchorLine(appended.hunks[0]), 2);
  });

  it("a change in the first line anchors at 0 (no leading context)", () => {
    const first = makeFileChange("src/head.ts", "a\nb\nc\n", "A\nb\nc\n");
    assert.equal(first.hunks[0].lines[0], "-a");
    assert.equal(hunkAnchorLine(first.hunks[0]), 0);
  });

  it("hunkAtLine finds the hunk containing a line, at both ends of its range", () => {
    assert.equal(hunkAtLine(change.hunks, 1), 0);
    assert.equal(hunkAtLine(change.hunks, 4), 0);
    assert.equal(hunkAtLine(change.hunks, 7), 0);
    assert.equal(hunkAtLine(change.hunks, 16), 1);
    assert.equal(hunkAtLine(change.hunks, 20), 1);
    assert.equal(hunkAtLine(change.hunks, 21), 2);
    assert.equal(hunkAtLine(change.hunks, 27), 2);
  });

  it("between hunks and past the last one it picks the nearest hunk above; before the first, the first", () => {
    assert.equal(hunkAtLine(change.hunks, 8), 0);
    assert.equal(hunkAtLine(change.hunks, 15), 0);
    assert.equal(hunkAtLine(change.hunks, 28), 2);
    assert.equal(hunkAtLine(change.hunks, 500), 2);
    assert.equal(hunkAtLine(change.hunks, 0), 0);
    assert.equal(hunkAtLine([], 3), undefined);
  });

  it("the CodeLens provider serves the controller's lenses for the document and its change event", () => {
    const asked: unknown[] = [];
    const event = () => ({ dispose() {} });
    const review = { onDidChangeLenses: event, lensesFor: (uri: unknown) => (asked.push(uri), ["lens"]) };
    const provider = new HunkCodeLensProvider(review as unknown as ReviewController);
    const uri = { toString: () => "greenloop-proposal:/src/lines.ts?proposal=p-1&side=after" };
    const lenses = provider.provideCodeLenses({ uri } as never);
    assert.deepEqual(lenses, ["lens"]);
    assert.deepEqual(asked, [uri]);
    assert.equal(provider.onDidChangeCodeLenses, event);
  });
});
