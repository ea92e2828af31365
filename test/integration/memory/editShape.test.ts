import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  abstractToken,
  codeTokens,
  diffHunks,
  editShapeFeatures,
  fixEdits,
  undoEdits,
} from "../../../agent-core/memory/editShape";
import { cosine } from "../../../agent-core/memory/embedder";
import { editVector } from "../../../agent-core/memory/vectorLayout";

/** One SEARCH/REPLACE block for `file`. */
const block = (file: string, search: string, replace: string) =>
  `${file}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;
const features = (before: string, after: string) => editShapeFeatures([{ before, after }]);
const shape = (fix: string) => editVector(fixEdits(fix));

describe("memory: editShape codeTokens", () => {
  it("splits a template literal into its string parts and its ${} expressions", () => {
    assert.deepEqual(codeTokens("const s = `id ${user.id + 1} of ${total}`;"), [
      "const",
      "s",
      "=",
      '"id "',
      "user",
      ".",
      "id",
      "+",
      "1",
      '" of "',
      "total",
      ";",
    ]);
  });

  it("keeps a template literal without ${} as one string token", () => {
    assert.deepEqual(codeTokens("log(`plain text`)"), ["log", "(", "`plain text`", ")"]);
  });

  it("drops // and /* */ comments", () => {
    assert.deepEqual(codeTokens("a = b; // note < here\n/* block\n > comment */ c"), ["a", "=", "b", ";", "c"]);
  });

  it("drops a Python # comment but keeps a JavaScript #private name", () => {
    assert.deepEqual(codeTokens("total = 1  # count <= limit\nif x:"), ["total", "=", "1", "if", "x", ":"]);
    assert.deepEqual(codeTokens("# leading comment\nreturn this.#limit;"), ["return", "this", ".", "#limit", ";"]);
  });

  it("keeps // and # inside string literals (they are not comments)", () => {
    assert.deepEqual(codeTokens('get("http://host/api", 1000);'), [
      "get",
      "(",
      '"http://host/api"',
      ",",
      "1000",
      ")",
      ";",
    ]);
    assert.deepEqual(codeTokens("s = 'a # b' + t"), ["s", "=", "'a # b'", "+", "t"]);
  });
});

describe("memory: editShape abstractToken", () => {
  it("turns names into ID and error names into ERRTYPE", () => {
    assert.equal(abstractToken("userName"), "ID");
    assert.equal(abstractToken("#limit"), "ID");
    assert.equal(abstractToken("$el"), "ID");
    assert.equal(abstractToken("TypeError"), "ERRTYPE");
    assert.equal(abstractToken("ValueError"), "ERRTYPE");
    assert.equal(abstractToken("KeyNotFoundException"), "ERRTYPE");
  });

  it("turns names inherited by every JavaScript object into ID as well", () => {
    for (const name of ["toString", "constructor", "valueOf", "hasOwnProperty", "__proto__"])
      assert.equal(abstractToken(name), "ID", name);
  });

  it("keeps 0 and 1, turns other numbers into NUM and strings into STR", () => {
    assert.equal(abstractToken("0"), "0");
    assert.equal(abstractToken("1"), "1");
    assert.equal(abstractToken("2"), "NUM");
    assert.equal(abstractToken("4000"), "NUM");
    assert.equal(abstractToken("0.5"), "NUM");
    assert.equal(abstractToken('"x"'), "STR");
    assert.equal(abstractToken("'x'"), "STR");
    assert.equal(abstractToken("`x`"), "STR");
  });

  it("maps JavaScript and Python synonyms to one symbol", () => {
    for (const t of ["None", "null", "undefined"]) assert.equal(abstractToken(t), "NULL", t);
    assert.equal(abstractToken("raise"), "THROW");
    assert.equal(abstractToken("throw"), "THROW");
    assert.equal(abstractToken("==="), "==");
    assert.equal(abstractToken("!=="), "!=");
    assert.equal(abstractToken("this"), abstractToken("self"));
    assert.equal(abstractToken("True"), abstractToken("true"));
  });

  it("keeps keywords and operators as they are", () => {
    for (const t of ["await", "return", "if", "<=", "+", "."]) assert.equal(abstractToken(t), t);
  });
});

describe("memory: editShapeFeatures", () => {
  it("gives no features for unchanged code, even when only whitespace or comments differ", () => {
    assert.equal(editShapeFeatures([]).size, 0);
    assert.equal(features("if (i < n) {\n  go();\n}", "if (i < n) {\n  go();\n}").size, 0);
    assert.equal(features("if (i < n) go();", "if (i  <  n)   go(); // checked").size, 0);
  });

  it("marks a comparison bound change (< to <=) and not another comparison change", () => {
    const bound = features("if (i < n) {", "if (i <= n) {");
    assert.equal(bound.get("comparison:bound"), 1.5);
    assert.equal(bound.get("-<"), 1);
    assert.equal(bound.get("+<="), 1);
    assert.equal(bound.get("kind:replace"), 1);
    const other = features("if (i < n) {", "if (i == n) {");
    assert.equal(other.has("comparison:bound"), false);
    assert.equal(other.get("comparison:other"), 1.5);
  });

  it("marks a value moved by one: a removed + 1, or 4000 to 3999", () => {
    assert.equal(features("return n + 1;", "return n;").get("value±1"), 1.5);
    assert.equal(features("const limit = 4000;", "const limit = 3999;").get("value±1"), 1.5);
    const changed = features("const limit = 4000;", "const limit = 3000;");
    assert.equal(changed.has("value±1"), false);
    assert.equal(changed.get("value-changed"), 1.5);
  });

  it("marks an added await as an insertion of await", () => {
    const f = features("const body = response.json();", "const body = await response.json();");
    assert.equal(f.get("kind:insert"), 1);
    assert.equal(f.get("+await"), 1);
    assert.equal(f.has("kind:replace"), false);
    assert.equal(f.has("kind:delete"), false);
  });

  it("marks swapped arguments as a reorder, and a changed argument not", () => {
    assert.equal(features("copyFile(target, source);", "copyFile(source, target);").get("reorder"), 2);
    assert.equal(features("copyFile(target, source);", "copyFile(target, other);").has("reorder"), false);
  });

  it("tells a string changed only in case from a string with other text", () => {
    const caseOnly = features('const key = "UserName";', 'const key = "username";');
    assert.equal(caseOnly.get("string:case"), 1);
    assert.equal(caseOnly.has("string:text"), false);
    const text = features('const key = "UserName";', 'const key = "login";');
    assert.equal(text.get("string:text"), 1);
    assert.equal(text.has("string:case"), false);
  });

  it("marks an exception type changed, in JavaScript and in Python", () => {
    assert.equal(features("throw new TypeError('bad');", "throw new RangeError('bad');").get("error-type"), 1);
    assert.equal(features("raise KeyError(name)", "raise ValueError(name)").get("error-type"), 1);
    assert.equal(features("throw new TypeError('bad');", "throw new TypeError('worse');").has("error-type"), false);
  });

  it("marks a deleted guard line as a deletion of if/return", () => {
    const f = features("if (!items) return [];\nconst out = items.map(f);", "const out = items.map(f);");
    assert.equal(f.get("kind:delete"), 1);
    assert.equal(f.get("-if"), 1);
    assert.equal(f.get("-return"), 1);
    assert.equal(f.get("-not"), 1);
    assert.equal(f.has("kind:insert"), false);
  });

  it("sees a change behind a URL string on the same line", () => {
    assert.equal(features('get("http://host/api", 4000);', 'get("http://host/api", 3999);').get("value±1"), 1.5);
  });
});

const TWO_HUNK_DIFF = `diff --git a/src/range.ts b/src/range.ts
index 3b18e51..a9c4f02 100644
--- a/src/range.ts
+++ b/src/range.ts
@@ -1,4 +1,4 @@
 export function range(n: number): number[] {
   const out: number[] = [];
-  for (let i = 0; i < n; i++) out.push(i);
+  for (let i = 0; i <= n; i++) out.push(i);
   return out;
@@ -10,3 +10,3 @@ export function last(xs: number[]): number {
   const n = xs.length;
-  return xs[n - 1];
+  return xs[n];
 }
\\ No newline at end of file
`;

describe("memory: editShape diffHunks, undoEdits, fixEdits", () => {
  it("reads a unified diff as one (before, after) pair per hunk with context on both sides", () => {
    assert.deepEqual(diffHunks(TWO_HUNK_DIFF), [
      {
        before:
          "export function range(n: number): number[] {\n  const out: number[] = [];\n  for (let i = 0; i < n; i++) out.push(i);\n  return out;",
        after:
          "export function range(n: number): number[] {\n  const out: number[] = [];\n  for (let i = 0; i <= n; i++) out.push(i);\n  return out;",
      },
      { before: "  const n = xs.length;\n  return xs[n - 1];\n}", after: "  const n = xs.length;\n  return xs[n];\n}" },
    ]);
  });

  it("reads CRLF diffs like LF diffs, and a text without hunks as no edits", () => {
    assert.deepEqual(diffHunks(TWO_HUNK_DIFF.replace(/\n/g, "\r\n")), diffHunks(TWO_HUNK_DIFF));
    assert.deepEqual(diffHunks("just some text\n- not a hunk\n"), []);
  });

  it("keeps each file's hunks apart in a diff of several files", () => {
    const second =
      "diff --git a/src/b.ts b/src/b.ts\nindex 1111111..2222222 100644\n--- a/src/b.ts\n+++ b/src/b.ts\n@@ -1 +1 @@\n-const x = 1;\n+const x = 2;\n";
    const hunks = diffHunks(TWO_HUNK_DIFF + second);
    assert.equal(hunks.length, 3);
    assert.deepEqual(hunks[1], {
      before: "  const n = xs.length;\n  return xs[n - 1];\n}",
      after: "  const n = xs.length;\n  return xs[n];\n}",
    });
    assert.deepEqual(hunks[2], { before: "const x = 1;", after: "const x = 2;" });
  });

  it("reads a hunk header without line counts up to the next hunk or file", () => {
    const loose =
      "@@ @@\n-a = 1\n+a = 2\n context\n@@ @@\n-b = 1\n+b = 2\ndiff --git a/c.py b/c.py\n--- a/c.py\n+++ b/c.py\n";
    assert.deepEqual(diffHunks(loose), [
      { before: "a = 1\ncontext", after: "a = 2\ncontext" },
      { before: "b = 1", after: "b = 2" },
    ]);
  });

  it("undoEdits reverses each hunk: the change's after becomes the fix's before", () => {
    const undo = undoEdits(TWO_HUNK_DIFF);
    const hunks = diffHunks(TWO_HUNK_DIFF);
    assert.equal(undo.length, 2);
    for (let i = 0; i < 2; i++) assert.deepEqual(undo[i], { before: hunks[i].after, after: hunks[i].before });
    assert.equal(editShapeFeatures([undo[0]]).get("+<"), 1);
    assert.equal(editShapeFeatures([undo[0]]).get("-<="), 1);
  });

  it("fixEdits reads SEARCH/REPLACE blocks, and falls back to a unified diff", () => {
    const fix =
      block("src/a.ts", "if (i <= n) {\n  go();", "if (i < n) {\n  go();") +
      "\nsrc/b.py\n<<<<<<< SEARCH\nreturn x\n=======\nreturn await x\n>>>>>>> REPLACE\n";
    assert.deepEqual(fixEdits(fix), [
      { before: "if (i <= n) {\n  go();", after: "if (i < n) {\n  go();" },
      { before: "return x", after: "return await x" },
    ]);
    assert.deepEqual(fixEdits(TWO_HUNK_DIFF), diffHunks(TWO_HUNK_DIFF));
  });

  describe("with a diff from real git", () => {
    let repo: string;
    before(() => {
      repo = mkdtempSync(path.join(tmpdir(), "greenloop-editshape-"));
    });
    after(() => rmSync(repo, { recursive: true, force: true }));

    it("reads the hunks git writes, including a file without a final newline", () => {
      const git = (...args: string[]) =>
        execFileSync(
          "git",
          ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "core.autocrlf=false", ...args],
          { cwd: repo, encoding: "utf8" },
        );
      git("init", "-q");
      const lines = Array.from({ length: 30 }, (_, i) => `const v${i} = ${i};`);
      writeFileSync(path.join(repo, "values.ts"), lines.join("\n"));
      git("add", "values.ts");
      git("commit", "-q", "-m", "values");
      const changed = [...lines];
      changed[2] = "const v2 = await load(2);";
      changed[29] = "const v29 = 28;";
      writeFileSync(path.join(repo, "values.ts"), changed.join("\n"));
      const diff = git("diff", "--no-color", "-U1", "HEAD", "--", "values.ts");
      assert.match(diff, /^\\ No newline at end of file$/m);
      assert.deepEqual(diffHunks(diff), [
        {
          before: "const v1 = 1;\nconst v2 = 2;\nconst v3 = 3;",
          after: "const v1 = 1;\nconst v2 = await load(2);\nconst v3 = 3;",
        },
        { before: "const v28 = 28;\nconst v29 = 29;", after: "const v28 = 28;\nconst v29 = 28;" },
      ]);
      const undo = editShapeFeatures(undoEdits(diff));
      assert.equal(undo.get("-await"), 1);
      assert.equal(undo.get("value±1"), 1.5);
    });
  });
});

describe("memory: edit shapes across programs and languages", () => {
  const bound = shape(block("src/range.ts", "  for (let i = 0; i <= n; i++) {", "  for (let i = 0; i < n; i++) {"));
  const pythonBound = shape(block("quota.py", "    if count > limit:", "    if count >= limit:"));
  const addedAwait = shape(
    block("src/load.ts", "  const body = response.json();", "  const body = await response.json();"),
  );
  const swapped = shape(block("src/copy.ts", "  copyFile(target, source);", "  copyFile(source, target);"));

  it("puts a bound fix in TypeScript closer to a bound fix in Python than to an added await or swapped arguments", () => {
    const same = cosine(bound, pythonBound);
    assert.ok(same > 0.3, `bound vs python bound ${same}`);
    assert.ok(same > cosine(bound, addedAwait) + 0.3, `vs await ${cosine(bound, addedAwait)}`);
    assert.ok(same > cosine(bound, swapped) + 0.3, `vs swap ${cosine(bound, swapped)}`);
  });

  it("puts an added .toLowerCase() close to an added .lower() and far from a renamed key", () => {
    const lowerJs = shape(
      block(
        "src/find.ts",
        "  return users.find((u) => u.email === email);",
        "  return users.find((u) => u.email.toLowerCase() === email);",
      ),
    );
    const lowerPy = shape(block("lookup.py", "    return tag in allowed", "    return tag.lower() in allowed"));
    const renamedKey = shape(block("src/profile.ts", '  return row["user_name"];', '  return row["username"];'));
    const same = cosine(lowerJs, lowerPy);
    assert.ok(same > 0.7, `lower vs lower ${same}`);
    assert.ok(same > cosine(lowerJs, renamedKey) + 0.5, `js vs renamed key ${cosine(lowerJs, renamedKey)}`);
    assert.ok(same > cosine(lowerPy, renamedKey) + 0.5, `py vs renamed key ${cosine(lowerPy, renamedKey)}`);
  });
});
