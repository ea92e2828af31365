import { strict as assert } from "node:assert";
import { applyEdit } from "../../../agent-core/edits/apply";
import { parseEditBlocks } from "../../../agent-core/edits/parse";
import { plural } from "../../../agent-core/text/plural";
import {
  emptyPanelState,
  fromSnapshot,
  type PanelAction,
  type PanelState,
  reducePanel,
  toSnapshot,
} from "../../../webview-ui/state";
import { userEditError } from "../../../webview-ui/views/editErrors";
import { runStatusText, stuckText } from "../../../webview-ui/views/header";
import { eventsAfterDecision, eventsBeforeDecision, RUN_ID } from "../../webview/fixtures/recordedRun";

function fold(actions: PanelAction[]): PanelState {
  return actions.reduce(reducePanel, emptyPanelState());
}

describe("panel words", () => {
  it("counts things in proper English", () => {
    assert.equal(plural(1, "iteration"), "1 iteration");
    assert.equal(plural(0, "file"), "0 files");
    assert.equal(plural(2, "file"), "2 files");
    assert.equal(plural(3, "memory hit"), "3 memory hits");
  });

  it("the stuck badge follows the loop's actual stop message", () => {
    assert.equal(
      stuckText("Stuck: the model proposed a change that was already applied and tested without fixing the tests."),
      "Stopped: stuck on the same change",
    );
    assert.equal(
      stuckText("Stuck: the same failure came back after 3 attempts in a row (cart > total)."),
      "Stopped: stuck on the same failure",
    );
    assert.equal(
      stuckText("Stuck: the model keeps proposing the change you rejected."),
      "Stopped: stuck on a change you rejected",
    );
    assert.equal(stuckText("Stuck: something new."), "Stopped: stuck");
  });

  it("says 'waiting for your review' while a proposal waits, not the loop's phase", () => {
    const state = fold(eventsBeforeDecision().map((event) => ({ kind: "event", event })));
    const current = state.iterations.at(-1);
    assert.equal(current?.phase, "edit");
    assert.equal(runStatusText(state.run!, current), "Running · iteration 3 · waiting for your review");
    const thinking = { ...current!, patches: [] };
    assert.equal(runStatusText(state.run!, thinking), "Running · iteration 3 · asking the model");
  });

  it("after Undo a green run says it was undone, also after a reload", () => {
    const finished = fold(
      [...eventsBeforeDecision(), ...eventsAfterDecision()].map((event) => ({ kind: "event", event })),
    );
    assert.equal(runStatusText(finished.run!), "Green: all tests pass");
    const undone = reducePanel(finished, { kind: "undo-state", runId: RUN_ID, state: "undone" });
    assert.equal(
      runStatusText(undone.run!, undefined, undone.undo?.state),
      "Undone: the run's changes were taken back",
    );
    assert.deepEqual(fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(undone)))).undo, {
      runId: RUN_ID,
      state: "undone",
    });
    assert.equal(
      reducePanel(finished, { kind: "undo-state", runId: "another-run", state: "undone" }),
      finished,
      "a late message about another run changes nothing",
    );
  });

  it("a run that found nothing to fix is not shown as green", () => {
    const started = eventsBeforeDecision()[0];
    const done = {
      ...started,
      type: "run-finished" as const,
      reason: "green" as const,
      message: "No test covers src/readme.ts: …",
      iterations: 0,
      promptTokens: 0,
      completionTokens: 0,
      durationMs: 900,
    };
    const state = fold([started, done].map((event) => ({ kind: "event", event })));
    assert.equal(runStatusText(state.run!), "Stopped: no test covers this file");
  });

  it("edit errors the loop writes for the model read as what happened", () => {
    const content = "function add(a, b) {\n  return a - b;\n}\n";
    const missing = applyEdit(content, {
      path: "src/calc.js",
      search: "  const unrelated = compute(c, d, e);",
      replace: "  return a + b;",
    });
    assert.ok(!missing.ok);
    const raw = `src/calc.js: ${missing.message}`;
    assert.match(raw, /SEARCH must repeat/);
    assert.equal(
      userEditError(raw),
      "The model's change did not match the current text of src/calc.js, so it was not applied; the model is asked again.",
    );
    assert.doesNotMatch(userEditError(raw), /SEARCH/);

    const twice = applyEdit("x = 1;\nx = 1;\n", { path: "a.js", search: "x = 1;", replace: "x = 2;" });
    assert.ok(!twice.ok);
    assert.match(userEditError(`a.js: ${twice.message}`), /^The model's change fits 2 places in a\.js/);

    const cut = parseEditBlocks("src/calc.js\n<<<<<<< SEARCH\n  return a - b;\n");
    assert.ok(cut.errors.length > 0);
    assert.equal(
      userEditError(cut.errors[0]),
      "Part of the model's answer was malformed (cut off or mistyped markers) and was skipped.",
    );
    assert.equal(
      userEditError(
        "Refused: test/calc.test.js is a test file. The tests are correct and read-only; change the source instead.",
      ),
      "Refused a change to the test file test/calc.test.js (tests are read-only).",
    );
  });
});
