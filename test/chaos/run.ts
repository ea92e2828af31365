/**
 * `npm run chaos [-- --trials N] [-- --seed S] [-- --max-delay MS] [-- --keep-failed]`: runs the real CLI under
 * random interrupts in dirty repositories and checks that nothing is lost. Trial i uses seed S+i, so any failure
 * replays alone with `--seed <its seed> --trials 1`. Writes test-artifacts/chaos/report.json; exits 1 on failures.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { planTrial } from "./plan";
import { failureText, formatSummary, summarize, trialLine } from "./report";
import { runTrial, type TrialResult } from "./trial";

export interface ChaosArgs {
  trials: number;
  seed: number;
  maxDelayMs: number;
  keepFailed: boolean;
}

const USAGE = `Usage: npm run chaos -- [--trials N] [--seed S] [--max-delay MS] [--keep-failed]
  --trials N      how many trials (default 200)
  --seed S        seed of the first trial; trial i uses S+i (default 1)
  --max-delay MS  longest random wait after a phase marker (default 300)
  --keep-failed   keep the temp folders of failed trials`;

export function parseChaosArgs(argv: readonly string[]): ChaosArgs {
  const args: ChaosArgs = { trials: 200, seed: 1, maxDelayMs: 300, keepFailed: false };
  const integer = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min)
      throw new Error(`${flag} needs an integer ≥ ${min}, got ${JSON.stringify(value)}.\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "--trials") args.trials = integer(flag, value(), 1);
    else if (flag === "--seed") args.seed = integer(flag, value(), 0);
    else if (flag === "--max-delay") args.maxDelayMs = integer(flag, value(), 0);
    else if (flag === "--keep-failed") args.keepFailed = true;
    else if (flag === "--help" || flag === "-h") throw new Error(USAGE);
    else throw new Error(`Unknown argument "${argv[i]}".\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<number> {
  let args: ChaosArgs;
  try {
    args = parseChaosArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const results: TrialResult[] = [];
  const harnessErrors: string[] = [];
  const started = Date.now();
  for (let i = 0; i < args.trials; i++) {
    const plan = planTrial(args.seed + i, { maxDelayMs: args.maxDelayMs });
    try {
      const result = await runTrial(plan, { keepFailed: args.keepFailed });
      results.push(result);
      console.log(trialLine(i + 1, args.trials, result));
      if (result.verdict.failures.length) console.log(failureText(result).replace(/^/gm, "    "));
    } catch (error) {
      // The harness itself failed (workspace set-up, git, the model server): not a product result.
      harnessErrors.push(`seed ${plan.seed}: ${(error as Error).stack ?? String(error)}`);
      console.log(`[${i + 1}/${args.trials}] seed ${plan.seed} HARNESS ERROR ${(error as Error).message}`);
    }
  }
  const summary = summarize(results);
  console.log("\n" + formatSummary(summary, results));
  if (harnessErrors.length) console.log(`\nHarness errors (${harnessErrors.length}):\n${harnessErrors.join("\n")}`);
  console.log(
    `\n${((Date.now() - started) / 60_000).toFixed(1)} min for ${args.trials} trials from seed ${args.seed}.`,
  );
  const dir = path.resolve(__dirname, "../../test-artifacts/chaos");
  await mkdir(dir, { recursive: true });
  const json = {
    args,
    summary,
    harnessErrors,
    trials: results.map((r) => ({
      plan: r.plan,
      outcome: r.verdict.outcome,
      failures: r.verdict.failures.map(({ kind, detail }) => ({ kind, detail })),
      missed: r.missed,
      durationMs: r.durationMs,
    })),
  };
  await writeFile(path.join(dir, "report.json"), JSON.stringify(json, null, 2) + "\n");
  return summary.failedTrials > 0 || harnessErrors.length > 0 ? 1 : 0;
}

if (require.main === module) {
  // Exit on Ctrl+C so the driver's exit hook stops the CLIs it started.
  process.once("SIGINT", () => process.exit(130));
  void main().then((code) => {
    process.exitCode = code;
  });
}
