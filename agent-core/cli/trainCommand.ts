import path from "node:path";
import { parseArgs } from "node:util";
import { openFailureMemory } from "../memory/openStore";
import {
  createProvider,
  DEFAULT_PROVIDER,
  isProviderId,
  PROVIDERS,
  type ProviderId,
  providerChoices,
} from "../providers";
import { compareMemory } from "../training/compareMemory";
import { PRACTICE_LANGUAGES } from "../training/manifest";
import { bundledPracticeDir, loadPracticeProjects, type PracticeProject } from "../training/projects";
import { appendRuns } from "../training/report";
import type { TrainingRun } from "../training/reportSchema";
import { runTrainingRun, TrainingAbortedError } from "../training/runner";
import { PracticeWorkspace } from "../training/workspace";
import type { CliIO } from "./io";
import { apiKeyFromEnv, greenloopHome, loadSettings, UsageError } from "./settings";

const USAGE = `Usage: greenloop train [options]
  --project <id|name>   practice project to run (repeatable; default: all)
  --language <lang>     ${PRACTICE_LANGUAGES.join(" | ")}
  --projects-dir <dir>  practise on these projects instead (folders with greenloop.json, or Exercism exercises)
  --with-bundled        with --projects-dir: the bundled projects too
  --runs <n>            training runs in a row (default 1): the learning curve
  --memory on|off|both  use the failure memory (default on); "both" alternates off/on for the ablation
  --tries <n>           loop runs per project (default 2)
  --max-iterations <n>  per try (default 4)
  --provider, --model, --base-url   as for \`greenloop fix\`
  --workspace <dir>     practice workspace (default ~/.greenloop/practice)`;

/** `greenloop train`: practise on bundled projects in the isolated workspace and report the results. */
export async function trainCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: "string", multiple: true },
      language: { type: "string" },
      "projects-dir": { type: "string" },
      "with-bundled": { type: "boolean" },
      runs: { type: "string" },
      memory: { type: "string" },
      tries: { type: "string" },
      "max-iterations": { type: "string" },
      provider: { type: "string" },
      model: { type: "string" },
      "base-url": { type: "string" },
      workspace: { type: "string" },
      "memory-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.out(USAGE + "\n");
    return 0;
  }
  const int = (name: string, v: string | undefined, d: number) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got "${v}"`);
    return n;
  };
  const memoryMode = values.memory ?? "on";
  if (!["on", "off", "both"].includes(memoryMode)) throw new UsageError(`--memory must be on, off or both`);
  // Checked before anything starts, so a typo never leaves a half-started run behind.
  const total = int("runs", values.runs, 1);
  const tries = int("tries", values.tries, 2);
  const maxIterations = int("max-iterations", values["max-iterations"], 4);
  const projects = await selectProjects(
    values.project ?? [],
    values.language,
    values["projects-dir"],
    values["with-bundled"] ?? false,
    io,
  );
  const home = greenloopHome(io.env);
  const settings = loadSettings(io.cwd, undefined, io.env);
  const provider: string = values.provider ?? settings.provider ?? DEFAULT_PROVIDER;
  if (!isProviderId(provider)) throw new UsageError(`--provider must be ${providerChoices()}, got "${provider}"`);
  const model = createProvider({
    provider,
    model: values.model ?? settings.model ?? PROVIDERS[provider].defaultModel,
    baseUrl: values["base-url"] ?? settings.baseUrl,
    apiKey: apiKeyFromEnv(io.env),
  });
  const workspace = new PracticeWorkspace(
    values.workspace ? path.resolve(io.cwd, values.workspace) : path.join(home, "practice"),
  );
  const memory =
    memoryMode === "off"
      ? undefined
      : await openFailureMemory({ dir: values["memory-dir"] ?? path.join(home, "memory") });
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  io.onInterrupt(onInterrupt);
  const runs: TrainingRun[] = [];
  let modelError = "";
  try {
    for (let r = 1; r <= total && !controller.signal.aborted; r++) {
      const useMemory = memoryMode === "on" || (memoryMode === "both" && r % 2 === 0);
      io.err(
        `Training run ${r}/${total} · ${projects.length} projects · memory ${useMemory ? "on" : "off"} · ${model.id}:${model.model}\n`,
      );
      // Stops the run (between projects) once it is clear that no model answers at all.
      const unreachable = new AbortController();
      const done: TrainingRun["projects"] = [];
      const run = await runTrainingRun({
        projects,
        workspace,
        model,
        memory: useMemory ? memory : undefined,
        tries,
        maxIterations,
        signal: AbortSignal.any([controller.signal, unreachable.signal]),
        onEvent: (_, event) => {
          if (event.type === "run-finished" && event.reason === "model-error") modelError ||= event.message;
        },
        onProject: (p, i, n) => {
          done.push(p);
          io.err(
            `  [${i + 1}/${n}] ${p.id.padEnd(32)} ${p.solved ? `solved on try ${p.solvedOnTry}` : `not solved (${p.stopReason})`}${p.tampered ? " · tampering" : ""} · ${p.iterations} it · ${p.promptTokens + p.completionTokens} tok\n`,
          );
          if (noModelAnswered(done)) unreachable.abort();
        },
      }).catch((error: unknown) => {
        // Stopped by something that is not the model's doing: that run measures nothing and is not reported.
        if (!(error instanceof TrainingAbortedError)) throw error;
        io.err(
          `\n${error.kind === "model" ? noModelMessage(provider, model.model, values["base-url"] ?? settings.baseUrl, error.detail) : error.message}\n`,
        );
        return undefined;
      });
      if (!run) break;
      if (noModelAnswered(run.projects)) {
        io.err(`\n${noModelMessage(provider, model.model, values["base-url"] ?? settings.baseUrl, modelError)}\n`);
        break;
      }
      runs.push(run);
      io.err(
        `  pass rate: ${pct(run.passRateFirstTry)} after try 1, ${pct(run.passRateFinal)} after the last try · well-formed answers ${pct(run.wellFormedRate)}\n`,
      );
    }
  } finally {
    io.offInterrupt(onInterrupt);
    await memory?.close();
  }
  // A run in which no model answered measures nothing: it stays out of the learning curve.
  if (runs.length === 0) return 1;
  const { report, json, html } = await appendRuns(workspace.reportsDir, runs);
  for (const c of compareMemory(report)) {
    io.err(
      `memory ${c.memory ? "on " : "off"}: ${c.runs} runs · pass ${pct(c.passRate)} · ${c.meanIterations.toFixed(2)} iterations · ${c.meanModelCalls.toFixed(2)} model calls · ${Math.round(c.meanPromptTokens)} prompt tokens per project\n`,
    );
  }
  io.out(`Report: ${json}\n        ${html}\n`);
  const last = runs.at(-1);
  return last && last.projects.length > 0 && last.projects.every((p) => p.solved) ? 0 : 1;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function noModelAnswered(projects: TrainingRun["projects"]): boolean {
  return projects.length > 0 && projects.every((p) => p.stopReason === "model-error" && p.modelCalls === 0);
}

/** What to do when no model answered, for the provider that was tried. */
function noModelMessage(provider: ProviderId, model: string, baseUrl: string | undefined, error: string): string {
  const reason = error ? `No model answered: ${error}` : "No model answered.";
  const fix =
    provider === "ollama"
      ? `Start Ollama (\`ollama serve\`, then \`ollama pull ${model}\`)${baseUrl ? ` at ${baseUrl}` : ""}, or use an OpenAI-compatible endpoint:\n` +
        "  greenloop train --provider openai --base-url https://… --model …  (key in GREENLOOP_API_KEY)"
      : `Check that ${baseUrl ?? "the OpenAI endpoint"} is up and serves the model "${model}" (--base-url, --model; key in GREENLOOP_API_KEY),\n` +
        "or use a local Ollama instead (--provider ollama).";
  return `${reason}\n${fix}\nNothing was added to the training report.`;
}

export async function selectProjects(
  wanted: string[],
  language: string | undefined,
  extraDir: string | undefined,
  withBundled: boolean,
  io: CliIO,
): Promise<PracticeProject[]> {
  // Your own exercises alone, unless asked: ten exercises must not become "26 projects".
  const dirs = extraDir
    ? [path.resolve(io.cwd, extraDir), ...(withBundled ? [bundledPracticeDir()] : [])]
    : [bundledPracticeDir()];
  const all: PracticeProject[] = [];
  for (const dir of dirs) {
    const { projects, problems } = await loadPracticeProjects(dir);
    for (const problem of problems) io.err(`warning: skipped ${problem.dir}: ${problem.message}\n`);
    all.push(...projects);
  }
  if (language !== undefined && !(PRACTICE_LANGUAGES as readonly string[]).includes(language))
    throw new UsageError(`--language must be one of ${PRACTICE_LANGUAGES.join(", ")}, got "${language}"`);
  let chosen = language ? all.filter((p) => p.language === language) : all;
  if (wanted.length) chosen = chosen.filter((p) => wanted.some((w) => p.id === w || p.name === w));
  if (chosen.length === 0)
    throw new UsageError(`No practice project matches. Available: ${all.map((p) => p.id).join(", ")}`);
  return chosen;
}

/** `greenloop workspace create | info | clean [--all]`. */
export async function workspaceCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { workspace: { type: "string" }, all: { type: "boolean" } },
  });
  const workspace = new PracticeWorkspace(
    values.workspace ? path.resolve(io.cwd, values.workspace) : path.join(greenloopHome(io.env), "practice"),
  );
  switch (positionals[0]) {
    case "create":
      await workspace.create();
      io.out(`Practice workspace ready at ${workspace.root}\n`);
      return 0;
    case "info": {
      const info = await workspace.info();
      io.out(
        info.exists
          ? `${info.root}\n  ${info.attempts} attempt copies · ${(info.bytes / 1024 / 1024).toFixed(1)} MB\n${info.reports.map((r) => `  report: ${r}\n`).join("")}`
          : `${info.root} (not created yet)\n`,
      );
      return 0;
    }
    case "clean":
      await workspace.clean(values.all ?? false);
      io.out(`Removed ${values.all ? "the practice workspace" : "attempt copies"} at ${workspace.root}\n`);
      return 0;
    default:
      throw new UsageError("Usage: greenloop workspace create | info | clean [--all] [--workspace DIR]");
  }
}
