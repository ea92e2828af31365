import { strict as assert } from "node:assert";
import type { LoopEvent } from "../../../agent-core/events";
import { collectMemoryHits } from "../../../webview-ui/runView";
import {
  decisionCounts,
  decisionOf,
  emptyPanelState,
  fromSnapshot,
  isEmptyState,
  MAX_EVENTS,
  type PanelAction,
  type PanelState,
  reducePanel,
  toSnapshot,
} from "../../../webview-ui/state";
import {
  eventsAfterDecision,
  eventsBeforeDecision,
  PROPOSAL_ID,
  RUN_ID,
  recordedProposal,
  TARGET,
} from "../../webview/fixtures/recordedRun";

function fold(state: PanelState, actions: PanelAction[]): PanelState {
  return actions.reduce(reducePanel, state);
}
const events = (es: LoopEvent[]): PanelAction[] => es.map((event) => ({ kind: "event", event }));

describe("panel state reducer over a recorded run", () => {
  const pending = () =>
    fold(emptyPanelState(), [...events(eventsBeforeDecision()), { kind: "proposal", proposal: recordedProposal() }]);

  it("shows the run while it waits for approval", () => {
    const s = pending();
    assert.equal(s.run?.status, "running");
    assert.equal(s.run?.file, TARGET);
    assert.equal(s.run?.checkpointId, "a1b2c3d");
    assert.deepEqual(
      s.iterations.map((it) => it.iteration),
      [1, 2, 3],
    );
    const [one, two, three] = s.iterations;
    assert.equal(one.patches[0].status, "reverted");
    assert.equal(one.patches[0].reason, "Tests got worse: 2 failing, 1 before");
    assert.deepEqual(
      one.testRuns[0].failures.map((f) => f.id),
      ["cart > applies percentage discount", "cart > total rounds to cents"],
    );
    assert.equal(one.endedAt, two.startedAt, "an iteration ends when the next starts");
    assert.equal(two.patches[0].source, "memory");
    assert.equal(two.patches[0].status, "applied");
    assert.deepEqual(two.testRuns[0].counts, { passed: 5, failed: 1, skipped: 0 });
    assert.equal(two.modelCalls, 0);
    assert.equal(three.modelCalls, 2);
    assert.equal(three.malformed, 1);
    assert.equal(three.phase, "edit");
    assert.equal(three.endedAt, undefined);
    assert.equal(three.notes[0].level, "warn");
    assert.deepEqual(three.patches[0], {
      proposalId: PROPOSAL_ID,
      source: "model",
      files: [{ path: TARGET, hunkCount: 2, isNew: false, isTestFile: false }],
      needsApproval: true,
      status: "proposed",
    });
    assert.equal(s.run?.promptTokens, 2140 + 2610 + 2890);
    assert.deepEqual(
      collectMemoryHits(s.iterations).map((h) => [h.hit.id, h.iterations]),
      [
        ["mem-41", [2]],
        ["mem-07", [2]],
      ],
    );
    assert.deepEqual(s.proposal?.decisions, [["pending", "pending"]]);
    assert.equal(s.budget?.iterations, 2);
  });

  it("merges streamed model text into one event per iteration", () => {
    const s = pending();
    const texts = s.events.filter((e) => e.type === "model-text");
    assert.equal(texts.length, 2);
    assert.equal(
      s.iterations[0].modelText,
      "The discount is applied as a fraction, so I will multiply by (1 - percent).\n",
    );
    assert.equal(s.events.length, eventsBeforeDecision().length - 1);
  });

  it("records hunk decisions and turns them into the loop's decision", () => {
    let s = pending();
    s = reducePanel(s, { kind: "decide-hunk", proposalId: PROPOSAL_ID, path: TARGET, hunk: 0, accept: true });
    s = reducePanel(s, { kind: "decide-hunk", proposalId: PROPOSAL_ID, path: TARGET, hunk: 1, accept: false });
    assert.deepEqual(s.proposal?.decisions, [["accepted", "rejected"]]);
    assert.deepEqual(decisionOf(s.proposal!), [{ path: TARGET, acceptedHunks: [0] }]);
    assert.deepEqual(decisionCounts(s.proposal!), { pending: 0, accepted: 1, rejected: 1 });
  });

  it("decide-all only decides the hunks still open", () => {
    let s = pending();
    s = reducePanel(s, { kind: "decide-hunk", proposalId: PROPOSAL_ID, path: TARGET, hunk: 1, accept: false });
    s = reducePanel(s, { kind: "decide-all", proposalId: PROPOSAL_ID, accept: true });
    assert.deepEqual(s.proposal?.decisions, [["accepted", "rejected"]]);
  });

  it("ignores decisions that do not fit the pending proposal, returning the same state", () => {
    const s = pending();
    for (const action of [
      { kind: "decide-hunk", proposalId: "p-old", path: TARGET, hunk: 0, accept: true },
      { kind: "decide-hunk", proposalId: PROPOSAL_ID, path: "src/other.ts", hunk: 0, accept: true },
      { kind: "decide-hunk", proposalId: PROPOSAL_ID, path: TARGET, hunk: 2, accept: true },
      { kind: "decide-all", proposalId: "p-old", accept: true },
    ] as PanelAction[]) {
      assert.equal(reducePanel(s, action), s);
    }
    const submitted = reducePanel(s, { kind: "submitted", proposalId: PROPOSAL_ID });
    assert.equal(submitted.proposal?.submitted, true);
    assert.equal(
      reducePanel(submitted, { kind: "decide-hunk", proposalId: PROPOSAL_ID, path: TARGET, hunk: 0, accept: true }),
      submitted,
    );
  });

  it("ends green: proposal closed, counts and totals from run-finished", () => {
    const s = fold(pending(), events(eventsAfterDecision()));
    assert.equal(s.proposal, undefined);
    assert.equal(s.run?.status, "finished");
    assert.equal(s.run?.reason, "green");
    assert.equal(s.run?.message, "All 6 tests pass");
    assert.deepEqual(s.run?.counts, { passed: 6, failed: 0, skipped: 0 });
    assert.equal(s.run?.completionTokens, 675);
    const three = s.iterations[2];
    assert.equal(three.patches[0].status, "applied");
    assert.equal(three.patches[0].acceptedHunks, 1);
    assert.deepEqual(
      three.testRuns.map((t) => t.scope),
      ["failing", "full"],
    );
    assert.equal(three.endedAt, s.run?.finishedAt);
    assert.equal(s.run?.flaky, undefined, "no flaky tests in this run");
    assert.equal(three.phase, undefined);
  });

  it("keeps the flaky tests a run reports at its end", () => {
    const finished = eventsAfterDecision().map((e) =>
      e.type === "run-finished" ? { ...e, flaky: ["cart > clock"] } : e,
    );
    const s = fold(pending(), events(finished));
    assert.deepEqual(s.run?.flaky, ["cart > clock"]);
    assert.deepEqual(fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s)))), s);
  });

  it("keeps unchanged parts by identity so the page redraws only what changed", () => {
    const s = pending();
    const budget = eventsAfterDecision().find((e) => e.type === "budget")!;
    const next = reducePanel(s, { kind: "event", event: budget });
    assert.equal(next.iterations, s.iterations);
    assert.equal(next.proposal, s.proposal);
    assert.notEqual(next.budget, s.budget);
    const training = reducePanel(s, { kind: "training", report: { generatedAt: new Date(0).toISOString(), runs: [] } });
    assert.equal(training.iterations, s.iterations);
  });

  it("training progress has its own place: the user's run, its events and proposal stay as they are", () => {
    const s = pending();
    const progress = {
      status: "running" as const,
      startedAt: 1,
      total: 3,
      done: [{ id: "javascript/collections", solved: false, reason: "out of iterations" }],
      current: "python/dates",
    };
    const next = reducePanel(s, { kind: "training-progress", progress });
    assert.deepEqual(next.trainingProgress, progress);
    assert.equal(next.run, s.run);
    assert.equal(next.events, s.events);
    assert.equal(next.iterations, s.iterations);
    assert.equal(next.proposal, s.proposal);
    assert.deepEqual(fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(next)))), next);
    assert.equal(isEmptyState(reducePanel(emptyPanelState(), { kind: "training-progress", progress })), false);
  });

  it("rebuilds the same state from a JSON round-tripped snapshot", () => {
    let s = pending();
    s = reducePanel(s, { kind: "decide-hunk", proposalId: PROPOSAL_ID, path: TARGET, hunk: 1, accept: true });
    const restored = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))));
    assert.deepEqual(restored, s);
    const done = fold(s, events(eventsAfterDecision()));
    assert.deepEqual(fromSnapshot(toSnapshot(done)), done);
  });

  it("drops events of another run and starts over on a new run", () => {
    const s = pending();
    const stray = { ...eventsAfterDecision()[0], runId: "run-old" } as LoopEvent;
    assert.equal(reducePanel(s, { kind: "event", event: stray }), s);
    const restart = { ...eventsBeforeDecision()[0], runId: "run-next" } as LoopEvent;
    const next = reducePanel(s, { kind: "event", event: restart });
    assert.equal(next.run?.runId, "run-next");
    assert.deepEqual(next.iterations, []);
    assert.equal(next.proposal, undefined);
    assert.deepEqual(next.events, [restart]);
    assert.equal(reducePanel(emptyPanelState(), { kind: "event", event: eventsBeforeDecision()[2] }).run, undefined);
  });

  it("marks an orphaned run as interrupted and drops its proposal", () => {
    const s = reducePanel(pending(), { kind: "interrupt" });
    assert.equal(s.run?.status, "interrupted");
    assert.equal(s.proposal, undefined);
    assert.equal(fromSnapshot(toSnapshot(s)).run?.status, "interrupted");
  });

  it("caps the event log, keeping the run's start", () => {
    let s = fold(emptyPanelState(), events(eventsBeforeDecision().slice(0, 3)));
    const log = (i: number): LoopEvent => ({ type: "log", runId: RUN_ID, at: i, level: "info", message: `line ${i}` });
    for (let i = 0; i < MAX_EVENTS + 50; i++) s = reducePanel(s, { kind: "event", event: log(i) });
    assert.equal(s.events.length, MAX_EVENTS);
    assert.equal(s.events[0].type, "run-started");
    assert.equal(fromSnapshot(toSnapshot(s)).run?.runId, RUN_ID);
  });
});
