/** Builds a trial's workspace: a small red JavaScript project in a git repository left in a "dirty" state. */
import { existsSync } from "node:fs";
import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { git } from "./git";
import { TARGET, TARGET_TEXT, TEST_TEXT } from "./model";
import type { RepoState } from "./plan";

export interface TrialWorkspace {
  /** Temp folder holding everything below; removed after the trial. */
  root: string;
  /** The project (a git repository). */
  ws: string;
  /** GREENLOOP_HOME for the run. */
  home: string;
  /** File the workspace's tests append a line to whenever a test process starts. */
  probe: string;
  /** What `greenloop fix` is given, relative to ws. */
  target: string;
  /** The file whose bytes the fix changes (differs from `target` when that is a symbolic link). */
  targetReal: string;
}

interface TextForm {
  crlf: boolean;
  noEol: boolean;
  latin1: boolean;
}

/** Encodes LF text with the requested line ends, final newline and encoding. */
function encode(text: string, form: TextForm): Buffer {
  let out = form.noEol ? text.replace(/\n$/, "") : text;
  if (form.crlf) out = out.replace(/\n/g, "\r\n");
  return Buffer.from(out, form.latin1 ? "latin1" : "utf8");
}

async function put(ws: string, rel: string, content: string | Buffer, mode = 0o644): Promise<void> {
  const abs = path.join(ws, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, content);
  await chmod(abs, mode);
}

/** Inserts a line after the first line of a file, in the file's own line ending and encoding. */
async function insertSecondLine(abs: string, line: string): Promise<void> {
  const text = (await readFile(abs)).toString("latin1");
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const cut = text.indexOf(eol) + eol.length;
  await writeFile(abs, Buffer.from(text.slice(0, cut) + line + eol + text.slice(cut), "latin1"));
}

/** Creates the workspace for a set of repository states. */
export async function buildWorkspace(states: readonly RepoState[]): Promise<TrialWorkspace> {
  const has = (s: RepoState) => states.includes(s);
  const root = await mkdtemp(path.join(os.tmpdir(), "gl-chaos-"));
  const ws = path.join(root, "ws");
  const home = path.join(root, "home");
  const probe = path.join(root, "probe.log");
  await mkdir(ws);
  await mkdir(home);
  await writeFile(probe, "");

  const ignores = ["node_modules/"];
  await put(
    ws,
    "package.json",
    JSON.stringify({ name: "calc", version: "1.0.0", private: true, scripts: { test: "node --test" } }, null, 2) + "\n",
  );
  await put(ws, "test/calc.test.js", TEST_TEXT);
  await put(ws, "README.md", "# calc\n\nSmall arithmetic helpers.\n");
  await put(ws, "other.js", "module.exports = { answer: 41 };\n");

  const targetReal = has("target-symlink") ? "lib/calc-impl.js" : TARGET;
  const targetText = has("target-exec") ? `#!/usr/bin/env node\n${TARGET_TEXT}` : TARGET_TEXT;
  const targetForm = { crlf: has("target-crlf"), noEol: has("target-no-eol"), latin1: has("target-latin1") };
  await put(ws, targetReal, encode(targetText, targetForm), has("target-exec") ? 0o755 : 0o644);
  if (has("target-symlink")) await symlink(targetReal, path.join(ws, TARGET));
  if (has("target-ignored")) ignores.push(TARGET, ...(has("target-symlink") ? [targetReal] : []));

  if (has("crlf"))
    await put(
      ws,
      "docs/windows.txt",
      encode("written on Windows\nkeep the CR LF\n", { crlf: true, noEol: false, latin1: false }),
    );
  if (has("no-eol")) await put(ws, "docs/no-eol.txt", "the last line has no newline");
  if (has("latin1"))
    await put(
      ws,
      "docs/latin1.txt",
      encode("Gr\u00fc\u00dfe aus K\u00f6ln\n", { crlf: false, noEol: false, latin1: true }),
    );
  if (has("exec")) await put(ws, "scripts/run.sh", "#!/bin/sh\necho running\n", 0o755);
  if (has("symlink")) {
    await mkdir(path.join(ws, "docs"), { recursive: true });
    await symlink("../README.md", path.join(ws, "docs/readme-link.md"));
  }
  if (has("gitattributes")) await put(ws, ".gitattributes", "* text=auto\n");
  if (has("ignored")) {
    ignores.push("build/");
    await put(ws, "build/output.log", "generated, ignored by git\n");
  }
  if (has("rebase")) await put(ws, "conflict.txt", "base\n");
  await put(ws, ".gitignore", ignores.join("\n") + "\n");

  await git(ws, ["init", "-q", "-b", "main"]);
  // No background gc or maintenance may change .git while a trial watches it.
  for (const [key, value] of [
    ["gc.auto", "0"],
    ["maintenance.auto", "false"],
    ["core.editor", "true"],
  ])
    await git(ws, ["config", key, value]);
  await git(ws, ["add", "-A"]);
  await git(ws, ["commit", "-q", "-m", "init"]);

  if (has("stash")) {
    await appendFile(path.join(ws, "README.md"), "stashed work in progress\n");
    await git(ws, ["stash", "push", "-q", "-m", "work in progress"]);
  }
  if (has("rebase")) await stopRebaseOnConflict(ws);
  if (has("detached")) await git(ws, ["checkout", "-q", "--detach"]);

  if (has("staged")) {
    await put(ws, "other.js", "module.exports = { answer: 42 };\n");
    await git(ws, ["add", "other.js"]);
  }
  if (has("target-staged")) {
    await insertSecondLine(path.join(ws, targetReal), "// staged note: keep me");
    await git(ws, ["add", targetReal]);
  }
  if (has("unstaged")) await appendFile(path.join(ws, "README.md"), "an edit nobody staged\n");
  if (has("target-unstaged")) await insertSecondLine(path.join(ws, targetReal), "// unstaged note: keep me");
  if (has("untracked")) {
    await put(ws, "notes.txt", "untracked notes\n");
    await put(ws, "scratch/todo.txt", "untracked folder\n");
  }
  return { root, ws, home, probe, target: TARGET, targetReal };
}

/** A real `git rebase` stopped on a conflict in conflict.txt (HEAD detached, unmerged index entries). */
async function stopRebaseOnConflict(ws: string): Promise<void> {
  await git(ws, ["checkout", "-q", "-b", "side"]);
  await put(ws, "conflict.txt", "side\n");
  await git(ws, ["commit", "-q", "-am", "side change"]);
  await git(ws, ["checkout", "-q", "main"]);
  await put(ws, "conflict.txt", "main\n");
  await git(ws, ["commit", "-q", "-am", "main change"]);
  await git(ws, ["checkout", "-q", "side"]);
  await git(ws, ["rebase", "main"], [1]);
  const stopped = existsSync(path.join(ws, ".git/rebase-merge")) || existsSync(path.join(ws, ".git/rebase-apply"));
  if (!stopped) throw new Error("git rebase did not stop on the conflict");
}

/** What a developer does after a killed run and before `greenloop undo`: keeps working. Undo must keep it. */
export const EDITS_AFTER_KILL = {
  append: { path: "README.md", text: "written after the run was killed\n" },
  create: { path: "after-kill.txt", text: "a file created after the run was killed\n" },
} as const;

export async function userEditsAfterKill(ws: string): Promise<void> {
  await appendFile(path.join(ws, EDITS_AFTER_KILL.append.path), EDITS_AFTER_KILL.append.text);
  await put(ws, EDITS_AFTER_KILL.create.path, EDITS_AFTER_KILL.create.text);
}

export async function removeWorkspace(workspace: TrialWorkspace): Promise<void> {
  await rm(workspace.root, { recursive: true, force: true });
}
