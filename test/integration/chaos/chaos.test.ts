import assert from "node:assert/strict";
import { describePlan, planTrial, type TrialPlan } from "../../chaos/plan";
import { failureText } from "../../chaos/report";
import { runTrial } from "../../chaos/trial";

/** Shorthands for what a chosen seed must still plan (planTrial maps a seed to a trial; see test/chaos/plan.ts). */
/** The signal lands in the full test run after the first patch, when the patch is surely written. */
const duringCheckOfPatch = (p: TrialPlan) =>
  p.phase === "tests" && p.occurrence === 2 && (p.detours[0] ?? "regress") === "regress" && p.delayMs <= 20;
const has = (p: TrialPlan, ...states: string[]) => states.every((s) => (p.states as string[]).includes(s));

/**
 * The small form of `npm run chaos`: fixed seeds, each chosen for what it interrupts where, so every signal kind
 * and the repository states most at risk are covered. Any failure replays with `npm run chaos -- --seed N --trials 1`.
 */
const TRIALS: Array<{ seed: number; covers: string; planned: (p: TrialPlan) => boolean }> = [
  {
    seed: 77,
    covers: "Ctrl+C while the CLI starts (memory opening)",
    planned: (p) => p.interrupt === "sigint" && p.phase === "startup" && p.delayMs <= 10,
  },
  {
    seed: 4,
    covers: "Ctrl+C after a patch: cancel on an executable target",
    planned: (p) =>
      p.interrupt === "sigint" && duringCheckOfPatch(p) && has(p, "target-exec") && !has(p, "target-latin1"),
  },
  {
    seed: 31422,
    covers: "SIGTERM after a patch mid-rebase with a stash",
    planned: (p) =>
      p.interrupt === "sigterm" &&
      duringCheckOfPatch(p) &&
      has(p, "target-exec", "rebase", "stash") &&
      !has(p, "target-latin1"),
  },
  {
    seed: 37,
    covers: "Ctrl+C on a Latin-1 target: refused before anything runs",
    planned: (p) => p.interrupt === "sigint" && has(p, "target-latin1"),
  },
  {
    seed: 16797,
    covers: "SIGKILL then undo: staged CRLF target under `* text=auto`, edits made after the kill",
    planned: (p) =>
      p.interrupt === "sigkill-undo" &&
      duringCheckOfPatch(p) &&
      has(p, "target-crlf", "target-staged", "gitattributes"),
  },
  {
    seed: 81,
    covers: "SIGKILL then undo: git-ignored target",
    planned: (p) =>
      p.interrupt === "sigkill-undo" && duringCheckOfPatch(p) && has(p, "target-ignored") && !has(p, "target-latin1"),
  },
  {
    seed: 42,
    covers: "an uninterrupted run on a symlinked target",
    planned: (p) => p.interrupt === "none" && has(p, "target-symlink"),
  },
  {
    seed: 322,
    covers: "Ctrl+C to the whole process group mid-rebase",
    planned: (p) => p.interrupt === "sigint-group" && has(p, "rebase", "stash"),
  },
  {
    seed: 21,
    covers: "SIGTERM while the process starts",
    planned: (p) => p.interrupt === "sigterm" && p.phase === "spawn",
  },
  {
    seed: 15,
    covers: "an uninterrupted run among staged, detached, CRLF, Latin-1 files",
    planned: (p) => p.interrupt === "none" && has(p, "staged", "detached", "crlf", "latin1"),
  },
  {
    seed: 152,
    covers: "Ctrl+C right after a regression was reverted",
    planned: (p) => p.interrupt === "sigint" && p.phase === "reverted",
  },
];

describe("chaos: an interrupted greenloop run loses nothing (small form of npm run chaos)", function () {
  this.timeout(120_000);

  it("the fixed seeds still plan the trials they were chosen for", () => {
    for (const t of TRIALS) {
      const plan = planTrial(t.seed);
      assert.ok(
        t.planned(plan),
        `seed ${t.seed} no longer plans "${t.covers}" (it plans: ${describePlan(plan)}); pick another seed`,
      );
      assert.ok(!plan.detours.includes("hang"), `seed ${t.seed} plans a hanging test run, too slow for the unit suite`);
    }
    const kinds = new Set(TRIALS.map((t) => planTrial(t.seed).interrupt));
    assert.deepEqual([...kinds].sort(), ["none", "sigint", "sigint-group", "sigkill-undo", "sigterm"]);
  });

  for (const t of TRIALS) {
    it(`seed ${t.seed}: ${t.covers}`, async () => {
      const result = await runTrial(planTrial(t.seed), { guardMs: 60_000, leftoverGuardMs: 10_000 });
      assert.deepEqual(
        result.verdict.failures.map((f) => f.kind),
        [],
        failureText(result),
      );
    });
  }
});
