/**
 * `npm run bench [-- --quick] [-- --only <area>[,<area>]]`: runs the benchmark areas, prints one table and
 * writes test-artifacts/bench/bench.json. Numbers are reported, never asserted: machines are noisy.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { benchCheckpoints } from "./checkpoint.bench";
import { benchEdits } from "./edits.bench";
import { benchEditsCorpus } from "./editsCorpus.bench";
import { benchLoop } from "./loop.bench";
import { benchMemory } from "./memory.bench";
import { benchMultiFilePrompts } from "./multiFile.bench";
import { benchPractice } from "./practice.bench";
import { benchPrompts } from "./prompt.bench";
import { benchRedaction } from "./redact.bench";
import { type BenchRow, errorRow, formatTable, type PlainResult, withGoal } from "./table";
import { benchTaskOverhead } from "./taskOverhead.bench";

/** What one invocation runs. */
export interface BenchArgs {
  quick: boolean;
  only: AreaName[];
}

const AREAS = {
  loop: (quick: boolean) => benchLoop(quick ? { runs: 1 } : { runs: 5 }),
  checkpoint: (quick: boolean) => benchCheckpoints(quick ? { rounds: 5 } : {}),
  edits: async () => fromPlain("edits", await benchEdits()),
  "edits-corpus": () => benchEditsCorpus(),
  prompt: (quick: boolean) => benchPrompts(quick ? { perLanguage: 2 } : {}),
  "multi-file": () => benchMultiFilePrompts(),
  memory: async (quick: boolean) =>
    fromPlain("memory", await benchMemory({ sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 50_000] })),
  secrets: async () => fromPlain("secrets", await benchRedaction()),
  tasks: async (quick: boolean) => fromPlain("tasks", await benchTaskOverhead(quick ? 5 : 20)),
  practice: async () => fromPlain("practice", await benchPractice()),
} satisfies Record<string, (quick: boolean) => Promise<BenchRow[]>>;

/** Names accepted by --only. */
export type AreaName = keyof typeof AREAS;
const AREA_NAMES = Object.keys(AREAS) as AreaName[];

function fromPlain(area: string, results: readonly PlainResult[], note = ""): BenchRow[] {
  return results.map((r) =>
    withGoal({ area, measure: r.name, p50: r.p50, p95: r.p95, unit: r.unit, goal: "", note: r.note ?? note }, r.goal),
  );
}

const USAGE = `Usage: npm run bench [-- --quick] [-- --only <area>[,<area>...]]
  --quick         smaller sizes and fewer repetitions (CI, under a minute)
  --only <areas>  run only these areas: ${AREA_NAMES.join(", ")}`;

/** Parses the command line; throws an Error with the usage text on anything unknown. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { quick: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") args.quick = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const value = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      if (!value) throw new Error(`--only needs an area name.\n${USAGE}`);
      for (const name of value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (!(AREA_NAMES as string[]).includes(name))
          throw new Error(`Unknown area "${name}"; known areas: ${AREA_NAMES.join(", ")}.`);
        args.only.push(name as AreaName);
      }
    } else throw new Error(`Unknown argument "${arg}".\n${USAGE}`);
  }
  return args;
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const args = parseBenchArgs(process.argv.slice(2));
  const areas = args.only.length ? AREA_NAMES.filter((a) => args.only.includes(a)) : AREA_NAMES;
  const info = machine();
  const loadBefore = load();
  const started = performance.now();
  const rows: BenchRow[] = [];
  const seconds: Record<string, number> = {};
  let failed = 0;
  for (const area of areas) {
    process.stderr.write(`bench: ${area}...`);
    const t0 = performance.now();
    try {
      rows.push(...(await AREAS[area](args.quick)));
    } catch (error) {
      failed++;
      rows.push(errorRow(area, error));
    }
    seconds[area] = Math.round((performance.now() - t0) / 100) / 10;
    process.stderr.write(` ${seconds[area]} s\n`);
  }
  const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
  const loadAfter = load();

  const header =
    `Greenloop benchmarks (${args.quick ? "quick" : "full"}): ${info.cores} cores, ${info.cpu}, ${info.memoryGB} GB, Node ${info.node}; ` +
    `load average ${loadBefore} before, ${loadAfter} after; ${totalSeconds} s`;
  console.log(`${header}\n\n${formatTable(rows)}`);

  const out = path.resolve(__dirname, "../../test-artifacts/bench/bench.json");
  await mkdir(path.dirname(out), { recursive: true });
  const json = {
    createdAt: new Date().toISOString(),
    mode: args.quick ? "quick" : "full",
    areas,
    machine: info,
    loadAverage: { before: loadBefore, after: loadAfter },
    totalSeconds,
    areaSeconds: seconds,
    rows,
  };
  await writeFile(out, JSON.stringify(json, null, 2) + "\n");
  console.log(`\nWrote ${path.relative(process.cwd(), out) || out}`);
  if (failed) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
}
