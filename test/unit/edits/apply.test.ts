import assert from "node:assert/strict";
import { type ApplyOutcome, applyEdit } from "../../../agent-core/edits/index";

const edit = (search: string, replace: string) => ({ path: "src/f.ts", search, replace });

function okContent(o: ApplyOutcome): string {
  if (!o.ok) assert.fail(`expected success, got ${o.reason}: ${o.message}`);
  return o.content;
}

const TS_FILE = [
  "export function total(items: number[]): number {",
  "    let sum = 0;",
  "    for (const item of items) {",
  "        sum += item;",
  "    }",
  "    return sum;",
  "}",
  "",
].join("\n");

describe("applyEdit: exact tier", () => {
  it("replaces a unique exact match", () => {
    const o = applyEdit(TS_FILE, edit("    return sum;\n", "    return sum * 2;\n"));
    assert.equal(o.ok && o.kind, "exact");
    assert.equal(okContent(o), TS_FILE.replace("return sum;", "return sum * 2;"));
    assert.equal(o.ok && o.startLine, 6);
  });

  it("deletes lines when REPLACE is empty and inserts a blank line when it has one", () => {
    const f = "a\nb\nc\n";
    assert.equal(okContent(applyEdit(f, edit("b\n", ""))), "a\nc\n");
    assert.equal(okContent(applyEdit(f, edit("b\n", "\n"))), "a\n\nc\n");
  });

  it("accepts sections without a final newline", () => {
    assert.equal(okContent(applyEdit("a\nb\nc\n", edit("b", "B"))), "a\nB\nc\n");
  });

  it("matches a unique part of a line", () => {
    const o = applyEdit("const x = compute(1, 2);\nconst y = 3;\n", edit("compute(1, 2)", "compute(2, 1)"));
    assert.equal(o.ok && o.kind, "exact");
    assert.equal(okContent(o), "const x = compute(2, 1);\nconst y = 3;\n");
  });

  it("rejects an ambiguous match and lists where it matched", () => {
    const f = "if (a) {\n  return;\n}\nif (b) {\n  return;\n}\n";
    const o = applyEdit(f, edit("  return;\n}\n", "  return 1;\n}\n"));
    assert.equal(o.ok, false);
    if (o.ok) return;
    assert.equal(o.reason, "ambiguous");
    assert.match(o.message, /matches 2 places in src\/f\.ts \(starting at lines 2, 5\)/);
  });

  it("creates content from an empty SEARCH on a missing or empty file only", () => {
    const created = applyEdit("", edit("", "line 1\nline 2\n"));
    assert.equal(created.ok && created.kind, "create");
    assert.equal(okContent(created), "line 1\nline 2\n");
    assert.equal(okContent(applyEdit("\n", edit("", "x\n"))), "x\n");
    const refused = applyEdit("existing\n", edit("", "x\n"));
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.message : "", /SEARCH section is empty but src\/f\.ts already has content/);
  });
});

describe("applyEdit: line endings", () => {
  it("keeps a CRLF file CRLF, including the new lines", () => {
    const f = "one\r\ntwo\r\nthree\r\n";
    assert.equal(
      okContent(applyEdit(f, edit("two\n", "TWO\nTWO and a half\n"))),
      "one\r\nTWO\r\nTWO and a half\r\nthree\r\n",
    );
  });

  it("applies a partial-line match in a CRLF file", () => {
    assert.equal(okContent(applyEdit("a = 1\r\nb = 2\r\n", edit("b = 2", "b = 3"))), "a = 1\r\nb = 3\r\n");
  });

  it("leaves other lines of a mixed-ending file byte-exact", () => {
    const f = "a\r\nb\nc\r\nd\r\n";
    assert.equal(okContent(applyEdit(f, edit("d\n", "D\n"))), "a\r\nb\nc\r\nD\r\n");
  });

  it("keeps a missing final newline missing", () => {
    assert.equal(okContent(applyEdit("a\nb", edit("b\n", "B\nC\n"))), "a\nB\nC");
    assert.equal(okContent(applyEdit("a\r\nb", edit("b\n", "B\n"))), "a\r\nB");
    assert.equal(okContent(applyEdit("a\nb", edit("b\n", ""))), "a");
    assert.equal(okContent(applyEdit("a\nb\n", edit("b\n", "B\n"))), "a\nB\n");
  });
});

describe("applyEdit: whitespace tier", () => {
  it("re-indents a 2-space replacement into a 4-space file", () => {
    const o = applyEdit(
      TS_FILE,
      edit(
        "  for (const item of items) {\n    sum += item;\n  }\n",
        "  for (const item of items) {\n    if (item > 0) {\n      sum += item;\n    }\n  }\n",
      ),
    );
    assert.equal(o.ok && o.kind, "whitespace");
    assert.equal(
      okContent(o),
      TS_FILE.replace("        sum += item;\n", "        if (item > 0) {\n            sum += item;\n        }\n"),
    );
  });

  it("re-indents a single-line 2-space SEARCH using the file's indent unit", () => {
    const o = applyEdit(TS_FILE, edit("  return sum;\n", "  if (sum < 0) {\n    return 0;\n  }\n  return sum;\n"));
    assert.equal(
      okContent(o),
      TS_FILE.replace("    return sum;\n", "    if (sum < 0) {\n        return 0;\n    }\n    return sum;\n"),
    );
  });

  it("converts space indentation to the file's tabs", () => {
    const f = "class A {\n\tm() {\n\t\tfoo();\n\t}\n}\n";
    const o = applyEdit(f, edit("m() {\n  foo();\n}\n", "m() {\n  if (x) {\n    bar();\n  }\n}\n"));
    assert.equal(o.ok && o.kind, "whitespace");
    assert.equal(okContent(o), "class A {\n\tm() {\n\t\tif (x) {\n\t\t\tbar();\n\t\t}\n\t}\n}\n");
  });

  it("adds back indentation the model dropped", () => {
    const f = "class K:\n    def f(self):\n        return 1\n";
    const o = applyEdit(f, edit("def f(self):\n    return 1\n", "def f(self):\n    x = 2\n    return x\n"));
    assert.equal(okContent(o), "class K:\n    def f(self):\n        x = 2\n        return x\n");
  });

  it("ignores trailing whitespace and blank edge lines without changing indentation", () => {
    const f = "a  \n    b\nc\n";
    const o = applyEdit(f, edit("\na\n    b\n\n", "\nA\n    B\n\n"));
    assert.equal(o.ok && o.kind, "whitespace");
    assert.equal(okContent(o), "A\n    B\nc\n");
  });

  it("rejects a whitespace-tolerant match found in two places", () => {
    const f = "  x();\ny();\n    x();\n";
    const o = applyEdit(f, edit("x();\n", "z();\n"));
    assert.equal(!o.ok && o.reason, "ambiguous");
  });
});

describe("applyEdit: fuzzy tier and not found", () => {
  const PY = [
    "def area(w, h):",
    '    """Area of a rectangle."""',
    "    result = w * h",
    "    return result",
    "",
    "def perimeter(w, h):",
    "    return 2 * (w + h)",
    "",
  ].join("\n");

  it("applies a near match when it is clearly the best place", () => {
    const search = 'def area(w, h):\n    """Area of a rectangle"""\n    result = w * h\n    return result\n';
    const o = applyEdit(PY, edit(search, 'def area(w, h):\n    """Area of a rectangle."""\n    return w * h\n'));
    assert.equal(o.ok && o.kind, "fuzzy");
    assert.equal(okContent(o), PY.replace("    result = w * h\n    return result\n", "    return w * h\n"));
  });

  it("rejects a fuzzy match that is equally good in two places", () => {
    const f = "alpha_one = 1\nbeta = 2\nalpha_two = 1\nbeta = 2\n";
    const o = applyEdit(f, edit("alpha_onx = 1\nbeta = 2\n", "gamma\n"));
    // "alpha_one" and "alpha_two" differ from "alpha_onx" by 1 and 3 characters: the first is clearly best.
    assert.equal(o.ok && o.kind, "fuzzy");
    const twins = "value_a = compute()\nflag = True\nvalue_b = compute()\nflag = True\n";
    const amb = applyEdit(twins, edit("value_x = compute()\nflag = True\n", "gone\n"));
    assert.equal(!amb.ok && amb.reason, "ambiguous");
  });

  it("does not fuzzy-match when one line was rewritten", () => {
    const search =
      'def area(w, h):\n    """Area of a rectangle."""\n    total = compute_everything(w, h, 0)\n    return result\n';
    const o = applyEdit(PY, edit(search, "x\n"));
    assert.equal(o.ok, false);
  });

  it("explains a miss with the closest numbered lines", () => {
    const o = applyEdit(PY, edit("def perimeter(width, height):\n    return 2 * (width + height)\n", "x\n"));
    assert.equal(o.ok, false);
    if (o.ok) return;
    assert.equal(o.reason, "not-found");
    assert.match(o.message, /does not match any lines of src\/f\.ts/);
    assert.match(o.message, /closest lines \(\d+% similar\) are lines 6-7/);
    assert.equal(o.closest, "6 | def perimeter(w, h):\n7 |     return 2 * (w + h)");
  });

  it("says when the file is empty", () => {
    const o = applyEdit("", edit("anything\n", "x\n"));
    assert.equal(!o.ok && o.reason, "not-found");
    assert.match(!o.ok ? o.message : "", /file is empty/);
  });

  it("shows the start of a file shorter than SEARCH", () => {
    const o = applyEdit("one\n", edit("a\nb\nc\n", "x\n"));
    assert.equal(!o.ok && o.closest, "1 | one");
  });
});
