/**
 * Judges a finished trial. Holds whenever the interrupt landed: what may differ afterwards depends only on
 * how the run ended (its exit and its last progress line), never on when the signal was sent.
 */
import type { DriveResult, ProcessEnd } from "./driver";
import { fixedBytes } from "./model";
import type { TrialPlan } from "./plan";
import type { LiveProcess } from "./processes";
import { compareSnapshots, type Difference, type Snapshot, withFile } from "./snapshot";
import { EDITS_AFTER_KILL, type TrialWorkspace } from "./workspace";

export const FAILURE_KINDS = [
  "loss", // a file outside the fix changed, vanished or appeared (content, mode, link, existence)
  "target-not-restored", // a cancelled or undone run left the target different from before
  "target-damaged", // a green run left the target different from exactly "before + the fix"
  "git-changed", // the repository itself changed (HEAD, refs, config, hooks, objects, staged entries)
  "ignored-signal", // the run carried on to its natural end after the signal
  "hung", // no exit within the guard after the signal
  "leftover-process", // a process of the run still alive long after it ended
  "undo-failed", // `greenloop undo` did not succeed
  "unexpected-outcome", // an uninterrupted run did not end green, or exit status and result disagree
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface Failure {
  kind: FailureKind;
  detail: string;
  differences?: Difference[];
}

export interface Verdict {
  /** How the run ended: green, cancelled, another stop reason, killed by a signal, hung. */
  outcome: string;
  failures: Failure[];
}

export interface OracleInput {
  plan: TrialPlan;
  workspace: TrialWorkspace;
  before: Snapshot;
  after: Snapshot;
  drive: DriveResult;
  leftovers: LiveProcess[];
}

function outcomeOf(end: ProcessEnd): { text: string; green: boolean; reason?: string } {
  if (end.hung) return { text: "hung", green: false };
  const green = /^✔ /m.test(end.stderr);
  const reason = /^✘ ([\w-]+):/m.exec(end.stderr)?.[1];
  const how = end.signal ? `killed by ${end.signal}` : `exit ${end.code}`;
  return { text: `${green ? "green" : (reason ?? "no result")}, ${how}`, green, reason };
}

const tail = (text: string) => text.trim().split("\n").slice(-4).join(" | ");

/** The state before the run plus the developer's own edits made after a kill. */
function withEditsAfterKill(before: Snapshot): Snapshot {
  const { append, create } = EDITS_AFTER_KILL;
  const readme = before.entries.get(append.path)?.bytes ?? Buffer.alloc(0);
  const edited = withFile(before, append.path, Buffer.concat([readme, Buffer.from(append.text)]));
  return withFile(edited, create.path, Buffer.from(create.text), 0o644);
}

function withFix(expected: Snapshot, targetReal: string): Snapshot {
  const original = expected.entries.get(targetReal)?.bytes;
  if (!original) throw new Error(`the snapshot has no bytes for the target ${targetReal}`);
  return withFile(expected, targetReal, fixedBytes(original));
}

/** Sorts differences into the failure they are: at the target, in .git, or anywhere else. */
function classify(diffs: Difference[], targetReal: string, targetKind: FailureKind): Failure[] {
  const groups = new Map<FailureKind, Difference[]>();
  for (const d of diffs) {
    const kind: FailureKind =
      d.path === targetReal
        ? targetKind
        : d.kind === "staged" || d.path === ".git" || d.path.startsWith(".git/")
          ? "git-changed"
          : "loss";
    groups.set(kind, [...(groups.get(kind) ?? []), d]);
  }
  return [...groups].map(([kind, list]) => ({
    kind,
    detail: list.map((d) => `${d.path}: ${d.kind} (${d.detail})`).join("; "),
    differences: list,
  }));
}

export function judge(input: OracleInput): Verdict {
  const { plan, workspace, before, after, drive } = input;
  const failures: Failure[] = [];
  const fix = outcomeOf(drive.fix);
  const target = workspace.targetReal;
  const notText = plan.states.includes("target-latin1");

  if (plan.interrupt === "sigkill-undo") {
    const undo = drive.undo;
    const nothingToUndo =
      undo && undo.code === 2 && /No Greenloop run (recorded|with changes to undo)/.test(undo.stderr);
    if (!undo || undo.hung || undo.signal || (undo.code !== 0 && !nothingToUndo)) {
      failures.push({
        kind: "undo-failed",
        detail: undo
          ? `${undo.hung ? "hung" : (undo.signal ?? `exit ${undo.code}`)}: ${tail(undo.stderr + undo.stdout)}`
          : "undo did not run",
      });
    }
    failures.push(...classify(compareSnapshots(withEditsAfterKill(before), after), target, "target-not-restored"));
  } else if (!drive.signalled) {
    // A target that is not UTF-8 text is refused before anything runs (exit 2); any other run ends green.
    const refused = drive.fix.code === 2 && /is not UTF-8 text/.test(drive.fix.stderr);
    const expected = notText ? refused : fix.green && drive.fix.code === 0;
    if (!expected)
      failures.push({
        kind: "unexpected-outcome",
        detail: `uninterrupted run ended ${fix.text}: ${tail(drive.fix.stderr)}`,
      });
    const diffs = compareSnapshots(fix.green ? withFix(before, target) : before, after);
    failures.push(...classify(fix.green ? diffs : diffs.filter((d) => d.path !== target), target, "target-damaged"));
  } else {
    if (drive.fix.hung)
      failures.push({ kind: "hung", detail: `still running long after ${plan.interrupt}: ${tail(drive.fix.stderr)}` });
    const naturalEnd = fix.green || (fix.reason !== undefined && fix.reason !== "cancelled");
    const newTests = drive.testStartsAtEnd - drive.testStartsAtSignal;
    if (naturalEnd && newTests > 0) {
      failures.push({
        kind: "ignored-signal",
        detail: `${plan.interrupt} was followed by ${newTests} new test run(s) and the run ended ${fix.text}`,
      });
    }
    if (drive.fix.code === 0 && !fix.green)
      failures.push({ kind: "unexpected-outcome", detail: `exit 0 without a green result: ${tail(drive.fix.stderr)}` });
    // A run that reached green before the signal was handled keeps its fix; any other end restores the target.
    const asBefore = compareSnapshots(before, after);
    const targetAsBefore = !asBefore.some((d) => d.path === target);
    const diffs = fix.green && !targetAsBefore ? compareSnapshots(withFix(before, target), after) : asBefore;
    failures.push(...classify(diffs, target, fix.green ? "target-damaged" : "target-not-restored"));
  }
  if (input.leftovers.length > 0) {
    failures.push({
      kind: "leftover-process",
      detail: input.leftovers.map((p) => `${p.pid} ${p.command.slice(0, 120)}`).join("; "),
    });
  }
  const undo = drive.undo;
  const undoText = undo
    ? `; undo ${undo.hung ? "hung" : undo.signal ? `killed by ${undo.signal}` : `exit ${undo.code}`}`
    : "";
  return { outcome: `${fix.text}${undoText}`, failures };
}
