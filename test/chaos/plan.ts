/** What one chaos trial does, chosen from its seed alone so any trial can be replayed from its number. */
import { Rng } from "./rng";

export const INTERRUPTS = ["none", "sigint", "sigterm", "sigint-group", "sigkill-undo"] as const;
export type InterruptKind = (typeof INTERRUPTS)[number];

/**
 * Moments to interrupt at. "spawn" counts from the start of the process, "startup" from the memory folder
 * appearing (the CLI is past its own start and opening the memory); the rest are progress lines on stderr.
 */
export const PHASES = [
  "spawn",
  "startup",
  "started",
  "checkpoint",
  "iteration",
  "model",
  "patch",
  "tests",
  "reverted",
  "finished",
] as const;
export type Phase = (typeof PHASES)[number];

/** Wrong answers the scripted model gives before the right one, so runs take several iterations. */
export const DETOURS = ["wrong", "regress", "hang", "malformed"] as const;
export type Detour = (typeof DETOURS)[number];

/** Repository states about the file being fixed. */
export const TARGET_STATES = [
  "target-crlf",
  "target-no-eol",
  "target-latin1",
  "target-exec",
  "target-symlink",
  "target-ignored",
  "target-staged",
  "target-unstaged",
] as const;
/** Repository states about everything else. */
export const REPO_STATES = [
  "staged",
  "unstaged",
  "untracked",
  "stash",
  "detached",
  "rebase",
  "crlf",
  "no-eol",
  "latin1",
  "exec",
  "symlink",
  "gitattributes",
  "ignored",
] as const;
export type RepoState = (typeof TARGET_STATES)[number] | (typeof REPO_STATES)[number];

export interface TrialPlan {
  seed: number;
  states: RepoState[];
  interrupt: InterruptKind;
  /** Where to interrupt ("none" for uninterrupted trials). */
  phase: Phase | "none";
  /** Which appearance of the phase's marker (1 = the first). */
  occurrence: number;
  /** Extra wait after the marker before the signal. */
  delayMs: number;
  detours: Detour[];
  provider: "openai" | "ollama";
  memory: boolean;
}

export interface PlanOptions {
  /** Upper bound of the random delay after a marker (default 300 ms). */
  maxDelayMs?: number;
}

/** The trial of a seed. `overrides` pin parts of it (the unit suite's fixed trials). */
export function planTrial(seed: number, options: PlanOptions = {}, overrides: Partial<TrialPlan> = {}): TrialPlan {
  const rng = new Rng(seed);
  const states: RepoState[] = [
    ...TARGET_STATES.filter(() => rng.chance(0.2)),
    ...REPO_STATES.filter(() => rng.chance(0.3)),
  ];
  const detours = rng.sample(DETOURS, rng.pick([0, 1, 1, 2]));
  const memory = rng.chance(0.4);
  const interrupt = rng.pick(INTERRUPTS);
  const phases = applicablePhases(detours, memory);
  const phase: Phase | "none" = interrupt === "none" ? "none" : rng.pick(phases);
  const occurrence = phase === "none" ? 1 : 1 + rng.int(maxOccurrence(phase, detours));
  const maxDelay = options.maxDelayMs ?? 300;
  // Half the trials land right at the marker; the final line is followed by the exit within milliseconds.
  const delayMs = phase === "finished" ? rng.int(4) : rng.chance(0.5) ? rng.int(21) : rng.int(maxDelay + 1);
  const provider = rng.pick(["openai", "ollama"] as const);
  const plan: TrialPlan = {
    seed,
    states: normalizeStates(states),
    interrupt,
    phase,
    occurrence,
    delayMs,
    detours,
    provider,
    memory,
    ...overrides,
  };
  plan.states = normalizeStates(plan.states);
  return plan;
}

/** Phases whose marker this run will show. */
export function applicablePhases(detours: readonly Detour[], memory: boolean): Phase[] {
  return PHASES.filter((p) => (p !== "startup" || memory) && (p !== "reverted" || detours.some(reverts)));
}

const reverts = (d: Detour) => d === "regress" || d === "hang";

/** How often a phase's marker shows at least, so every appearance can be chosen. */
export function maxOccurrence(phase: Phase, detours: readonly Detour[]): number {
  const iterations = detours.length + 1;
  const patches = detours.filter((d) => d !== "malformed").length + 1;
  switch (phase) {
    case "iteration":
    case "model":
      return iterations;
    case "patch":
      return patches;
    case "tests":
      return 1 + patches;
    case "reverted":
      return detours.filter(reverts).length;
    default:
      return 1;
  }
}

/** Drops combinations a real repository cannot have (an ignored target has nothing staged). */
function normalizeStates(states: readonly RepoState[]): RepoState[] {
  const set = new Set(states);
  if (set.has("target-ignored")) {
    set.delete("target-staged");
    set.delete("target-unstaged");
  }
  if (set.has("rebase")) set.delete("detached");
  return [...TARGET_STATES, ...REPO_STATES].filter((s) => set.has(s));
}

/** One line describing a plan, for reports. */
export function describePlan(plan: TrialPlan): string {
  const moment =
    plan.interrupt === "none"
      ? "no interrupt"
      : `${plan.interrupt} at ${plan.phase}#${plan.occurrence}+${plan.delayMs}ms`;
  const script = plan.detours.length ? `${plan.detours.join(",")},fix` : "fix";
  return `${moment} · model ${script} via ${plan.provider}${plan.memory ? " · memory" : ""} · ${plan.states.join(" ") || "clean repo"}`;
}
