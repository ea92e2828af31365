import path from "node:path";
import { parseArgs } from "node:util";
import { ShadowCheckpoints } from "../checkpoints/shadowGit";
import { RunHistory } from "../history/runLog";
import { UsageError, findWorkspaceRoot, greenloopHome } from "./settings";
import type { CliIO } from "./io";

/** `greenloop undo`: restores the workspace to the checkpoint taken before the last run. */
export async function undoCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { workspace: { type: "string" }, checkpoint: { type: "string" } } });
  const workspace = values.workspace ? path.resolve(io.cwd, values.workspace) : findWorkspaceRoot(path.join(io.cwd, "x"));
  const store = new ShadowCheckpoints({ workspace, storageDir: path.join(greenloopHome(io.env), "checkpoints") });
  const target = values.checkpoint ? { id: values.checkpoint, label: values.checkpoint } : await store.latest();
  if (!target) throw new UsageError(`No Greenloop run recorded for ${workspace}.`);
  const changed = await store.changedSince(target.id);
  await store.restore(target.id);
  io.out(`Restored ${workspace} to before "${target.label}" (${changed.length} file${changed.length === 1 ? "" : "s"} changed back).\n`);
  for (const file of changed.slice(0, 20)) io.out(`  ${file}\n`);
  return 0;
}

/** `greenloop history`: lists past runs, newest first. */
export async function historyCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { limit: { type: "string" }, json: { type: "boolean" } } });
  const history = new RunHistory(path.join(greenloopHome(io.env), "runs"));
  const runs = await history.list(Number(values.limit ?? 20));
  if (values.json) {
    io.out(JSON.stringify(runs, null, 2) + "\n");
    return 0;
  }
  if (runs.length === 0) {
    io.out("No runs yet. Start one with `greenloop fix <file>`.\n");
    return 0;
  }
  for (const run of runs) {
    const when = new Date(run.startedAt).toISOString().replace("T", " ").slice(0, 16);
    const tokens = run.promptTokens + run.completionTokens;
    const counts = run.counts ? `${run.counts.passed}/${run.counts.passed + run.counts.failed} passing` : "";
    io.out(`${when}  ${run.reason.padEnd(14)} ${run.file}  ${run.iterations} it · ${tokens} tok · ${(run.durationMs / 1000).toFixed(1)} s  ${counts}  ${run.runId}\n`);
  }
  return 0;
}
