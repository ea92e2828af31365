import path from "node:path";
import { parseArgs } from "node:util";
import { RunHistory } from "../history/runLog";
import type { CliIO } from "./io";
import { greenloopHome } from "./settings";

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
    io.out(
      `${when}  ${run.reason.padEnd(14)} ${run.file}  ${run.iterations} it · ${tokens} tok · ${(run.durationMs / 1000).toFixed(1)} s  ${counts}  ${run.runId}\n`,
    );
  }
  return 0;
}
