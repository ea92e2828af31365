import { strict as assert } from "node:assert";
import { type LoopEvent, StopReason } from "../../../agent-core/events";
import { logText, progressText } from "../../../extension/status/eventText";
import { recordedRunEvents } from "../../webview/fixtures/recordedRun";
import { runEndingWith, STOP_MESSAGES } from "./stopReasons";

const base = { runId: "run-1", at: 1_730_000_000_000 };

function finished(reason: StopReason): Extract<LoopEvent, { type: "run-finished" }> {
  const last = runEndingWith(reason).at(-1);
  assert.ok(last?.type === "run-finished");
  return last;
}

describe("extension event texts (progress notification and log)", () => {
  it("progress over the recorded run: only what the user should see, in order", () => {
    const texts = recordedRunEvents().flatMap((e) => progressText(e) ?? []);
    assert.deepEqual(texts, [
      "Checking the model server, then running npx vitest run test/cart.test.ts",
      "Iteration 1",
      "Iteration 1: planning",
      "Iteration 1: asking the model for a change",
      "Iteration 1: running tests",
      "Iteration 1: 4 passed, 2 failed",
      "Iteration 1: reflecting on failures",
      "Iteration 2",
      "Iteration 2: planning",
      "Iteration 2: asking the model for a change",
      "Iteration 2: running tests",
      "Iteration 2: 5 passed, 1 failed",
      "Iteration 2: reflecting on failures",
      "Iteration 3",
      "Iteration 3: planning",
      "Iteration 3: asking the model for a change",
      "Iteration 3: waiting for your review (Accept / Reject in the diff editor)",
      "Iteration 3: running tests",
      "Iteration 3: 1 passed, 0 failed",
      "Iteration 3: 6 passed, 0 failed",
      "All 6 tests pass",
    ]);
  });

  it("the first test run is not called asking the model", () => {
    const baseline: LoopEvent = { ...base, type: "phase", iteration: 0, phase: "plan" };
    assert.equal(progressText(baseline), "Running the tests to see what fails");
    const finished: LoopEvent = {
      ...base,
      type: "run-finished",
      reason: "green",
      message: "All tests pass after 1 iteration.",
      iterations: 1,
      promptTokens: 1,
      completionTokens: 1,
      durationMs: 5,
    };
    assert.match(logText(finished)?.text ?? "", /\(1 iteration, 2 tokens, 5 ms\)$/);
  });

  it("an auto-approved proposal shows no progress text", () => {
    const auto = recordedRunEvents().find((e) => e.type === "patch-proposed" && !e.needsApproval);
    assert.ok(auto);
    assert.equal(progressText(auto), undefined);
  });

  for (const reason of StopReason.options) {
    it(`run-finished (${reason}): progress shows the loop's message, the log names the reason`, () => {
      const e = finished(reason);
      assert.equal(progressText(e), STOP_MESSAGES[reason]);
      assert.deepEqual(logText(e), {
        level: reason === "green" ? "info" : "warn",
        text: `Run finished: ${reason}: ${STOP_MESSAGES[reason]} (2 iterations, 4700 tokens, 30500 ms)`,
      });
    });
  }

  it("streamed model text never reaches the log; log events keep their level", () => {
    assert.equal(logText({ ...base, type: "model-text", iteration: 1, delta: "Let me think" }), undefined);
    for (const level of ["debug", "info", "warn", "error"] as const) {
      assert.deepEqual(logText({ ...base, type: "log", level, message: `a ${level} line` }), {
        level,
        text: `a ${level} line`,
      });
    }
  });

  it("log lines for the run's main steps", () => {
    const events = recordedRunEvents();
    const lineOf = (type: LoopEvent["type"]) => logText(events.find((e) => e.type === type) as LoopEvent);
    assert.deepEqual(lineOf("run-started"), {
      level: "info",
      text: "Run run-7f3a on src/cart.ts with ollama/qwen2.5-coder:7b; tests: npx vitest run test/cart.test.ts",
    });
    assert.deepEqual(lineOf("checkpoint-created"), { level: "info", text: "Checkpoint a1b2c3d (212 ms)" });
    assert.deepEqual(lineOf("patch-proposed"), {
      level: "info",
      text: "Iteration 1: model proposal p-1 for src/cart.ts (1 hunk)",
    });
    assert.deepEqual(lineOf("tests-finished"), {
      level: "info",
      text: "Iteration 1 (failing): 4 passed, 2 failed in 1840 ms",
    });
    assert.deepEqual(lineOf("reflection"), { level: "debug", text: "reflection" });
    const review = events.find((e) => e.type === "patch-proposed" && e.needsApproval) as LoopEvent;
    assert.deepEqual(logText(review), {
      level: "info",
      text: "Iteration 3: model proposal p-3 for src/cart.ts (2 hunks), needs review",
    });
  });

  it("long checkpoint ids are cut to 10 characters", () => {
    const line = logText({
      ...base,
      type: "checkpoint-created",
      checkpointId: "0123456789abcdef0123456789abcdef01234567",
      durationMs: 130,
    });
    assert.deepEqual(line, { level: "info", text: "Checkpoint 0123456789 (130 ms)" });
  });

  it("failed edits warn with every error; rejections and bad test runs say what happened", () => {
    assert.deepEqual(
      logText({
        ...base,
        type: "edit-failed",
        iteration: 2,
        errors: ["SEARCH block not found in src/cart.ts", "ambiguous match (2 places)"],
      }),
      {
        level: "warn",
        text: "Iteration 2: edit failed: SEARCH block not found in src/cart.ts; ambiguous match (2 places)",
      },
    );
    assert.deepEqual(
      logText({
        ...base,
        type: "patch-rejected",
        proposalId: "p-4",
        reason: "The user rejected src/cart.ts: change 2.",
      }),
      {
        level: "info",
        text: "Proposal p-4 rejected: The user rejected src/cart.ts: change 2.",
      },
    );
    const crashed: LoopEvent = {
      ...base,
      type: "tests-finished",
      iteration: 4,
      scope: "full",
      counts: { passed: 0, failed: 0, skipped: 0 },
      failures: [],
      durationMs: 120_000,
      crashed: true,
      timedOut: true,
    };
    assert.deepEqual(logText(crashed), {
      level: "info",
      text: "Iteration 4 (full): 0 passed, 0 failed, crashed, timed out in 120000 ms",
    });
    assert.equal(progressText(crashed), "Iteration 4: 0 passed, 0 failed, crashed, timed out");
    assert.equal(progressText({ ...crashed, crashed: false }), "Iteration 4: 0 passed, 0 failed, timed out");
  });

  it("events without a progress text of their own", () => {
    const quiet: LoopEvent[] = [
      {
        ...base,
        type: "budget",
        budget: { iterations: 1, maxIterations: 8, tokens: 10, maxTokens: 100, elapsedMs: 1, maxMs: 2 },
      },
      { ...base, type: "patch-applied", proposalId: "p-1", paths: ["a.ts"] },
      { ...base, type: "log", level: "warn", message: "x" },
      { ...base, type: "model-text", iteration: 1, delta: "x" },
    ];
    assert.deepEqual(quiet.map(progressText), [undefined, undefined, undefined, undefined]);
  });
});
