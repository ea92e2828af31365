import { strict as assert } from "node:assert";
import { LoopEvent, StopReason } from "../../../agent-core/events";
import { describeRunState, nextRunState, type RunState } from "../../../extension/status/runState";
import { eventsAfterDecision, eventsBeforeDecision, recordedRunEvents } from "../../webview/fixtures/recordedRun";
import { runEndingWith, STOP_MESSAGES } from "./stopReasons";

const IDLE: RunState = { kind: "idle" };

/** Status bar texts a stream produces, without repeats of the same text. */
function statusTexts(events: LoopEvent[], start: RunState = IDLE): string[] {
  const texts = [describeRunState(start).text];
  let state = start;
  for (const e of events) {
    state = nextRunState(state, e);
    const text = describeRunState(state).text;
    if (text !== texts[texts.length - 1]) texts.push(text);
  }
  return texts;
}

function replay(events: LoopEvent[], start: RunState = IDLE): RunState {
  return events.reduce(nextRunState, start);
}

describe("extension run state (status bar)", () => {
  it("the recorded run is a valid LoopEvent stream", () => {
    for (const e of recordedRunEvents()) assert.equal(LoopEvent.safeParse(e).success, true, e.type);
  });

  it("follows the recorded run: iterations, phases, the review and a green finish", () => {
    const spin = "$(loading~spin) Greenloop: iteration";
    assert.deepEqual(statusTexts(recordedRunEvents()), [
      "$(beaker) Greenloop",
      `${spin} 0/8`,
      `${spin} 1/8`,
      `${spin} 1/8 (plan)`,
      `${spin} 1/8 (edit)`,
      `${spin} 1/8 (test)`,
      `${spin} 1/8 (reflect)`,
      `${spin} 2/8`,
      `${spin} 2/8 (plan)`,
      `${spin} 2/8 (edit)`,
      `${spin} 2/8 (test)`,
      `${spin} 2/8 (reflect)`,
      `${spin} 3/8`,
      `${spin} 3/8 (plan)`,
      `${spin} 3/8 (edit)`,
      "$(eye) Greenloop: review iteration 3",
      `${spin} 3/8`,
      `${spin} 3/8 (test)`,
      "$(pass-filled) Greenloop: green",
    ]);
  });

  it("waits for review exactly when a proposal needs approval, and resumes after the verdict", () => {
    const waiting = replay(eventsBeforeDecision());
    assert.deepEqual(waiting, { kind: "awaiting-approval", file: "src/cart.ts", iteration: 3, maxIterations: 8 });
    assert.deepEqual(
      describeRunState(waiting).tooltip,
      "A change to src/cart.ts waits for your review (Accept / Reject in the diff editor).",
    );
    const [approved] = eventsAfterDecision();
    assert.deepEqual(nextRunState(waiting, approved), {
      kind: "running",
      file: "src/cart.ts",
      iteration: 3,
      maxIterations: 8,
    });
    const rejected: LoopEvent = {
      type: "patch-rejected",
      runId: "r",
      at: 1,
      proposalId: "p-3",
      reason: "The user rejected src/cart.ts: change 2.",
    };
    assert.deepEqual(nextRunState(waiting, rejected), {
      kind: "running",
      file: "src/cart.ts",
      iteration: 3,
      maxIterations: 8,
    });
  });

  it("an auto-approved proposal and its approval leave the running state untouched", () => {
    const events = eventsBeforeDecision();
    const i = events.findIndex((e) => e.type === "patch-proposed");
    const running = replay(events.slice(0, i));
    assert.equal(nextRunState(running, events[i]), running);
    assert.equal(events[i + 1].type, "patch-approved");
    assert.equal(nextRunState(running, events[i + 1]), running);
  });

  it("events that change nothing visible return the same state object", () => {
    const events = recordedRunEvents();
    let state: RunState = IDLE;
    const quiet = new Set([
      "checkpoint-created",
      "model-request",
      "model-response",
      "model-text",
      "memory-hits",
      "patch-applied",
      "patch-reverted",
      "tests-started",
      "tests-finished",
      "reflection",
      "budget",
      "log",
    ]);
    for (const e of events) {
      const next = nextRunState(state, e);
      if (quiet.has(e.type)) assert.equal(next, state, e.type);
      state = next;
    }
  });

  it("ends green with the iteration count and the file name in the tooltip", () => {
    const green = replay(recordedRunEvents());
    assert.deepEqual(green, { kind: "green", file: "src/cart.ts", iterations: 3 });
    assert.deepEqual(describeRunState(green), {
      text: "$(pass-filled) Greenloop: green",
      tooltip: "Tests pass for cart.ts after 3 iterations.",
    });
  });

  for (const reason of StopReason.options.filter((r) => r !== "green")) {
    it(`stops with reason ${reason} and shows the loop's message`, () => {
      const events = runEndingWith(reason);
      for (const e of events) assert.equal(LoopEvent.safeParse(e).success, true, e.type);
      const stopped = replay(events);
      assert.deepEqual(stopped, { kind: "stopped", file: "src/cart.ts", reason, message: STOP_MESSAGES[reason] });
      assert.deepEqual(describeRunState(stopped), {
        text: `$(debug-stop) Greenloop: stopped (${reason})`,
        tooltip: STOP_MESSAGES[reason],
      });
    });
  }

  it("a new run after a finished one starts from its own file and budget", () => {
    const done = replay(runEndingWith("stuck"));
    const started = runEndingWith("green")[0];
    assert.ok(started.type === "run-started");
    const next = nextRunState(done, {
      ...started,
      file: "lib/other.py",
      budget: { ...started.budget, maxIterations: 3 },
    });
    assert.deepEqual(next, { kind: "running", file: "lib/other.py", iteration: 0, maxIterations: 3 });
  });

  it("the starting state hands over to the run's own file on run-started", () => {
    const starting: RunState = { kind: "starting", file: "src/cart.ts" };
    assert.deepEqual(describeRunState(starting), {
      text: "$(loading~spin) Greenloop: starting",
      tooltip: "Preparing a run on src/cart.ts",
    });
    assert.deepEqual(nextRunState(starting, recordedRunEvents()[0]), {
      kind: "running",
      file: "src/cart.ts",
      iteration: 0,
      maxIterations: 8,
    });
  });

  it("describes idle, an unknown budget and Windows paths", () => {
    assert.deepEqual(describeRunState(IDLE), {
      text: "$(beaker) Greenloop",
      tooltip: "Greenloop is idle. Click for its commands, or right-click a source file: Fix Until Tests Pass.",
    });
    assert.deepEqual(describeRunState({ kind: "running", file: "a.ts", iteration: 2, maxIterations: 0 }), {
      text: "$(loading~spin) Greenloop: iteration 2",
      tooltip: "Fixing a.ts. Click to show the Greenloop panel.",
    });
    assert.equal(
      describeRunState({ kind: "green", file: "src\\win\\cart.ts", iterations: 1 }).tooltip,
      "Tests pass for cart.ts after 1 iteration.",
    );
  });

  it("tests that already pass: nothing to fix, not green", () => {
    const [started, ...rest] = runEndingWith("green");
    const finished = rest.at(-1)!;
    assert.ok(finished.type === "run-finished");
    const message =
      "No test covers src/cart.ts: no test file is named for it, and the 3 tests pass without any change, so there is nothing to fix.";
    const state = replay([started, { ...finished, iterations: 0, message }]);
    assert.deepEqual(state, { kind: "nothing-to-fix", file: "src/cart.ts", message });
    assert.deepEqual(describeRunState(state), { text: "$(info) Greenloop: nothing to fix", tooltip: message });
  });

  it("a run that stops before it started says it could not start (the click shows the message again)", () => {
    const finished = runEndingWith("model-error").at(-1)!;
    const state = nextRunState({ kind: "starting", file: "src/cart.ts" }, finished);
    assert.deepEqual(state, {
      kind: "stopped",
      file: "src/cart.ts",
      reason: "model-error",
      message: STOP_MESSAGES["model-error"],
      beforeStart: true,
    });
    assert.equal(describeRunState(state).text, "$(warning) Greenloop: could not start");
    const cancelled = nextRunState({ kind: "starting", file: "src/cart.ts" }, runEndingWith("cancelled").at(-1)!);
    assert.equal(
      cancelled.kind === "stopped" && cancelled.beforeStart,
      undefined,
      "a cancel is not a failure to start",
    );
  });

  it("after Undo the status bar no longer says green", () => {
    assert.deepEqual(describeRunState({ kind: "undone", file: "src/cart.ts" }), {
      text: "$(discard) Greenloop: undone",
      tooltip: "The last run's changes to cart.ts were taken back.",
    });
  });
});
