/**
 * The developer's uncommitted change to a file: `git diff HEAD -- <file>` in the workspace's own repository.
 * A failure right after an edit usually hides in that edit, so the loop shows it to the model and memory
 * looks for proven fixes that undo changes of the same shape. Anything unusual (no repository, no commit
 * yet, an untracked file, git missing or slow) means "no change known", never an error.
 */

import type { ChangeSource } from "../ports";
import { git } from "./git";

/** Longer diffs are cut at a hunk boundary: a rewrite says little about where the bug is. */
export const MAX_CHANGE_CHARS = 6000;
const TIMEOUT_MS = 5000;

/** ChangeSource backed by the git repository that contains `workspace` (if any). */
export class GitChangeSource implements ChangeSource {
  constructor(private readonly workspace: string) {}

  async recentChange(file: string): Promise<string | undefined> {
    try {
      const args = [
        "-c",
        "core.quotepath=off",
        "diff",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "-U3",
        "HEAD",
        "--",
        file,
      ];
      // A diff cut short by a signal or a time-out would mislead the model: any failure means "unknown".
      const diff = await git(args, { cwd: this.workspace, env: process.env, timeoutMs: TIMEOUT_MS });
      return trimDiff(diff);
    } catch {
      return undefined;
    }
  }
}

/** The diff from its first hunk on, cut to whole hunks within MAX_CHANGE_CHARS; undefined when empty. */
export function trimDiff(diff: string): string | undefined {
  const start = diff.search(/^@@/m);
  if (start < 0) return undefined;
  const body = diff.slice(start).replace(/\s+$/, "");
  if (body.length <= MAX_CHANGE_CHARS) return body;
  const cut = body.lastIndexOf("\n@@", MAX_CHANGE_CHARS);
  return cut > 0 ? body.slice(0, cut) : undefined;
}
