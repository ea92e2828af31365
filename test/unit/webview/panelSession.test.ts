import { strict as assert } from "node:assert";
import { PanelSession, type PanelSessionHandlers } from "../../../extension/panel/panelSession";
import type { HostToWebview } from "../../../webview-ui/protocol";
import {
  eventsAfterDecision,
  eventsBeforeDecision,
  PROPOSAL_ID,
  recordedProposal,
  TARGET,
} from "../../webview/fixtures/recordedRun";
import { recordedTrainingReport } from "../../webview/fixtures/trainingReport";

type Call = [string, unknown?];

function setup(overrides: Partial<PanelSessionHandlers> = {}) {
  const sent: HostToWebview[] = [];
  const logs: string[] = [];
  const calls: Call[] = [];
  const handlers: PanelSessionHandlers = {
    decideHunk: (d) => calls.push(["decideHunk", d]),
    submit: (s) => calls.push(["submit", s]),
    stop: () => void calls.push(["stop"]),
    undo: () => void calls.push(["undo"]),
    openFile: (f) => void calls.push(["openFile", f]),
    showTraining: () => void calls.push(["showTraining"]),
    ...overrides,
  };
  const session = new PanelSession(
    (m) => sent.push(structuredClone(m)),
    (m) => logs.push(m),
    handlers,
  );
  return { session, sent, logs, calls };
}

/** Lets the async request handling settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("panel session (host side of the protocol)", () => {
  it("sends nothing before ready, then the full state, then live messages", () => {
    const { session, sent } = setup();
    for (const e of eventsBeforeDecision()) session.postEvent(e);
    session.showProposal(recordedProposal());
    assert.equal(sent.length, 0);
    session.receive({ type: "ready" });
    assert.equal(sent.length, 1);
    const state = sent[0];
    assert.ok(state.type === "state");
    assert.equal(state.snapshot.proposal?.proposalId, PROPOSAL_ID);
    assert.equal(state.snapshot.events[0].type, "run-started");
    session.postEvent(eventsAfterDecision()[0]);
    assert.deepEqual(
      sent.map((m) => m.type),
      ["state", "event"],
    );
  });

  it("resends state after the page went away and came back", () => {
    const { session, sent } = setup();
    session.receive({ type: "ready" });
    session.detach();
    session.postEvent(eventsBeforeDecision()[0]);
    assert.deepEqual(
      sent.map((m) => m.type),
      ["state"],
    );
    session.receive({ type: "ready" });
    const last = sent[sent.length - 1];
    assert.ok(last.type === "state");
    assert.equal(last.snapshot.events.length, 1);
  });

  it("turns hunk decisions into handler calls and replies with the request id", async () => {
    const { session, sent, calls } = setup();
    for (const e of eventsBeforeDecision()) session.postEvent(e);
    session.showProposal(recordedProposal());
    session.receive({ type: "ready" });
    session.receive({
      type: "decide-hunk",
      requestId: "w1",
      proposalId: PROPOSAL_ID,
      path: TARGET,
      hunk: 0,
      accept: true,
    });
    session.receive({
      type: "decide-hunk",
      requestId: "w2",
      proposalId: PROPOSAL_ID,
      path: TARGET,
      hunk: 1,
      accept: false,
    });
    await settle();
    assert.deepEqual(calls, [
      ["decideHunk", { proposalId: PROPOSAL_ID, path: TARGET, hunk: 0, accept: true }],
      ["decideHunk", { proposalId: PROPOSAL_ID, path: TARGET, hunk: 1, accept: false }],
    ]);
    assert.deepEqual(sent.slice(1), [
      { type: "reply", requestId: "w1", ok: true },
      { type: "reply", requestId: "w2", ok: true },
    ]);
    assert.deepEqual(session.state.proposal?.decisions, [["accepted", "rejected"]]);
  });

  it("decide-all calls the handler for each open hunk only; submit passes feedback", async () => {
    const { session, calls } = setup();
    for (const e of eventsBeforeDecision()) session.postEvent(e);
    session.showProposal(recordedProposal());
    session.mirrorHunkDecision({ proposalId: PROPOSAL_ID, path: TARGET, hunk: 1, accept: false });
    session.receive({ type: "decide-all", requestId: "w1", proposalId: PROPOSAL_ID, accept: true });
    session.receive({ type: "submit-decision", requestId: "w2", proposalId: PROPOSAL_ID, feedback: "keep logs out" });
    await settle();
    assert.deepEqual(calls, [
      ["decideHunk", { proposalId: PROPOSAL_ID, path: TARGET, hunk: 0, accept: true }],
      ["submit", { proposalId: PROPOSAL_ID, feedback: "keep logs out" }],
    ]);
    assert.equal(session.state.proposal?.submitted, true);
  });

  it("answers a decision for an unknown proposal with an error and the host's proposal", async () => {
    const { session, sent, calls, logs } = setup();
    for (const e of eventsBeforeDecision()) session.postEvent(e);
    session.showProposal(recordedProposal());
    session.receive({ type: "ready" });
    session.receive({ type: "decide-hunk", requestId: "w9", proposalId: "p-old", path: TARGET, hunk: 0, accept: true });
    await settle();
    assert.deepEqual(calls, []);
    assert.deepEqual(sent[1], { type: "reply", requestId: "w9", ok: false, error: "No pending proposal p-old" });
    assert.equal(sent[2].type, "proposal");
    assert.match(logs.join("\n"), /decide-hunk failed/);
  });

  it("mirrors editor decisions to the page", () => {
    const { session, sent, logs } = setup();
    for (const e of eventsBeforeDecision()) session.postEvent(e);
    session.showProposal(recordedProposal());
    session.receive({ type: "ready" });
    session.mirrorHunkDecision({ proposalId: PROPOSAL_ID, path: TARGET, hunk: 1, accept: true });
    assert.deepEqual(sent[sent.length - 1], {
      type: "hunk-decided",
      proposalId: PROPOSAL_ID,
      path: TARGET,
      hunk: 1,
      accept: true,
    });
    session.mirrorHunkDecision({ proposalId: PROPOSAL_ID, path: TARGET, hunk: 7, accept: true });
    assert.equal(sent.length, 2);
    assert.match(logs[0], /no hunk 8/);
  });

  it("forwards stop, undo, open-file and show-training; a failing handler yields an error reply", async () => {
    const { session, sent, calls } = setup({
      undo: async () => {
        throw new Error("No checkpoint to restore");
      },
    });
    session.receive({ type: "ready" });
    session.receive({ type: "stop", requestId: "a" });
    session.receive({ type: "undo", requestId: "b" });
    session.receive({ type: "open-file", requestId: "c", path: "test/cart.test.ts", line: 21 });
    session.receive({ type: "show-training", requestId: "d" });
    await settle();
    assert.deepEqual(calls, [["stop"], ["openFile", { path: "test/cart.test.ts", line: 21 }], ["showTraining"]]);
    const replies = sent.filter((m) => m.type === "reply");
    assert.deepEqual(replies.map((r) => `${r.requestId}:${r.ok}`).sort(), ["a:true", "b:false", "c:true", "d:true"]);
    const failed = replies.find((r) => r.requestId === "b");
    assert.deepEqual(failed, { type: "reply", requestId: "b", ok: false, error: "No checkpoint to restore" });
    assert.equal(replies.filter((r) => r.ok).length, 3);
  });

  it("logs and drops invalid messages without throwing or calling handlers", async () => {
    const { session, sent, calls, logs } = setup();
    for (const raw of [
      undefined,
      "ready",
      { type: "stop" },
      { type: "decide-hunk", requestId: "x", hunk: "one" },
      { type: "launch-missiles", requestId: "x" },
    ]) {
      assert.doesNotThrow(() => session.receive(raw));
    }
    await settle();
    assert.equal(logs.length, 5);
    assert.ok(logs.every((l) => l.startsWith("Panel: dropped an invalid message")));
    assert.deepEqual(calls, []);
    assert.deepEqual(sent, []);
  });

  it("a fresh host adopts what the page restored and marks an orphaned run interrupted", () => {
    const first = setup();
    for (const e of eventsBeforeDecision()) first.session.postEvent(e);
    first.session.showProposal(recordedProposal());
    first.session.showTraining(recordedTrainingReport());
    first.session.receive({ type: "ready" });
    const restored = (first.sent[0] as Extract<HostToWebview, { type: "state" }>).snapshot;

    const fresh = setup();
    fresh.session.receive({ type: "ready", restored });
    const state = fresh.sent[0];
    assert.ok(state.type === "state");
    assert.equal(state.snapshot.interrupted, true);
    assert.equal(state.snapshot.proposal, undefined);
    assert.equal(state.snapshot.training?.runs.length, 4);
    assert.equal(fresh.session.state.run?.status, "interrupted");

    // A host that has its own run keeps it.
    const busy = setup();
    busy.session.postEvent({ ...eventsBeforeDecision()[0], runId: "run-live" });
    busy.session.receive({ type: "ready", restored });
    const kept = busy.sent[0];
    assert.ok(kept.type === "state");
    assert.equal(kept.snapshot.events[0].runId, "run-live");
  });

  it("training progress is kept for the Training tab and sent live, never as a run event", () => {
    const { session, sent } = setup();
    for (const e of eventsBeforeDecision()) session.postEvent(e);
    const progress = {
      status: "failed" as const,
      startedAt: 5,
      total: 16,
      done: [],
      message: "Training stopped: the model did not answer.",
    };
    session.showTrainingProgress(progress);
    session.receive({ type: "ready" });
    const state = sent[0];
    assert.ok(state.type === "state");
    assert.deepEqual(state.snapshot.trainingProgress, progress);
    assert.equal(state.snapshot.events[0].runId, eventsBeforeDecision()[0].runId, "the run is untouched");
    session.showTrainingProgress({ ...progress, status: "running" });
    assert.deepEqual(sent.at(-1), { type: "training-progress", progress: { ...progress, status: "running" } });
  });

  it("a postMessage that throws or rejects is logged, not thrown", async () => {
    const logs: string[] = [];
    const noop = () => undefined;
    const throwing = new PanelSession(
      () => {
        throw new Error("webview disposed");
      },
      (m) => logs.push(m),
      { decideHunk: noop, submit: noop, stop: noop, undo: noop, openFile: noop, showTraining: noop },
    );
    assert.doesNotThrow(() => throwing.receive({ type: "ready" }));
    const rejecting = new PanelSession(
      () => Promise.reject(new Error("gone")),
      (m) => logs.push(m),
      { decideHunk: noop, submit: noop, stop: noop, undo: noop, openFile: noop, showTraining: noop },
    );
    rejecting.receive({ type: "ready" });
    await settle();
    assert.deepEqual(logs, ["Panel: postMessage failed: webview disposed", "Panel: postMessage failed: gone"]);
  });
});
