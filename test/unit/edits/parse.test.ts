import assert from "node:assert/strict";
import { extractPath, parseEditBlocks } from "../../../agent-core/edits/index";

const block = (path: string, search: string, replace: string) =>
  `${path}\n<<<<<<< SEARCH\n${search}=======\n${replace}>>>>>>> REPLACE\n`;

describe("parseEditBlocks", () => {
  it("parses an unfenced block", () => {
    const r = parseEditBlocks(block("src/a.ts", "const a = 1;\n", "const a = 2;\n"));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.blocks, [{ path: "src/a.ts", search: "const a = 1;\n", replace: "const a = 2;\n" }]);
  });

  it("parses a fenced block with the path before the fence", () => {
    const answer =
      "I will fix it.\n\nsrc/math.py\n```python\n<<<<<<< SEARCH\ndef add(a, b):\n    return a - b\n=======\ndef add(a, b):\n    return a + b\n>>>>>>> REPLACE\n```\nDone.";
    const r = parseEditBlocks(answer);
    assert.deepEqual(r.errors, []);
    assert.equal(r.blocks.length, 1);
    assert.equal(r.blocks[0].path, "src/math.py");
    assert.equal(r.blocks[0].search, "def add(a, b):\n    return a - b\n");
    assert.equal(r.blocks[0].replace, "def add(a, b):\n    return a + b\n");
  });

  it("parses a fenced block with the path inside the fence", () => {
    const r = parseEditBlocks("```ts\nlib/x.ts\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```\n");
    assert.deepEqual(r.errors, []);
    assert.equal(r.blocks[0].path, "lib/x.ts");
  });

  it("reads a path from the fence info string", () => {
    const r = parseEditBlocks("```ts src/info.ts\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```\n");
    assert.equal(r.blocks[0].path, "src/info.ts");
  });

  it("accepts decorated path lines", () => {
    const cases: Array<[string, string]> = [
      ["`src/a.ts`", "src/a.ts"],
      ["File: src/b.ts", "src/b.ts"],
      ["### src/c.ts", "src/c.ts"],
      ["# `src/d.ts`:", "src/d.ts"],
      ["**src/e.ts**", "src/e.ts"],
      ["Path: `tests/test_f.py`", "tests/test_f.py"],
      ["In `src/g.ts`:", "src/g.ts"],
      ["Makefile", "Makefile"],
      ["src/h.ts (new file)", "src/h.ts"],
      ["src\\win\\i.ts", "src\\win\\i.ts"],
    ];
    for (const [line, expected] of cases) {
      const r = parseEditBlocks(block(line, "x\n", "y\n"));
      assert.deepEqual(r.errors, [], line);
      assert.equal(r.blocks[0]?.path, expected, line);
    }
    assert.equal(extractPath("Here is the change:"), undefined);
    assert.equal(extractPath("foo();"), undefined);
  });

  it("parses several blocks and lets a block without a path inherit the previous one", () => {
    const answer =
      "src/a.ts\n```ts\n<<<<<<< SEARCH\none\n=======\nONE\n>>>>>>> REPLACE\n```\n\n" +
      "```ts\n<<<<<<< SEARCH\ntwo\n=======\nTWO\n>>>>>>> REPLACE\n```\n" +
      "src/b.ts\n<<<<<<< SEARCH\nthree\n=======\nTHREE\n>>>>>>> REPLACE\n";
    const r = parseEditBlocks(answer);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.blocks.map((b) => [b.path, b.search, b.replace]),
      [
        ["src/a.ts", "one\n", "ONE\n"],
        ["src/a.ts", "two\n", "TWO\n"],
        ["src/b.ts", "three\n", "THREE\n"],
      ],
    );
  });

  it("handles CRLF answers, trailing spaces and 5-9 marker characters", () => {
    const answer = "src/a.ts\r\n<<<<< SEARCH  \r\nold\r\n=========\r\nnew\r\n>>>>>>>>> REPLACE \r\n";
    const r = parseEditBlocks(answer);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.blocks, [{ path: "src/a.ts", search: "old\n", replace: "new\n" }]);
  });

  it("treats an empty SEARCH as file creation and keeps blank lines and empty REPLACE distinct", () => {
    const r = parseEditBlocks(block("new/file.md", "", "# Title\n\ntext\n") + block("src/x.ts", "gone\n", ""));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.blocks[0], { path: "new/file.md", search: "", replace: "# Title\n\ntext\n" });
    assert.deepEqual(r.blocks[1], { path: "src/x.ts", search: "gone\n", replace: "" });
    const blank = parseEditBlocks(block("a.ts", "x\n", "\n"));
    assert.equal(blank.blocks[0].replace, "\n");
  });

  it("keeps fences and markdown inside block content", () => {
    const r = parseEditBlocks(block("README.md", "```sh\nnpm i\n```\n", "```sh\nnpm ci\n```\n"));
    assert.deepEqual(r.errors, []);
    assert.equal(r.blocks[0].search, "```sh\nnpm i\n```\n");
  });

  it("reports a missing divider and still returns the well-formed blocks", () => {
    const answer = "src/a.ts\n<<<<<<< SEARCH\nold\nnew\n>>>>>>> REPLACE\n" + block("src/b.ts", "b\n", "B\n");
    const r = parseEditBlocks(answer);
    assert.equal(r.blocks.length, 1);
    assert.equal(r.blocks[0].path, "src/b.ts");
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /Edit block 1 \(src\/a\.ts\).*=======.*missing/);
  });

  it("reports a missing REPLACE marker before the next block", () => {
    const answer =
      "src/a.ts\n<<<<<<< SEARCH\nold\n=======\nnew\n\nsrc/b.ts\n" + "<<<<<<< SEARCH\nb\n=======\nB\n>>>>>>> REPLACE\n";
    const r = parseEditBlocks(answer);
    assert.deepEqual(r.blocks, [{ path: "src/b.ts", search: "b\n", replace: "B\n" }]);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0], /REPLACE.*missing/);
  });

  it("reports a REPLACE missing at the end of the answer", () => {
    const r = parseEditBlocks("```\nsrc/a.ts\n<<<<<<< SEARCH\nold\n=======\nnew\n```\n");
    assert.equal(r.blocks.length, 0);
    assert.match(r.errors[0], /Edit block 1 \(src\/a\.ts\): the closing `>>>>>>> REPLACE` line is missing/);
  });

  it("reports a block without any path", () => {
    const r = parseEditBlocks("Change this:\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n");
    assert.equal(r.blocks.length, 0);
    assert.match(r.errors[0], /Edit block 1: no file path/);
  });

  it("reports stray and malformed markers instead of dropping them silently", () => {
    const stray = parseEditBlocks("src/a.ts\n<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n");
    assert.equal(stray.blocks.length, 0);
    assert.equal(stray.errors.length, 2);
    assert.match(stray.errors[0], /malformed/);
    assert.match(stray.errors[1], /without a `<<<<<<< SEARCH`/);
  });

  it("returns nothing for an answer without edits", () => {
    assert.deepEqual(parseEditBlocks("All tests should pass now."), { blocks: [], errors: [] });
  });
});
