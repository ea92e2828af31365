import path from "node:path";
import { parseArgs } from "node:util";
import { ShadowCheckpoints } from "../checkpoints/shadowGit";
import type { UndoStep } from "../checkpoints/undo";
import { NodeWorkspaceFiles } from "../node/workspaceFiles";
import { plural } from "../text/plural";
import type { CliIO } from "./io";
import { findWorkspaceRoot, greenloopHome, UsageError } from "./settings";

export const UNDO_USAGE = `Usage: greenloop undo [options]

Takes back what the last run wrote, and nothing else: files the run changed go back to how they were before it,
files it created are deleted. A file you edited since the run keeps your edits (the run's change is taken out
of it), or, when the run's change cannot be taken out cleanly, the undo stops and changes nothing.

Options:
  --list               list recorded runs and their checkpoints
  --run <id>           undo this run instead of the last one (an undo is a run too: undoing it redoes)
  --force              put conflicting files back as they were before the run anyway
  --checkpoint <id>    restore the whole workspace to a checkpoint (needs --force to delete files or
                       rewrite more than 5); the state before is kept as a checkpoint
  --workspace <dir>    project root (default: found from the current folder)`;

/** `greenloop undo`: reverts a run's own changes (see UNDO_USAGE). */
export async function undoCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: "string" },
      checkpoint: { type: "string" },
      run: { type: "string" },
      list: { type: "boolean" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.out(UNDO_USAGE + "\n");
    return 0;
  }
  const workspace = values.workspace
    ? path.resolve(io.cwd, values.workspace)
    : findWorkspaceRoot(path.join(io.cwd, "x"));
  const home = greenloopHome(io.env);
  const store = new ShadowCheckpoints({
    workspace,
    storageDir: path.join(home, "checkpoints"),
    lockDir: path.join(home, "locks"),
  });
  if (values.list) return listRuns(store, io);
  if (values.checkpoint) return restoreCheckpoint(store, values.checkpoint, values.force ?? false, io);

  const files = new NodeWorkspaceFiles(workspace);
  const result = await store.undo(files, { runId: values.run, force: values.force }).catch((error: Error) => {
    throw new UsageError(error.message);
  });
  const label = `run ${result.run.runId}`;
  if (result.conflictsDir) {
    io.err(
      `Nothing was changed: ${plural(result.plan.conflicts.length, "file")} ${result.plan.conflicts.length === 1 ? "was" : "were"} edited since ${label} where the run changed them.\n`,
    );
    for (const step of result.plan.conflicts) io.err(`  ${step.path}: ${step.reason}\n`);
    io.err(`The three versions of each (.before, .run, .now) are in ${result.conflictsDir}\n`);
    io.err(
      "Resolve them by hand, or run `greenloop undo --force` to put these files back as they were before the run.\n",
    );
    return 1;
  }
  if (result.done.length === 0) {
    io.out(`Nothing to undo: the files ${label} changed are already as they were before it.\n`);
    return 0;
  }
  io.out(`Undid ${label} in ${workspace}:\n`);
  for (const step of result.done) io.out(`  ${describe(step)}\n`);
  io.out(`Your files as they were just before this undo are in checkpoint ${result.checkpoint?.slice(0, 12)}; `);
  io.out(`to bring the run's changes back: greenloop undo --run ${result.undoRunId}\n`);
  return 0;
}

function describe(step: UndoStep): string {
  switch (step.action) {
    case "restore":
      return `restored ${step.path}`;
    case "delete":
      return `deleted ${step.path} (the run created it)`;
    case "merge":
      return `took the run's change out of ${step.path}, keeping your later edits`;
    default:
      return `put back ${step.path} as before the run (forced; your later edits are in the checkpoint)`;
  }
}

async function listRuns(store: ShadowCheckpoints, io: CliIO): Promise<number> {
  const runs = await store.runs();
  if (runs.length === 0) {
    io.out("No runs recorded for this workspace.\n");
    return 0;
  }
  for (const run of runs) {
    const when = new Date(run.startedAt).toISOString().replace("T", " ").slice(0, 19);
    const files = Object.keys(run.files);
    io.out(
      `${run.runId}  ${when}  ${run.state.padEnd(8)}  checkpoint ${run.checkpoint.slice(0, 12)}  ${plural(files.length, "file")} ${files.slice(0, 3).join(", ")}${files.length > 3 ? " …" : ""}\n`,
    );
  }
  return 0;
}

async function restoreCheckpoint(store: ShadowCheckpoints, id: string, force: boolean, io: CliIO): Promise<number> {
  const plan = await store.planRestore(id).catch((error: Error) => {
    throw new UsageError(error.message);
  });
  const lines = [...plan.write.map((f) => `  write   ${f}`), ...plan.remove.map((f) => `  delete  ${f}`)];
  if (lines.length === 0) {
    io.out(`The workspace already matches checkpoint ${id.slice(0, 12)}.\n`);
    return 0;
  }
  if (plan.needsForce && !force) {
    io.err(`Restoring checkpoint ${id.slice(0, 12)} would:\n${lines.slice(0, 50).join("\n")}\n`);
    if (lines.length > 50) io.err(`  … and ${lines.length - 50} more\n`);
    io.err("Nothing was changed. Run again with --force to go ahead.\n");
    return 1;
  }
  const done = await store.restore(id, { force, plan });
  io.out(`Restored checkpoint ${id.slice(0, 12)}: ${done.write.length} written, ${done.remove.length} deleted.\n`);
  io.out(
    `The state before is checkpoint ${done.current.slice(0, 12)} (greenloop undo --checkpoint ${done.current.slice(0, 12)} --force brings it back).\n`,
  );
  return 0;
}
