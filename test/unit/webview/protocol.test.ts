import { strict as assert } from "node:assert";
import { LoopEvent } from "../../../agent-core/events";
import { parseHostMessage, parseWebviewMessage } from "../../../webview-ui/protocol";
import { recordedProposal, recordedRunEvents } from "../../webview/fixtures/recordedRun";
import { recordedTrainingReport } from "../../webview/fixtures/trainingReport";

describe("webview protocol", () => {
  it("the recorded run is made of valid loop events", () => {
    for (const e of recordedRunEvents())
      assert.equal(LoopEvent.safeParse(e).success, true, JSON.stringify(e).slice(0, 200));
  });

  it("accepts every host message kind", () => {
    const [first] = recordedRunEvents();
    const messages = [
      {
        type: "state",
        snapshot: {
          events: recordedRunEvents(),
          proposal: recordedProposal(),
          training: recordedTrainingReport(),
          interrupted: false,
        },
      },
      { type: "event", event: first },
      { type: "proposal", proposal: recordedProposal() },
      { type: "hunk-decided", proposalId: "p-3", path: "src/cart.ts", hunk: 1, accept: true },
      { type: "training", report: recordedTrainingReport() },
      {
        type: "training-progress",
        progress: {
          status: "running",
          startedAt: 1,
          total: 16,
          done: [{ id: "python/dates", solved: false, reason: "out of iterations" }],
          current: "js/x",
        },
      },
      { type: "reply", requestId: "w1", ok: false, error: "No pending proposal" },
    ];
    for (const m of messages) {
      const r = parseHostMessage(m);
      assert.equal(r.ok, true, `${m.type}: ${r.ok ? "" : r.error}`);
    }
  });

  it("passes loop events through unchanged in shape", () => {
    const event = recordedRunEvents().find((e) => e.type === "tests-finished")!;
    const r = parseHostMessage(structuredClone({ type: "event", event }));
    assert.ok(r.ok && r.message.type === "event");
    assert.deepEqual(r.message.event, event);
  });

  it("accepts every webview message kind", () => {
    const messages = [
      { type: "ready" },
      { type: "ready", restored: { events: recordedRunEvents(), interrupted: false } },
      { type: "decide-hunk", requestId: "w1", proposalId: "p-3", path: "src/cart.ts", hunk: 0, accept: true },
      { type: "decide-all", requestId: "w2", proposalId: "p-3", accept: false },
      { type: "submit-decision", requestId: "w3", proposalId: "p-3", feedback: "no debug output" },
      { type: "stop", requestId: "w4" },
      { type: "undo", requestId: "w5" },
      { type: "open-file", requestId: "w6", path: "test/cart.test.ts", line: 21 },
      { type: "show-training", requestId: "w7" },
    ];
    for (const m of messages) {
      const r = parseWebviewMessage(m);
      assert.equal(r.ok, true, `${m.type}: ${r.ok ? "" : r.error}`);
    }
  });

  it("rejects malformed messages with a readable reason instead of throwing", () => {
    const bad: unknown[] = [
      null,
      "stop",
      42,
      { type: "nonsense" },
      { type: "stop" },
      { type: "decide-hunk", requestId: "w1", proposalId: "p", path: "a.ts", hunk: -1, accept: true },
      { type: "decide-hunk", requestId: "w1", proposalId: "p", path: "a.ts", hunk: 0, accept: "yes" },
      { type: "open-file", requestId: "w1", path: "" },
      { type: "ready", restored: { events: [{ type: "bogus" }], interrupted: false } },
    ];
    for (const m of bad) {
      const r = parseWebviewMessage(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      if (!r.ok) assert.ok(r.error.length > 0);
    }
    const badHost: unknown[] = [
      { type: "event", event: { type: "bogus", runId: "r", at: 1 } },
      { type: "event", event: { type: "iteration-started", runId: "r" } },
      { type: "reply", ok: true },
      { type: "training", report: { generatedAt: "not a date", runs: [] } },
      { type: "training-progress", progress: { status: "paused", startedAt: 1, total: 1, done: [] } },
      { type: "proposal", proposal: { ...recordedProposal(), source: "oracle" } },
    ];
    for (const m of badHost) assert.equal(parseHostMessage(m).ok, false, JSON.stringify(m).slice(0, 120));
  });
});
