/**
 * The shadow git repository of one workspace: a repository outside it whose work tree is the workspace. It stores
 * bytes as they are (its own attributes and excludes, no line-ending or filter conversion) and never reads the
 * user's git settings or environment.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { lstat, mkdir, readFile, readlink, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GitError, git, gitBytes } from "../node/git";
import { walkWorkspace } from "./workspaceWalk";

const CONFIG: Array<[string, string]> = [
  ["user.name", "greenloop"],
  ["user.email", "greenloop@localhost"],
  ["commit.gpgsign", "false"],
  ["core.autocrlf", "false"],
  ["core.safecrlf", "false"],
  ["core.symlinks", "true"],
  ["core.fileMode", "true"],
  ["core.hooksPath", "/dev/null"],
  ["core.fsmonitor", "false"],
  ["gc.auto", "0"],
];

/** Overrides any `.gitattributes` in the workspace: no eol conversion, no filters (LFS, ident, encodings). */
const ATTRIBUTES = "* -text -eol -filter -ident -working-tree-encoding\n";

/** One entry of a stored tree. */
export interface TreeEntry {
  mode: string;
  sha: string;
}

export interface SnapshotResult {
  id: string;
  files: number;
  skipped: string[];
}

const initialising = new Map<string, Promise<void>>();

export class ShadowRepo {
  private ready?: Promise<void>;
  private envCache?: NodeJS.ProcessEnv;

  private constructor(
    readonly workspace: string,
    readonly gitDir: string,
  ) {}

  /** The repository for `workspace` under `storageDir` (one per real workspace path). */
  static async forWorkspace(workspace: string, storageDir: string): Promise<ShadowRepo> {
    const root = await realpath(workspace).catch(() => {
      throw new Error(`Workspace folder ${workspace} does not exist.`);
    });
    const key = createHash("sha1").update(root).digest("hex").slice(0, 16);
    return new ShadowRepo(root, path.join(storageDir, `${path.basename(root)}-${key}`));
  }

  exists(): boolean {
    return existsSync(path.join(this.gitDir, "HEAD"));
  }

  /** Runs git against the shadow repository, with a private index when `index` is given. */
  async run(args: string[], options: { input?: string | Buffer; index?: string } = {}): Promise<string> {
    return (await this.runBytes(args, options)).toString("utf8");
  }

  async runBytes(args: string[], options: { input?: string | Buffer; index?: string } = {}): Promise<Buffer> {
    await this.open();
    const env = options.index ? { ...this.env(), GIT_INDEX_FILE: options.index } : this.env();
    return gitBytes(args, { cwd: this.workspace, env, input: options.input, detached: true });
  }

  /**
   * Stores every file the walk rule selects (plus `include`, even when the rule skips it) as a commit, and
   * verifies the commit before returning it. Each snapshot uses its own index and names its own commit, so two
   * processes snapshotting at once cannot swap or share results.
   */
  async snapshot(label: string, include: string[] = []): Promise<SnapshotResult> {
    let lastProblem = "";
    for (let attempt = 0; attempt < 2; attempt++) {
      const walk = await walkWorkspace(this.workspace);
      const paths = [
        ...new Set([...walk.files, ...include.filter((p) => existsSync(path.join(this.workspace, p)))]),
      ].sort();
      const index = path.join(this.gitDir, `index-${process.pid}-${randomBytes(4).toString("hex")}`);
      try {
        // --remove: a file deleted since the walk is dropped instead of failing the snapshot.
        await this.run(["update-index", "--add", "--remove", "-z", "--stdin"], { input: paths.join("\0"), index });
        const tree = (await this.run(["write-tree"], { index })).trim();
        const problem = await this.verify(tree, paths);
        if (problem) {
          lastProblem = problem;
          continue;
        }
        const id = await this.commit(tree, label);
        return { id, files: paths.length, skipped: walk.skipped };
      } finally {
        await rm(index, { force: true });
      }
    }
    throw new Error(`Could not take a reliable checkpoint of ${this.workspace}: ${lastProblem}. Nothing was changed.`);
  }

  /** Every entry of a commit's tree. */
  async tree(commit: string): Promise<Map<string, TreeEntry>> {
    const out = await this.run(["ls-tree", "-r", "-z", "--full-tree", commit]);
    const entries = new Map<string, TreeEntry>();
    for (const record of out.split("\0")) {
      if (!record) continue;
      const tab = record.indexOf("\t");
      const [mode, , sha] = record.slice(0, tab).split(" ");
      entries.set(record.slice(tab + 1), { mode, sha });
    }
    return entries;
  }

  /** Stores text as a blob and returns its id. */
  async writeBlob(content: string): Promise<string> {
    return (await this.run(["hash-object", "-w", "--stdin"], { input: Buffer.from(content, "utf8") })).trim();
  }

  async readBlob(sha: string): Promise<Buffer> {
    return this.runBytes(["cat-file", "blob", sha]);
  }

  async isCommit(id: string): Promise<boolean> {
    if (!/^[0-9a-f]{7,40}$/i.test(id)) return false;
    const type = await this.run(["cat-file", "-t", id]).catch(() => "");
    return type.trim() === "commit";
  }

  /** The commit's tree has exactly the selected files, and a sample of them hashes like the workspace now. */
  private async verify(tree: string, paths: string[]): Promise<string | undefined> {
    const entries = await this.tree(tree);
    if (entries.size !== paths.length)
      return `the checkpoint holds ${entries.size} files where the workspace has ${paths.length}`;
    for (const rel of sample(paths, 24)) {
      const entry = entries.get(rel);
      if (!entry) return `${rel} is missing from the checkpoint`;
      const now = await workspaceBlobSha(path.join(this.workspace, rel));
      if (now !== undefined && now !== entry.sha) return `${rel} changed while the checkpoint was taken`;
    }
    return undefined;
  }

  /** Commits `tree` on top of HEAD; HEAD moves by compare-and-swap, the commit id is ours whatever else runs. */
  private async commit(tree: string, label: string): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const head = (await this.run(["rev-parse", "--verify", "-q", "HEAD"]).catch(() => "")).trim();
      const id = (await this.run(["commit-tree", tree, ...(head ? ["-p", head] : []), "-m", label])).trim();
      try {
        await this.run(["update-ref", "-m", label, "HEAD", id, head || "0".repeat(40)]);
        return id;
      } catch (error) {
        if (!(error instanceof GitError)) throw error;
      }
    }
    throw new Error("Could not record the checkpoint: the shadow repository kept changing.");
  }

  private env(): NodeJS.ProcessEnv {
    if (this.envCache) return this.envCache;
    // The user's GIT_*, EDITOR or PAGER settings must not steer the shadow repository.
    const env: NodeJS.ProcessEnv = {};
    for (const key of ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"]) {
      if (process.env[key] !== undefined) env[key] = process.env[key];
    }
    env.HOME ??= os.homedir();
    env.GIT_CONFIG_NOSYSTEM = "1";
    env.GIT_CONFIG_GLOBAL = "/dev/null";
    env.GIT_DIR = this.gitDir;
    env.GIT_WORK_TREE = this.workspace;
    env.GIT_CONFIG_COUNT = String(CONFIG.length);
    CONFIG.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
    this.envCache = env;
    return env;
  }

  /** Creates the repository; a concurrent creator (another Greenloop process) is waited for, not fought. */
  private async createRepository(): Promise<void> {
    const env = { ...this.env(), GIT_WORK_TREE: undefined, GIT_DIR: undefined };
    for (let attempt = 0; ; attempt++) {
      try {
        await git(["init", "-q", "--bare", this.gitDir], { cwd: this.workspace, env });
        return;
      } catch (error) {
        // The other process's init holds the config lock: it is done once HEAD and the config are written.
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (this.exists() && !existsSync(path.join(this.gitDir, "config.lock"))) return;
      }
    }
  }

  private open(): Promise<void> {
    // One initialisation per repository in this process, whichever instance asks first.
    this.ready ??= initialising.get(this.gitDir) ?? this.init();
    initialising.set(this.gitDir, this.ready);
    this.ready.catch(() => initialising.delete(this.gitDir));
    return this.ready;
  }

  private async init(): Promise<void> {
    await mkdir(this.gitDir, { recursive: true });
    if (!this.exists()) await this.createRepository();
    await mkdir(path.join(this.gitDir, "info"), { recursive: true });
    // Written every time: repositories made by older versions obeyed the workspace's attributes.
    const attributes = path.join(this.gitDir, "info", "attributes");
    if ((await readFile(attributes, "utf8").catch(() => "")) !== ATTRIBUTES) await writeFile(attributes, ATTRIBUTES);
  }
}

/** The git blob id of a workspace file's bytes (or of a link's target), undefined when it is gone. */
export async function workspaceBlobSha(abs: string): Promise<string | undefined> {
  try {
    const info = await lstat(abs);
    const bytes = info.isSymbolicLink() ? Buffer.from(await readlink(abs), "utf8") : await readFile(abs);
    return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
  } catch {
    return undefined;
  }
}

function sample<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  const step = items.length / count;
  const offset = Math.floor(Math.random() * step);
  return Array.from({ length: count }, (_, i) => items[Math.min(items.length - 1, Math.floor(offset + i * step))]);
}
