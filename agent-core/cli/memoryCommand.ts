import path from "node:path";
import { parseArgs } from "node:util";
import { openFailureMemory } from "../memory/openStore";
import { Redactor } from "../secrets/redact";
import type { CliIO } from "./io";
import { greenloopHome, UsageError } from "./settings";

const USAGE = `Usage: greenloop memory <stats | search "<text>" | export <file> | import <file> | prune> [--memory-dir DIR]
  prune [--older-than DAYS] [--include-proven]   delete old records (proven fixes are kept unless --include-proven)`;

/** `greenloop memory …`: inspect and manage the failure memory. */
export async function memoryCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "memory-dir": { type: "string" },
      "older-than": { type: "string" },
      "include-proven": { type: "boolean" },
      limit: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const [action, arg] = positionals;
  if (!action || !["stats", "search", "export", "import", "prune"].includes(action)) throw new UsageError(USAGE);
  if ((action === "search" || action === "export" || action === "import") && !arg)
    throw new UsageError(`memory ${action} needs an argument.\n${USAGE}`);
  const dir = values["memory-dir"]
    ? path.resolve(io.cwd, values["memory-dir"])
    : path.join(greenloopHome(io.env), "memory");
  const memory = await openFailureMemory({
    dir,
    redactor: Redactor.fromEnvironment(io.env),
    log: { debug() {}, info() {}, warn: (m) => io.err(`warning: ${m}\n`), error: (m) => io.err(`error: ${m}\n`) },
  });
  try {
    switch (action) {
      case "stats": {
        const stats = await memory.stats();
        const backend = memory.status?.backend ?? "unknown";
        if (values.json) io.out(JSON.stringify({ ...stats, backend, dir }, null, 2) + "\n");
        else
          io.out(
            `memory: ${dir} (${backend}, ${stats.embedder}, ${stats.dim} dims)\n` +
              `  ${stats.records} failures remembered, ${stats.withProvenFix} with a proven fix\n` +
              `  recalled fixes used ${stats.timesUsed} times, ${stats.timesSucceeded} succeeded (${Math.round(stats.successRate * 100)}%)\n`,
          );
        return 0;
      }
      case "search": {
        const hits = await memory.search(arg, Number(values.limit ?? 5));
        if (hits.length === 0) io.out("No remembered failures yet.\n");
        for (const { record, similarity } of hits) {
          io.out(
            `${similarity.toFixed(3)}  ${record.testId}  ${record.fixSucceeded ? "proven fix" : "no fix yet"}  (${record.file})\n`,
          );
          io.out(`       ${record.errorText.split("\n")[0].slice(0, 120)}\n`);
        }
        return 0;
      }
      case "export": {
        const count = await memory.exportJsonl(path.resolve(io.cwd, arg));
        io.out(`Exported ${count} records to ${arg}\n`);
        return 0;
      }
      case "import": {
        const result = await memory.importJsonl(path.resolve(io.cwd, arg));
        io.out(`Imported: ${JSON.stringify(result)}\n`);
        return 0;
      }
      default: {
        const days = values["older-than"] === undefined ? undefined : Number(values["older-than"]);
        if (days !== undefined && !(days >= 0)) throw new UsageError("--older-than takes a number of days");
        const removed = await memory.prune({ olderThanDays: days, keepSucceeded: !values["include-proven"] });
        io.out(`Pruned ${removed} records.\n`);
        return 0;
      }
    }
  } finally {
    await memory.close();
  }
}
