/** Per-hunk decisions on one proposal. Pure: no editor calls, so it can be tested anywhere. */
import type { ApprovalDecision } from "../../agent-core/ports";

export type HunkVerdict = "accepted" | "rejected";

/** Points at one hunk of one file of one proposal. */
export interface HunkRef {
  proposalId: string;
  path: string;
  hunk: number;
}

/** Tracks a verdict per hunk; complete when every hunk has one. */
export class ReviewSession {
  private readonly verdicts = new Map<string, Array<HunkVerdict | undefined>>();

  constructor(
    readonly proposalId: string,
    files: ReadonlyArray<{ path: string; hunkCount: number }>,
  ) {
    for (const f of files) this.verdicts.set(f.path, new Array<HunkVerdict | undefined>(f.hunkCount).fill(undefined));
  }

  /** Paths in proposal order. */
  get paths(): string[] {
    return [...this.verdicts.keys()];
  }

  hunkCount(path: string): number {
    return this.verdicts.get(path)?.length ?? 0;
  }

  verdict(path: string, hunk: number): HunkVerdict | undefined {
    return this.verdicts.get(path)?.[hunk];
  }

  /** Records a verdict; throws a clear error for an unknown file or hunk. */
  decide(path: string, hunk: number, verdict: HunkVerdict): void {
    const list = this.verdicts.get(path);
    if (!list) throw new Error(`Proposal ${this.proposalId} has no file ${path}`);
    if (!Number.isInteger(hunk) || hunk < 0 || hunk >= list.length) {
      throw new Error(`Proposal ${this.proposalId}: ${path} has no change #${hunk + 1} (it has ${list.length})`);
    }
    list[hunk] = verdict;
  }

  /** Decides every hunk still open (or every hunk when `overwrite`), in one file or in all. */
  decideAll(verdict: HunkVerdict, opts: { path?: string; overwrite?: boolean } = {}): void {
    for (const [path, list] of this.verdicts) {
      if (opts.path && opts.path !== path) continue;
      list.forEach((v, i) => {
        if (v === undefined || opts.overwrite) list[i] = verdict;
      });
    }
  }

  isFileComplete(path: string): boolean {
    return (this.verdicts.get(path) ?? []).every((v) => v !== undefined);
  }

  isComplete(): boolean {
    return this.paths.every((p) => this.isFileComplete(p));
  }

  /** The first hunk without a verdict, in proposal order. */
  firstUndecided(): HunkRef | undefined {
    for (const [path, list] of this.verdicts) {
      const hunk = list.indexOf(undefined);
      if (hunk >= 0) return { proposalId: this.proposalId, path, hunk };
    }
    return undefined;
  }

  /**
   * The decision for the loop; open hunks count as rejected. Files in `withdrawn` (the user edited them during
   * review) apply nothing, and the feedback does not claim the user rejected their hunks.
   */
  toDecision(extraFeedback: string[] = [], withdrawn: ReadonlySet<string> = new Set()): ApprovalDecision {
    const files = this.paths.map((path) => ({
      path,
      acceptedHunks: withdrawn.has(path)
        ? []
        : (this.verdicts.get(path) ?? []).flatMap((v, i) => (v === "accepted" ? [i] : [])),
    }));
    const rejected = this.paths
      .filter((path) => !withdrawn.has(path))
      .flatMap((path) => {
        const idx = (this.verdicts.get(path) ?? []).flatMap((v, i) => (v !== "accepted" ? [i + 1] : []));
        return idx.length ? [`${path}: change${idx.length > 1 ? "s" : ""} ${idx.join(", ")}`] : [];
      });
    const feedback = [...(rejected.length ? [`The user rejected ${rejected.join("; ")}.`] : []), ...extraFeedback];
    return feedback.length ? { files, feedback: feedback.join("\n") } : { files };
  }
}
