import assert from "node:assert/strict";
import { applyEdits, parseEditBlocks } from "../../../agent-core/edits/index";

describe("applyEdits", () => {
  const files = new Map([
    ["src/a.ts", "export const a = 1;\nexport const b = 2;\n"],
    ["src/b.ts", "import { a } from './a';\nconsole.log(a);\n"],
  ]);

  it("applies blocks in order across files, later blocks seeing earlier results", () => {
    const answer =
      "src/a.ts\n<<<<<<< SEARCH\nexport const a = 1;\n=======\nexport const a = 10;\n>>>>>>> REPLACE\n" +
      "<<<<<<< SEARCH\nexport const a = 10;\n=======\nexport const a = 100;\n>>>>>>> REPLACE\n" +
      "./src/b.ts\n<<<<<<< SEARCH\nconsole.log(a);\n=======\nconsole.info(a);\n>>>>>>> REPLACE\n" +
      "src/new.ts\n<<<<<<< SEARCH\n=======\nexport {};\n>>>>>>> REPLACE\n";
    const { blocks, errors } = parseEditBlocks(answer);
    assert.deepEqual(errors, []);
    const r = applyEdits(files, blocks);
    assert.deepEqual(r.outcomes.map((o) => [o.index, o.path, o.outcome.ok]), [
      [0, "src/a.ts", true],
      [1, "src/a.ts", true],
      [2, "src/b.ts", true],
      [3, "src/new.ts", true],
    ]);
    assert.equal(r.contents.get("src/a.ts"), "export const a = 100;\nexport const b = 2;\n");
    assert.equal(r.contents.get("src/b.ts"), "import { a } from './a';\nconsole.info(a);\n");
    assert.equal(r.contents.get("src/new.ts"), "export {};\n");
    assert.deepEqual(r.changed, ["src/a.ts", "src/b.ts", "src/new.ts"]);
    assert.deepEqual(r.created, ["src/new.ts"]);
    assert.deepEqual(r.matchKinds.get("src/a.ts"), ["exact", "exact"]);
    assert.deepEqual(r.matchKinds.get("src/new.ts"), ["create"]);
    assert.equal(files.get("src/a.ts"), "export const a = 1;\nexport const b = 2;\n", "input map untouched");
  });

  it("reports failures per block and keeps the successful ones", () => {
    const r = applyEdits(files, [
      { path: "src/a.ts", search: "nope\n", replace: "x\n" },
      { path: "src/missing.ts", search: "x\n", replace: "y\n" },
      { path: "../outside.ts", search: "", replace: "y\n" },
      { path: "src/b.ts", search: "console.log(a);\n", replace: "void a;\n" },
    ]);
    const [notFound, missing, outside, good] = r.outcomes;
    assert.equal(!notFound.outcome.ok && notFound.outcome.reason, "not-found");
    assert.match(!missing.outcome.ok ? missing.outcome.message : "", /src\/missing\.ts does not exist.*leave the SEARCH section empty/);
    assert.match(!outside.outcome.ok ? outside.outcome.message : "", /outside the workspace/);
    assert.equal(good.outcome.ok, true);
    assert.equal(r.contents.get("src/a.ts"), files.get("src/a.ts"));
    assert.deepEqual(r.changed, ["src/b.ts"]);
    assert.deepEqual(r.created, []);
  });

  it("does not count an edit that restores the original text as a change", () => {
    const r = applyEdits(files, [
      { path: "src/a.ts", search: "export const b = 2;\n", replace: "export const b = 3;\n" },
      { path: "src/a.ts", search: "export const b = 3;\n", replace: "export const b = 2;\n" },
    ]);
    assert.deepEqual(r.changed, []);
  });
});
