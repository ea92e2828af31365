/**
 * What a run wrote, recorded before each write: for every file, its content before the run first wrote it and
 * the content the run wrote last (as blobs in the shadow repository). Undo reverts exactly these changes, and a
 * run killed mid-write can still be undone, because the record always runs ahead of the disk.
 */
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ShadowRepo } from "./shadowRepo";

export type RunState = "running" | "kept" | "reverted" | "undone";

export interface JournalFile {
  /** Blob of the content before the run first wrote it; null when the run created the file. */
  before: string | null;
  /** Blob of what the run wrote last; null when the run deleted the file. */
  after: string | null;
}

export interface RunJournalData {
  runId: string;
  label: string;
  /** The full snapshot taken before the run. */
  checkpoint: string;
  startedAt: number;
  pid: number;
  state: RunState;
  files: Record<string, JournalFile>;
  /** The run (an undo) that reverted this one. */
  undoneBy?: string;
  /** For an undo: the run it reverted. */
  undoes?: string;
}

export class RunJournal {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly repo: ShadowRepo,
    readonly data: RunJournalData,
  ) {}

  static async create(
    repo: ShadowRepo,
    data: Omit<RunJournalData, "files" | "state" | "pid" | "startedAt">,
  ): Promise<RunJournal> {
    const journal = new RunJournal(repo, {
      ...data,
      startedAt: Date.now(),
      pid: process.pid,
      state: "running",
      files: {},
    });
    await journal.save();
    return journal;
  }

  /** Records that `rel` is about to go from `before` to `after` (undefined: absent). Call before writing. */
  async willWrite(rel: string, before: string | undefined, after: string | undefined): Promise<void> {
    const known = this.data.files[rel];
    const entry: JournalFile = {
      before: known ? known.before : before === undefined ? null : await this.repo.writeBlob(before),
      after: after === undefined ? null : await this.repo.writeBlob(after),
    };
    this.data.files[rel] = entry;
    await this.save();
  }

  async setState(state: RunState, extra: Partial<Pick<RunJournalData, "undoneBy">> = {}): Promise<void> {
    Object.assign(this.data, { state }, extra);
    await this.save();
  }

  /** Serialised and atomic (temp file + rename): a reader never sees half a journal. */
  private save(): Promise<void> {
    const next = this.writing.then(() => writeJournal(this.repo, this.data));
    this.writing = next.catch(() => undefined);
    return next;
  }

  static async load(repo: ShadowRepo, runId: string): Promise<RunJournal | undefined> {
    try {
      const data = JSON.parse(await readFile(journalPath(repo, runId), "utf8")) as RunJournalData;
      return new RunJournal(repo, data);
    } catch {
      return undefined;
    }
  }

  /** Every recorded run, newest first. */
  static async all(repo: ShadowRepo): Promise<RunJournal[]> {
    const dir = path.join(repo.gitDir, "runs");
    const names = await readdir(dir).catch(() => [] as string[]);
    const journals: RunJournal[] = [];
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      const journal = await RunJournal.load(repo, name.slice(0, -5));
      if (journal) journals.push(journal);
    }
    return journals.sort((a, b) => b.data.startedAt - a.data.startedAt);
  }
}

function journalPath(repo: ShadowRepo, runId: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(runId)) throw new Error(`Not a run id: ${runId}`);
  return path.join(repo.gitDir, "runs", `${runId}.json`);
}

async function writeJournal(repo: ShadowRepo, data: RunJournalData): Promise<void> {
  const file = journalPath(repo, data.runId);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(data, null, 1));
  await rename(temp, file);
}
