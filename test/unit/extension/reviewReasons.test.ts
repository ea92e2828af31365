import assert from "node:assert/strict";
import { reasonsByFile } from "../../../extension/review/reviewReasons";

describe("extension review: reasons per file", () => {
  it("gives each file the reasons that name it, without the path", () => {
    const byFile = reasonsByFile(
      [
        ".vscode/tasks.json runs when VS Code opens the folder (a task with runOn: folderOpen)",
        "calc.js adds a process call: exec(x)",
        "calc.js is a new script (it starts with #!)",
        "a reason about no file",
      ],
      ["calc.js", ".vscode/tasks.json", "other.js"],
    );
    assert.deepEqual(byFile.get(".vscode/tasks.json"), [
      "runs when VS Code opens the folder (a task with runOn: folderOpen)",
    ]);
    assert.deepEqual(byFile.get("calc.js"), ["adds a process call: exec(x)", "is a new script (it starts with #!)"]);
    assert.deepEqual(byFile.get("other.js"), []);
  });

  it("a reason goes to the longest path it starts with", () => {
    const byFile = reasonsByFile(["a b.js is in a hidden folder"], ["a", "a b.js"]);
    assert.deepEqual(byFile.get("a b.js"), ["is in a hidden folder"]);
    assert.deepEqual(byFile.get("a"), []);
  });
});
