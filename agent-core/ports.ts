/**
 * The ports the loop needs from its host. The CLI and the extension each implement them; tests use real
 * implementations over temp folders. Nothing here knows about VS Code.
 */
import type { FileChange } from "./edits/types";
import type { LoopEvent } from "./events";
import type { ModelProvider } from "./providers/types";
import type { Redactor } from "./secrets/redact";
import type { ProcessResult, TestCommand } from "./testing/types";

export { NotTextFile, WriteConflict } from "./edits/fileErrors";

/**
 * The workspace's files as text. Files are UTF-8 only; every write and remove can be a compare-and-swap
 * (`expected`), so a change the user made after the loop read a file is never overwritten.
 */
export interface WorkspaceFiles {
  /** Absolute root; every path the loop passes is relative to it and already confined to it. */
  readonly root: string;
  /** Current text (a host with editors returns what the user sees), or undefined when missing. Throws NotTextFile. */
  read(relPath: string): Promise<string | undefined>;
  /**
   * Writes the whole file (creating folders). `expected` (when given): the text that must be there now (`null`:
   * the file must not exist); otherwise WriteConflict and nothing is written. Keeps mode, BOM and line endings
   * as given; writes through a symlink to its real file inside the workspace (refuses one pointing outside).
   * Hosts with editors write through their undo stack.
   */
  write(relPath: string, content: string, expected?: string | null): Promise<void>;
  /** Deletes a file the loop created; `expected` as for write (undefined: no check). */
  remove(relPath: string, expected?: string): Promise<void>;
}

export interface TestExecOptions {
  signal: AbortSignal;
  timeoutMs: number;
  /** A short label for the run ("failing tests", "full suite"). */
  label: string;
  /** Provider key variables the test process may see (setting `testEnvPassthrough`); the rest are removed. */
  envPassthrough?: readonly string[];
}

/** Runs a test command; CLI: a child process; extension: a VS Code task with a pseudoterminal. */
export interface TestExecutor {
  execute(command: TestCommand, options: TestExecOptions): Promise<ProcessResult>;
}

export interface ApprovalRequest {
  proposalId: string;
  iteration: number;
  source: "model" | "memory";
  files: FileChange[];
  /** Why auto-approval does not apply (test file, dangerous change), empty when the mode is simply "ask". */
  reasons: string[];
  signal: AbortSignal;
}

export interface ApprovalDecision {
  /** Hunk indexes accepted per file; a file left out is rejected entirely. */
  files: Array<{ path: string; acceptedHunks: number[] }>;
  /** What the user said about the rejection, passed to the model. */
  feedback?: string;
  /**
   * The proposal was withdrawn, not judged: the user edited the lines it changes during review. The model is
   * asked again from the current text, and nothing counts as a rejection.
   */
  withdrawn?: boolean;
}

export type ApprovalGate = (request: ApprovalRequest) => Promise<ApprovalDecision>;

export interface Checkpoint {
  id: string;
  createdAt: number;
  label: string;
}

/** Snapshots of the workspace kept outside it; restoring never touches the user's own git data. */
export interface CheckpointStore {
  /**
   * Takes the workspace for one run: a lock (one run per workspace; throws naming the other run), a verified
   * snapshot, and a journal of what the run writes.
   */
  begin(run: { runId: string; target: string }): Promise<RunCheckpoint>;
}

export interface RunCheckpoint {
  readonly checkpoint: Checkpoint;
  /** How many files the snapshot holds, and what it left out by rule (node_modules/, .venv/ …). */
  readonly files: number;
  readonly skipped: string[];
  /** Records, before the write, that `path` goes from `before` to `after` (undefined: absent). */
  willWrite(path: string, before: string | undefined, after: string | undefined): Promise<void>;
  /** Files that differ from the snapshot now (the run's, the user's, and the tests' changes alike). */
  changedSinceStart(): Promise<string[]>;
  /** Closes the journal ("kept": the run's changes stay; "reverted": it put everything back) and unlocks. */
  end(state: "kept" | "reverted"): Promise<void>;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A failure as the memory sees it. */
export interface FailureQuery {
  testId: string;
  message: string;
  errorText: string;
  file: string;
  language: string;
  framework: string;
  /** The target's text (its first 64k characters); records keep only its head. */
  codeContext: string;
  /**
   * The developer's uncommitted change to `file` when the run started (unified diff against the last
   * commit), if any: the bug often hides in it, and memory looks for fixes that would undo changes like it.
   */
  recentChange?: string;
  /** The project the failure happened in; replays never leave it, hints from other projects are labelled. */
  project?: ProjectIdentity;
  /** Hash of the whole target file when the failure was seen: a replay needs it unchanged. */
  fileHash?: string;
  /** Hash of the failing tests' files (absent when they are not known): a replay needs them unchanged too. */
  testFilesHash?: string;
}

/** A project: its repository's root commit, else its folder's real path; `name` is for people. */
export interface ProjectIdentity {
  id: string;
  name: string;
}

/** Where hints may come from: this project only, or other projects too (each above its floor). */
export type MemoryScope = "project" | "all";

export interface RecalledFix {
  id: string;
  similarity: number;
  score: number;
  testId: string;
  message: string;
  /** The fix that worked, as SEARCH/REPLACE blocks. */
  fix: string;
  /** How much the fix looks like undoing the query's recent change (0..1), when the query had one. */
  editMatch?: number;
  /** The project the fix was made in (`same`: the query's own). */
  project?: { name: string; same: boolean };
}

/** The loop's view of the failure memory (see agent-core/memory). */
export interface MemoryPort {
  recall(failure: FailureQuery, options?: { scope?: MemoryScope }): Promise<RecalledFix[]>;
  /** A proven fix for this exact failure whose blocks apply to the current content, if any. */
  findReplay(failure: FailureQuery, currentContent: string): Promise<RecalledFix | undefined>;
  /** Records failures seen in a run and how the run ended for them. */
  recordOutcome(outcome: RunOutcome): Promise<void>;
}

export interface RunOutcome {
  failures: FailureQuery[];
  /** SEARCH/REPLACE text of the fix that made them pass; empty when none did. */
  fix: string;
  succeeded: boolean;
  /** Ids of recalled fixes that were used in the run. */
  usedIds: string[];
  iterations: number;
  tokens: number;
}

/** Where the developer's own uncommitted changes can be read (see node/gitChanges.ts). */
export interface ChangeSource {
  /** Unified diff of `file` (workspace-relative) against the last commit; undefined when unknown or unchanged. */
  recentChange(file: string): Promise<string | undefined>;
}

/** Everything the loop needs from its host. */
export interface LoopPorts {
  files: WorkspaceFiles;
  tests: TestExecutor;
  approve: ApprovalGate;
  model: ModelProvider;
  checkpoints?: CheckpointStore;
  memory?: MemoryPort;
  /** The developer's uncommitted change to the target, read once before the run edits anything. */
  changes?: ChangeSource;
  log?: Logger;
  onEvent?: (event: LoopEvent) => void;
  /**
   * Asked when the user stops a run whose change already made the failing tests pass (the full suite had not
   * finished): true keeps the change. Without it, a stop takes the change back like any other.
   */
  keepOnStop?: (question: { message: string; files: string[] }) => Promise<boolean>;
  /** Hides secrets in every event (default: one built from `process.env`; hosts add the API key in use). */
  redactor?: Redactor;
}
