import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { applyPatch, parsePatch } from "diff";
import { applyHunkSubset, diffStats, makeFileChange } from "../../../agent-core/edits/index";
import type { Hunk } from "../../../agent-core/edits/types";

const lines = (n: number, eol = "\n") => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join(eol) + eol;

/** Before/after with three well-separated changes: replace line 3, insert after line 20, delete line 40. */
function threeChanges(eol = "\n") {
  const before = lines(50, eol);
  const after = before
    .replace(`line 3${eol}`, `LINE THREE${eol}`)
    .replace(`line 20${eol}`, `line 20${eol}inserted a${eol}inserted b${eol}`)
    .replace(`line 40${eol}`, "");
  return { before, after };
}

describe("makeFileChange", () => {
  it("computes hunks with 3 lines of context, a unified diff and stats", () => {
    const { before, after } = threeChanges();
    const c = makeFileChange("src/x.txt", before, after);
    assert.equal(c.hunks.length, 3);
    assert.deepEqual(c.hunks[0], {
      oldStart: 1,
      oldLines: 6,
      newStart: 1,
      newLines: 6,
      lines: [" line 1", " line 2", "-line 3", "+LINE THREE", " line 4", " line 5", " line 6"],
    });
    assert.match(c.diff, /^--- a\/src\/x\.txt$/m);
    assert.match(c.diff, /^\+\+\+ b\/src\/x\.txt$/m);
    assert.match(c.diff, /^@@ -1,6 \+1,6 @@$/m);
    assert.deepEqual(diffStats(c), { added: 3, removed: 2 });
    assert.equal(c.isNew, false);
    assert.equal(c.isTestFile, false);
    assert.deepEqual(c.dangers, []);
  });

  it("derives new-file, test-file and danger flags unless given", () => {
    const c = makeFileChange("tests/test_x.py", "", "import subprocess\n");
    assert.equal(c.isNew, true);
    assert.equal(c.isTestFile, true);
    assert.deepEqual(c.dangers, [{ kind: "process", line: "import subprocess" }]);
    assert.match(c.diff, /^--- \/dev\/null$/m);
    const given = makeFileChange("a.ts", "x\n", "y\n", {
      isNew: false,
      isTestFile: true,
      matchKinds: ["fuzzy"],
      dangers: [],
    });
    assert.equal(given.isTestFile, true);
    assert.deepEqual(given.matchKinds, ["fuzzy"]);
  });

  it("has no hunks and no diff text for identical content", () => {
    const c = makeFileChange("a.ts", "same\n", "same\n");
    assert.deepEqual(c.hunks, []);
    assert.equal(c.diff, "");
  });
});

/** Four small functions whose bodies are stubs, and the same four implemented. */
const STUBS = ["chunk", "groupBy", "uniqueBy", "partition"].map((name) => ({
  name,
  stub: `export function ${name}(items, arg) {\n  // TODO: implement\n  throw new Error("TODO: ${name}");\n}\n`,
  fixed: `export function ${name}(items, arg) {\n  const out = [];\n  for (const item of items) out.push([${JSON.stringify(name)}, item, arg]);\n  return out;\n}\n`,
}));
const moduleOf = (fixed: ReadonlySet<string>) =>
  `// Array helpers.\n\n${STUBS.map((f) => `/** ${f.name}. */\n${fixed.has(f.name) ? f.fixed : f.stub}`).join("\n")}`;

/** Every subset of 0..n-1. */
function subsets(n: number): number[][] {
  return Array.from({ length: 2 ** n }, (_, mask) =>
    Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i)),
  );
}

/** jsdiff's own applier, given only the chosen hunks: an independent oracle for applyHunkSubset. */
function jsdiffApply(before: string, hunks: readonly Hunk[], chosen: readonly number[]): string {
  const result = applyPatch(before, { hunks: chosen.map((i) => hunks[i]) } as never, { fuzzFactor: 0 });
  assert.notEqual(result, false, `jsdiff could not apply hunks ${chosen}`);
  return result as string;
}

describe("makeFileChange: one hunk per change block", () => {
  const before = moduleOf(new Set());
  const after = moduleOf(new Set(STUBS.map((f) => f.name)));
  const change = makeFileChange("src/collections.js", before, after);

  it("a fix touching four functions gives four hunks, one per function", () => {
    assert.equal(change.hunks.length, 4);
    change.hunks.forEach((h, i) => {
      const touched = h.lines.filter((l) => l.startsWith("-") || l.startsWith("+")).join("\n");
      assert.ok(touched.includes(STUBS[i].name), `hunk ${i + 1} is ${STUBS[i].name}`);
      for (const other of STUBS)
        if (other !== STUBS[i]) assert.ok(!touched.includes(other.name), `hunk ${i + 1} leaks ${other.name}`);
    });
  });

  it("any subset of the four hunks applies exactly those functions' fixes", () => {
    for (const chosen of subsets(4)) {
      const expected = moduleOf(new Set(chosen.map((i) => STUBS[i].name)));
      assert.equal(applyHunkSubset(before, change.hunks, chosen), expected, `subset ${chosen}`);
      assert.equal(jsdiffApply(before, change.hunks, chosen), expected, `jsdiff, subset ${chosen}`);
    }
  });

  it("hunks share no line of context and the diff text applies as a whole", () => {
    for (let i = 1; i < change.hunks.length; i++) {
      const prev = change.hunks[i - 1];
      assert.ok(prev.oldStart + prev.oldLines <= change.hunks[i].oldStart, `hunks ${i} and ${i + 1} overlap`);
    }
    assert.equal(parsePatch(change.diff)[0].hunks.length, 4);
    assert.equal(applyPatch(before, change.diff), after);
  });

  it("the practice fix for collections.js (header line plus four functions) gives five hunks", () => {
    const root = path.resolve(__dirname, "../../..");
    const stub = readFileSync(path.join(root, "practice/javascript/collections/collections.js"), "utf8");
    const solved = readFileSync(
      path.join(root, "test/fixtures/solutions/javascript/collections/collections.js"),
      "utf8",
    );
    const c = makeFileChange("collections.js", stub, solved);
    assert.equal(c.hunks.length, 5);
    for (const chosen of subsets(5))
      assert.equal(applyHunkSubset(stub, c.hunks, chosen), jsdiffApply(stub, c.hunks, chosen), `subset ${chosen}`);
  });

  it("keeps a rewrite whole when the diff matches only a brace inside it (as the diff editor shows it)", () => {
    const b = "function f(x) {\n  if (x) {\n    a();\n  }\n  return 1;\n}\n";
    const a =
      "function f(x) {\n  for (const y of x) {\n    b(y);\n    c(y);\n    d(y);\n  }\n  while (x.length) {\n    x.pop();\n  }\n  return 2;\n}\n";
    const c = makeFileChange("f.js", b, a);
    assert.equal(c.hunks.length, 1);
    assert.equal(applyHunkSubset(b, c.hunks, [0]), a);
  });

  it("splits changes one unchanged line apart, including an insertion with no context", () => {
    const b = "a\nb\nc\nd\n";
    const a = "X\na\nB\nc\nD\n";
    const c = makeFileChange("x", b, a);
    assert.equal(c.hunks.length, 3);
    assert.deepEqual(c.hunks[0], { oldStart: 1, oldLines: 0, newStart: 1, newLines: 1, lines: ["+X"] });
    for (const chosen of subsets(3))
      assert.equal(applyHunkSubset(b, c.hunks, chosen), jsdiffApply(b, c.hunks, chosen), `subset ${chosen}`);
    assert.equal(applyHunkSubset(b, c.hunks, [0]), "X\na\nb\nc\nd\n");
    assert.equal(applyHunkSubset(b, c.hunks, [1, 2]), "a\nB\nc\nD\n");
  });

  it("dense random edits: every subset matches jsdiff's applier, and all hunks give the full result", () => {
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let round = 0; round < 40; round++) {
      const base = Array.from({ length: 14 }, (_, i) => `w${i}`);
      const next = [...base];
      for (let k = 0; k < 5; k++) {
        const at = rand(next.length + 1);
        const op = rand(3);
        if (op === 0 && at < next.length) next[at] = `changed ${k}`;
        else if (op === 1) next.splice(at, 0, `added ${k}`);
        else next.splice(at, 1);
      }
      const b = base.join("\n") + (rand(2) ? "\n" : "");
      const a = next.join("\n") + (rand(2) ? "\n" : "");
      const ch = makeFileChange("r", b, a);
      for (const chosen of subsets(Math.min(ch.hunks.length, 6))) {
        assert.equal(
          applyHunkSubset(b, ch.hunks, chosen),
          jsdiffApply(b, ch.hunks, chosen),
          `round ${round} subset ${chosen}`,
        );
      }
      assert.equal(
        applyHunkSubset(
          b,
          ch.hunks,
          ch.hunks.map((_, i) => i),
        ),
        a,
        `round ${round}`,
      );
    }
  });
});

describe("applyHunkSubset", () => {
  const { before, after } = threeChanges();
  const c = makeFileChange("x.txt", before, after);

  it("gives back the original with no hunks and the full result with all hunks", () => {
    assert.equal(applyHunkSubset(before, c.hunks, []), before);
    assert.equal(applyHunkSubset(before, c.hunks, [0, 1, 2]), after);
    assert.equal(applyHunkSubset(before, c.hunks, [2, 0, 1]), after);
  });

  it("accepts the first hunk and rejects the others", () => {
    assert.equal(applyHunkSubset(before, c.hunks, [0]), before.replace("line 3\n", "LINE THREE\n"));
  });

  it("keeps offsets right when an earlier rejected hunk would have shifted lines", () => {
    const expected = before.replace("line 20\n", "line 20\ninserted a\ninserted b\n").replace("line 40\n", "");
    assert.equal(applyHunkSubset(before, c.hunks, [1, 2]), expected);
    assert.equal(applyHunkSubset(before, c.hunks, [2]), before.replace("line 40\n", ""));
  });

  it("preserves CRLF in accepted and rejected hunks", () => {
    const crlf = threeChanges("\r\n");
    const cc = makeFileChange("x.txt", crlf.before, crlf.after);
    const got = applyHunkSubset(crlf.before, cc.hunks, [1]);
    assert.equal(got, crlf.before.replace("line 20\r\n", "line 20\r\ninserted a\r\ninserted b\r\n"));
    assert.equal(got.replace(/\r\n/g, "").includes("\n"), false, "no bare LF introduced");
    assert.equal(applyHunkSubset(crlf.before, cc.hunks, [0, 1, 2]), crlf.after);
  });

  it("handles the final-newline state of the last line", () => {
    const b = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj";
    const a = "A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
    const ch = makeFileChange("x", b, a);
    assert.equal(ch.hunks.length, 2);
    assert.equal(applyHunkSubset(b, ch.hunks, [0]), "A\nb\nc\nd\ne\nf\ng\nh\ni\nj");
    assert.equal(applyHunkSubset(b, ch.hunks, [1]), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n");
    assert.equal(applyHunkSubset(b, ch.hunks, [0, 1]), a);
  });

  it("creates a new file from its single hunk", () => {
    const ch = makeFileChange("n.ts", "", "x\ny\n");
    assert.equal(applyHunkSubset("", ch.hunks, [0]), "x\ny\n");
    assert.equal(applyHunkSubset("", ch.hunks, []), "");
  });

  it("matches every subset on random edits", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let round = 0; round < 30; round++) {
      const base = Array.from({ length: 60 }, (_, i) => `v${i} ${rand(5)}`);
      const next = [...base];
      for (let k = 0; k < 4; k++) {
        const at = rand(next.length);
        const op = rand(3);
        if (op === 0) next[at] = `changed ${round}-${k}`;
        else if (op === 1) next.splice(at, 0, `added ${round}-${k}`);
        else next.splice(at, 1);
      }
      const b = base.join("\n") + "\n";
      const a = next.join("\n") + "\n";
      const ch = makeFileChange("r", b, a);
      const all = ch.hunks.map((_, i) => i);
      assert.equal(applyHunkSubset(b, ch.hunks, all), a);
      assert.equal(applyHunkSubset(b, ch.hunks, []), b);
      // Accepting one hunk, then diffing again, must leave exactly the other hunks.
      for (const i of all) {
        const partial = applyHunkSubset(b, ch.hunks, [i]);
        const rest = makeFileChange("r", partial, a);
        assert.equal(rest.hunks.length, ch.hunks.length - 1, `round ${round} hunk ${i}`);
      }
    }
  });

  it("rejects bad indices and hunks from another file with clear errors", () => {
    assert.throws(
      () => applyHunkSubset(before, c.hunks, [5]),
      /Accepted hunk index 5 is out of range \(the change has 3 hunks\)/,
    );
    assert.throws(
      () => applyHunkSubset(before.replace("line 2\n", "edited\n"), c.hunks, [0]),
      /Hunk 1 does not match the file/,
    );
  });
});
