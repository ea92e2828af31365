import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RunSummary } from "../../../agent-core/loop/runLoop";
import { detectTestCommand } from "../../../agent-core/testing/detect";
import {
  finishNotice,
  isSourceFile,
  refusalFor,
  SOURCE_EXTENSIONS,
  startErrorNotice,
  toastText,
} from "../../../extension/commands/runMessages";
import { undoConfirmation, undoneMessage } from "../../../extension/commands/undoMessages";

function summary(over: Partial<RunSummary>): RunSummary {
  return {
    runId: "run-1",
    file: "src/calc.js",
    reason: "green",
    message: "All tests pass after 1 iteration.",
    iterations: 1,
    modelCalls: 1,
    promptTokens: 900,
    completionTokens: 100,
    durationMs: 4000,
    wellFormed: 1,
    malformed: 0,
    fix: "",
    flaky: [],
    ...over,
  };
}

/** The message detectTestCommand really throws for a folder without tests. */
async function noTestsMessage(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "gl-notests-"));
  try {
    await detectTestCommand(dir);
  } catch (err) {
    return `Cannot run the tests: ${(err as Error).message}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error("expected no test command to be found");
}

describe("run notices (what the editor says when a run ends)", () => {
  it("a green run leads with the panel; Undo is secondary and only when something changed", () => {
    const green = finishNotice(summary({}), { undoable: true, needsApiKey: false });
    assert.equal(green.text, "Greenloop: tests pass for src/calc.js (1 iteration, 1000 tokens).");
    assert.deepEqual(green.actions, ["Show Panel", "Undo Run"]);
    assert.deepEqual(finishNotice(summary({}), { undoable: false, needsApiKey: false }).actions, ["Show Panel"]);
  });

  it("a run started from a test names the test, counts in words, and has the same buttons", () => {
    const forTest = { test: "add adds", target: "src/calc.js" };
    const one = finishNotice(summary({ iterations: 1 }), { undoable: true, needsApiKey: false, forTest });
    assert.match(
      one.text,
      /^Greenloop: "add adds" and the rest of the suite pass; src\/calc\.js was fixed \(1 iteration, /,
    );
    assert.doesNotMatch(one.text, /\(s\)/);
    assert.deepEqual(one.actions, ["Show Panel", "Undo Run"]);
    const red = finishNotice(summary({ reason: "stuck", message: "Stuck." }), {
      undoable: false,
      needsApiKey: false,
      forTest,
    });
    assert.deepEqual(red.actions, ["Show Log"]);
  });

  it("a file whose tests already pass gets the loop's explanation and no Undo", () => {
    const message =
      "No test covers notes.js: no test file is named for it, and the 2 tests pass without any change, so there is nothing to fix. Write a test that shows the bug (for example notes.test.js), then run the fix again.";
    const n = finishNotice(summary({ iterations: 0, message, file: "notes.js" }), {
      undoable: false,
      needsApiKey: false,
    });
    assert.equal(n.level, "info");
    assert.equal(n.text, `Greenloop: ${message}`);
    assert.deepEqual(n.actions, []);
  });

  it("an unreachable model server: no backticks, Open Settings first, no Undo when nothing changed", () => {
    const message = "Cannot reach Ollama at http://127.0.0.1:11434 — is it running? (start it with `ollama serve`)";
    const n = finishNotice(summary({ reason: "model-error", message, iterations: 0, checkpointId: undefined }), {
      undoable: false,
      needsApiKey: false,
    });
    assert.equal(n.level, "error");
    assert.equal(
      n.text,
      "Greenloop could not run: Cannot reach Ollama at http://127.0.0.1:11434 — is it running? (start it with 'ollama serve')",
    );
    assert.doesNotMatch(n.text, /`/);
    assert.deepEqual(n.actions, ["Open Settings", "Show Log"]);
    assert.deepEqual(
      finishNotice(summary({ reason: "model-error", message, iterations: 0 }), { undoable: false, needsApiKey: true })
        .actions,
      ["Open Settings", "Set API Key", "Show Log"],
    );
  });

  it("no test command: names greenloop.testCommand, not the CLI's --test flag, and opens that setting", async () => {
    const message = await noTestsMessage();
    assert.match(message, /--test "npm test"/, "the loop's own wording (for the CLI)");
    const n = finishNotice(summary({ reason: "test-error", message, iterations: 0 }), {
      undoable: false,
      needsApiKey: false,
    });
    assert.match(n.text, /greenloop\.testCommand/);
    assert.doesNotMatch(n.text, /--test/);
    assert.equal(n.actions[0], "Open Settings");
    assert.equal(n.settingsQuery, "greenloop.testCommand");
  });

  it("a stop after changes keeps Undo; a cancel that changed nothing offers none", () => {
    assert.deepEqual(
      finishNotice(
        summary({ reason: "max-iterations", message: "Tests still fail after 8 iterations.", iterations: 8 }),
        { undoable: true, needsApiKey: false },
      ).actions,
      ["Show Log", "Undo Run"],
    );
    assert.deepEqual(
      finishNotice(summary({ reason: "cancelled", message: "Cancelled by the user before any change was made." }), {
        undoable: false,
        needsApiKey: false,
      }).actions,
      [],
    );
    const kept = finishNotice(
      summary({
        reason: "cancelled",
        message:
          "Stopped after the failing tests passed with Greenloop's change; the change was kept (the full suite had not finished). Undo Last Run (`greenloop undo`) takes it back.",
      }),
      { undoable: true, needsApiKey: false },
    );
    assert.match(kept.text, /Greenloop: Undo Last Run takes it back\.$/);
    assert.deepEqual(kept.actions, ["Undo Run"]);
  });

  it("a configuration error thrown before the loop offers the settings", () => {
    const n = startErrorNotice("No model configured: set the model name (for example 'qwen2.5-coder:7b').");
    assert.deepEqual(n.actions, ["Open Settings", "Show Log"]);
    assert.deepEqual(startErrorNotice("EACCES: permission denied").actions, ["Show Log"]);
  });

  it("toasts show code as quoted text", () => {
    assert.equal(toastText("run `npm ci` first"), "run 'npm ci' first");
  });
});

describe("which files Fix accepts", () => {
  it("refuses a file that is not source code, before anything runs", () => {
    const n = refusalFor("README.md");
    assert.ok(n);
    assert.match(n.text, /README\.md is not one/);
    assert.equal(refusalFor("docs/notes.txt")?.level, "warning");
    assert.equal(refusalFor("src/calc.js"), undefined);
    assert.equal(refusalFor("pkg/calc.py"), undefined);
    assert.equal(isSourceFile("types/index.d.ts"), false);
  });

  it("accepts a test file: the run fixes the source it exercises", () => {
    assert.equal(refusalFor("test/calc.test.js"), undefined);
    assert.equal(refusalFor("tests/test_calc.py"), undefined);
  });
});

describe("undo words", () => {
  it("promise only what exists: the run's files go back, and the CLI reverses the undo", () => {
    const { message, detail } = undoConfirmation([{ path: "src/calc.js", action: "restore" }]);
    assert.equal(message, "Take back the last Greenloop run's changes to 1 file?");
    assert.doesNotMatch(detail, /can be undone|redo/i);
    assert.match(detail, /greenloop undo --run <id>/);
    assert.equal(
      undoneMessage(["a.js", "b.js"], "undo-run-1-x"),
      "Greenloop: took back the last run's changes to 2 files. To reverse this undo, run greenloop undo --run undo-run-1-x in a terminal.",
    );
  });
});

describe("menus and keybindings in package.json", () => {
  const pkg = JSON.parse(readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8"));
  const menus = pkg.contributes.menus as Record<string, Array<{ command: string; when: string }>>;

  /** Whether the workbench would show a menu item with clause `when` on file `name`: the Fix clauses' terms. */
  function shownOn(when: string, name: string): boolean {
    assert.match(when, /resourceExtname in greenloop\.sourceExtensions/, when);
    const regexes = [...when.matchAll(/resourceFilename =~ \/(.+?)\/([a-z]*)(?=\s|$)/g)].map(
      (m) => new RegExp(m[1], m[2]),
    );
    const ext = path.extname(name);
    return SOURCE_EXTENSIONS.includes(ext.toLowerCase()) && regexes.every((r) => r.test(name));
  }

  const samples = [
    "calc.js",
    "calc.ts",
    "Cart.tsx",
    "calc.py",
    "cart.go",
    "lib.rs",
    "Cart.java",
    "README.md",
    "package.json",
    "calc.test.js",
    "calc.spec.ts",
    "test_calc.py",
    "calc_test.py",
    "conftest.py",
    "cart_test.go",
    "CartTest.java",
    "index.d.ts",
    "notes.txt",
  ];
  const offered = [
    "calc.js",
    "calc.ts",
    "Cart.tsx",
    "calc.py",
    "cart.go",
    "lib.rs",
    "Cart.java",
    "calc.test.js",
    "calc.spec.ts",
    "test_calc.py",
    "calc_test.py",
    "conftest.py",
    "cart_test.go",
    "CartTest.java",
  ];

  it("Fix is offered on every language table's source and test file (a test's run fixes its source), nowhere else", () => {
    for (const where of ["editor/title", "editor/context", "explorer/context"]) {
      const item = menus[where].find((m) => m.command === "greenloop.fixUntilGreen")!;
      assert.deepEqual(
        samples.filter((f) => shownOn(item.when, f)),
        offered,
        where,
      );
      for (const f of samples) assert.equal(refusalFor(f) === undefined, offered.includes(f), `${where}: ${f}`);
    }
  });

  it("Undo Last Run is in the palette only when there is something to undo", () => {
    const undo = menus.commandPalette.find((m) => m.command === "greenloop.undoLastRun");
    assert.equal(undo?.when, "greenloop.canUndo && !greenloop.running");
  });

  it("Accept/Reject Change have default keys while a review is open", () => {
    const keys = pkg.contributes.keybindings as Array<{ command: string; key: string; mac?: string; when: string }>;
    for (const command of ["greenloop.acceptHunk", "greenloop.rejectHunk"]) {
      const k = keys.find((x) => x.command === command);
      assert.ok(k, `no keybinding for ${command}`);
      assert.equal(k.when, "greenloop.reviewing");
      assert.ok(k.mac, "a macOS key too");
    }
  });
});
