import assert from "node:assert/strict";
import { applyFileEdit, applyFileEdits } from "../../../agent-core/edits/applyFileEdits";
import {
  type AnswerContext,
  EDIT_FORMAT_SETTINGS,
  EDIT_FORMATS,
  parseAnswer,
  stripReasoning,
} from "../../../agent-core/edits/formats";
import { chooseEditFormat, modelFamily } from "../../../agent-core/edits/formats/auto";
import { fragmentReason, isElisionLine, lazyReason } from "../../../agent-core/edits/formats/lazy";
import { withoutLineNumbers } from "../../../agent-core/edits/formats/lineNumbers";
import type { FileEdit } from "../../../agent-core/edits/types";

const small = "def f(x):\n    return x\n";
const lines = (n: number) => Array.from({ length: n }, (_, i) => `const v${i} = ${i};`).join("\n") + "\n";
const ctxOf = (files: Record<string, string>, readOnly: string[] = []): AnswerContext => ({
  shown: Object.entries(files).map(([path, content]) => ({ path, content, readOnly: readOnly.includes(path) })),
});

describe("edit formats: registry and auto choice", () => {
  it("derives the setting values from the one registry", () => {
    assert.deepEqual(EDIT_FORMAT_SETTINGS, ["auto", ...EDIT_FORMATS.map((f) => f.id)]);
    assert.deepEqual([...EDIT_FORMAT_SETTINGS].sort(), ["auto", "search-replace", "udiff", "whole"]);
    for (const f of EDIT_FORMATS) assert.ok(f.instructions.length > 100 && f.reminder && f.noEdits, f.id);
  });

  it("auto: strong hosted coding models get SEARCH/REPLACE, any file size", () => {
    for (const model of [
      "gpt-4o",
      "gpt-4.1-2025-04-14",
      "gpt-5",
      "openai/gpt-4o",
      "claude-3-5-sonnet-latest",
      "anthropic/claude-sonnet-4",
      "gemini-2.5-pro",
      "deepseek-coder-v2:16b",
      "qwen2.5-coder:32b-instruct-q4_K_M",
      "Qwen2.5-Coder:32B",
    ]) {
      assert.equal(chooseEditFormat("auto", model, small), "search-replace", model);
      assert.ok(modelFamily(model), model);
    }
  });

  it("auto: small local, mini and unknown models get the whole file up to 400 lines / 16 kB, SEARCH/REPLACE beyond", () => {
    for (const model of [
      "qwen2.5-coder:7b",
      "qwen2.5-coder:14b",
      "llama3.1:8b",
      "gpt-4o-mini",
      "gpt-4.1-nano",
      "scripted",
      "",
    ]) {
      assert.equal(chooseEditFormat("auto", model, small), "whole", model);
      assert.equal(modelFamily(model), undefined, model);
    }
    assert.equal(chooseEditFormat("auto", "llama3.1:8b", lines(400)), "whole");
    assert.equal(chooseEditFormat("auto", "llama3.1:8b", lines(401)), "search-replace");
    assert.equal(chooseEditFormat("auto", "llama3.1:8b", "x".repeat(16_001)), "search-replace");
  });

  it("an explicit setting wins over the table", () => {
    assert.equal(chooseEditFormat("udiff", "llama3.1:8b", small), "udiff");
    assert.equal(chooseEditFormat("whole", "gpt-4o", small), "whole");
    assert.equal(chooseEditFormat("search-replace", "scripted", small), "search-replace");
  });
});

describe("edit formats: reading answers", () => {
  it("drops reasoning: whole sections, a lone closing tag, an unclosed opening tag", () => {
    assert.equal(stripReasoning("<think>\nx\n</think>\nanswer\n"), "\nanswer\n");
    assert.equal(stripReasoning("thinking aloud\n</think>\nanswer"), "\nanswer");
    assert.equal(stripReasoning("<reasoning>\nnever finished"), "");
    assert.equal(stripReasoning("code with `<think>` inline stays"), "code with `<think>` inline stays");
  });

  it("recognises SEARCH/REPLACE before a diff before fenced files", () => {
    const ctx = ctxOf({ "a.py": small });
    const block = "a.py\n<<<<<<< SEARCH\n    return x\n=======\n    return x + 1\n>>>>>>> REPLACE\n";
    const whole = "```python\ndef f(x):\n    return x + 1\n```\n";
    const diff =
      "```diff\n--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,2 @@\n def f(x):\n-    return x\n+    return x + 1\n```\n";
    assert.equal(parseAnswer(block + whole, ctx).format, "search-replace");
    assert.equal(parseAnswer(diff + whole, ctx).format, "udiff");
    assert.equal(parseAnswer(whole, ctx).format, "whole");
    assert.equal(parseAnswer("No change needed.", ctx).format, undefined);
  });

  it("gives an unnamed edit to the only editable file, and asks for a name when there are several", () => {
    const one = parseAnswer(
      "```python\ndef f(x):\n    return 2\n```\n",
      ctxOf({ "a.py": small, "tests/test_a.py": "from a import f\n" }, ["tests/test_a.py"]),
    );
    assert.deepEqual(
      one.edits.map((e) => e.path),
      ["a.py"],
    );
    const two = parseAnswer("```python\ndef f(x):\n    return 2\n```\n", ctxOf({ "a.py": small, "b.py": small }));
    assert.equal(two.edits.length, 0);
    assert.match(two.errors[0], /could be for a\.py or b\.py/);
  });

  it("maps a name without its folder to the shown file, and refuses a made-up name for a shown file's content", () => {
    const ctx = ctxOf({ "src/calc/ops.py": small });
    assert.deepEqual(
      parseAnswer("ops.py\n```python\ndef f(x):\n    return 2\n```\n", ctx).edits.map((e) => e.path),
      ["src/calc/ops.py"],
    );
    const wrong = parseAnswer("```python solution.py\ndef f(x):\n    return 2\n```\n", ctx);
    assert.equal(wrong.edits.length, 0);
    assert.match(wrong.errors[0], /named solution\.py, which does not exist, but it looks like src\/calc\/ops\.py/);
  });

  it("never replaces whole a file the model did not see whole", () => {
    const answer = "util.py\n```python\ndef g():\n    return 2\n```\n";
    const unseen = parseAnswer(answer, {
      shown: [{ path: "a.py", content: small }],
      exists: (p) => p === "util.py" || p === "a.py",
    });
    assert.equal(unseen.edits.length, 0);
    assert.match(unseen.errors[0], /util\.py was not shown to you/);
    const cut = parseAnswer("```python\ndef f(x):\n    return 2\n```\n", {
      shown: [{ path: "a.py", content: small, partial: true }],
    });
    assert.equal(cut.edits.length, 0);
    assert.match(cut.errors[0], /a\.py was shown cut short/);
  });
});

describe("edit formats: copied line numbers", () => {
  it("removes them only when every line has one and they count up", () => {
    assert.equal(withoutLineNumbers(" 9 | a\n10 |\n11 |   b\n"), "a\n\n  b\n");
    assert.equal(withoutLineNumbers("42 |     return x\n"), "    return x\n", "one copied line");
    for (const text of ["1 | a\n3 | b\n", "1 | a\nb\n", "a | b\n1 | c\n"])
      assert.equal(withoutLineNumbers(text), text, text);
  });
});

describe("edit formats: lazy answers", () => {
  it("recognises placeholders for left-out code, not ordinary comments", () => {
    for (const line of [
      "// ... existing code ...",
      "# ... rest of the file unchanged",
      "    # (unchanged)",
      "/* rest of the class */",
      "...",
      "…",
      "// existing code here",
      "<!-- ... -->",
    ]) {
      assert.ok(isElisionLine(line), line);
    }
    for (const line of [
      "// add the numbers",
      "# unchanged inputs are returned as they are, since callers rely on it",
      "return x  # ...",
      "x = ...;",
      'print("...")',
    ]) {
      assert.ok(!isElisionLine(line), line);
    }
  });

  it("a placeholder already in the file is code, not elision", () => {
    const stub = "class P:\n    def f(self): ...\n\n\ndef g():\n    ...\n";
    assert.equal(lazyReason(stub, stub.replace("def g():", "def g(x):")), undefined);
    assert.match(lazyReason("a = 1\n", "a = 2\n...\n")!, /leaves code out/);
  });

  it("a fragment: much shorter and dropping definitions", () => {
    const file = ["def a():", "    return 1", "", "def b():", "    return 2", "", "def c():", "    return 3", ""].join(
      "\n",
    );
    assert.match(fragmentReason(file, "def b():\n    return 20\n")!, /leaves out a, c/);
    assert.equal(fragmentReason(file, file.replace("return 2", "return 20")), undefined);
  });
});

describe("the one applier", () => {
  it("applies edits in order across files, later ones seeing earlier results, and reports the failures", async () => {
    const files: Record<string, string> = {
      "src/a.ts": "export const a = 1;\nexport const b = 2;\n",
      "src/b.ts": "console.log(a);\n",
    };
    const edits: FileEdit[] = [
      { path: "src/a.ts", search: "export const a = 1;\n", replace: "export const a = 10;\n" },
      { path: "src/a.ts", search: "export const a = 10;\n", replace: "export const a = 100;\n" },
      { path: "src/b.ts", search: "not there\n", replace: "x\n" },
      { kind: "whole", path: "src/new.ts", content: "export {};\n" },
      {
        kind: "udiff",
        path: "src/b.ts",
        newFile: false,
        hunks: [{ lines: ["-console.log(a);", "+console.info(a);"] }],
      },
    ];
    const { files: out, feedback } = await applyFileEdits(edits, {
      resolve: async (p) => p,
      read: async (p) => files[p],
    });
    assert.equal(out.get("src/a.ts")!.after, "export const a = 100;\nexport const b = 2;\n");
    assert.deepEqual(out.get("src/a.ts")!.kinds, ["exact", "exact"]);
    assert.equal(out.get("src/b.ts")!.after, "console.info(a);\n");
    assert.deepEqual(out.get("src/new.ts"), { before: undefined, after: "export {};\n", kinds: ["create"] });
    assert.equal(feedback.length, 1);
    assert.match(feedback[0], /src\/b\.ts: The SEARCH section does not match/);
  });

  it("a whole file keeps the file's CRLF line ends, missing final newline and tab indentation", () => {
    const crlf = applyFileEdit("def f():\r\n    return 1\r\n", {
      kind: "whole",
      path: "a.py",
      content: "def f():\n    return 2\n",
    });
    assert.deepEqual(crlf, { ok: true, content: "def f():\r\n    return 2\r\n", kind: "whole" });
    const noEol = applyFileEdit("a = 1", { kind: "whole", path: "a.py", content: "a = 2\n" });
    assert.deepEqual(noEol, { ok: true, content: "a = 2", kind: "whole" });
    const tabs = applyFileEdit("if (x) {\n\ty();\n\tif (z) {\n\t\tw();\n\t}\n}\n", {
      kind: "whole",
      path: "a.js",
      content: "if (x) {\n    y(1);\n    if (z) {\n        w();\n    }\n}\n",
    });
    assert.deepEqual(tabs, { ok: true, content: "if (x) {\n\ty(1);\n\tif (z) {\n\t\tw();\n\t}\n}\n", kind: "whole" });
  });

  it("a REPLACE section that elides code is refused; nothing is written", () => {
    const r = applyFileEdit("function f() {\n  a();\n  b();\n}\n", {
      path: "f.js",
      search: "function f() {\n  a();\n  b();\n}\n",
      replace: "function f() {\n  // ... rest unchanged\n}\n",
    });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : "", /leaves code out \("\/\/ \.\.\. rest unchanged"\)/);
  });
});

describe("unified diffs, applied leniently but never by guess", () => {
  const twin = [
    "function a() {",
    "  let n = 0;",
    "  return n;",
    "}",
    "",
    "function b() {",
    "  let n = 0;",
    "  return n;",
    "}",
    "",
  ].join("\n");
  const hunk = (oldStart: number | undefined) => ({
    kind: "udiff" as const,
    path: "t.js",
    newFile: false,
    hunks: [{ ...(oldStart ? { oldStart } : {}), lines: ["   let n = 0;", "-  return n;", "+  return n + 1;", " }"] }],
  });

  it("places a hunk that fits two places by its header's line number, and refuses it without one", () => {
    const placed = applyFileEdit(twin, hunk(7));
    assert.ok(placed.ok);
    const second = [
      "function a() {",
      "  let n = 0;",
      "  return n;",
      "}",
      "",
      "function b() {",
      "  let n = 0;",
      "  return n + 1;",
      "}",
      "",
    ].join("\n");
    assert.equal(placed.ok && placed.content, second);
    const refused = applyFileEdit(twin, hunk(undefined));
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.message : "", /fits 2 places \(lines 2, 7\)/);
  });

  it("ignores wrong line numbers when the lines fit one place, and drops wrong context at the edges", () => {
    const file = "a\nb\nc\nd\ne\n";
    const r = applyFileEdit(file, {
      kind: "udiff",
      path: "f",
      newFile: false,
      hunks: [{ oldStart: 40, lines: [" WRONG", " b", "-c", "+C", " d"] }],
    });
    assert.deepEqual(r, { ok: true, content: "a\nb\nC\nd\ne\n", kind: "patch" });
  });

  it("never changes a removed line that is not in the file", () => {
    const r = applyFileEdit("a\nb\nc\n", {
      kind: "udiff",
      path: "f",
      newFile: false,
      hunks: [{ lines: [" a", "-B", "+X", " c"] }],
    });
    assert.equal(r.ok, false);
  });

  it("keeps CRLF line ends and re-indents added lines when the diff's indentation differs", () => {
    const file = "if (x) {\r\n    y();\r\n}\r\n";
    const r = applyFileEdit(file, {
      kind: "udiff",
      path: "f",
      newFile: false,
      hunks: [{ lines: [" if (x) {", "-  y();", "+  y(1);", "+  z();", " }"] }],
    });
    assert.deepEqual(r, { ok: true, content: "if (x) {\r\n    y(1);\r\n    z();\r\n}\r\n", kind: "patch" });
  });
});
