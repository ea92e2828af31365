/**
 * Memory ablation CLI:
 *   npx tsx test/memory-proof/ablation.ts [--base-url URL --provider openai|ollama --model M] [--runs N]
 *     [--project language/name ...] [--tries N] [--max-iterations N]
 * Without --base-url a scripted stand-in model answers (test/support/practiceResponder.ts); its numbers show the
 * mechanics of memory (replay without a model call), not how a real model benefits from hints. Exits 1 when
 * memory ON ends red where OFF went green, makes more model calls, or makes any on a true recurrence.
 */
// Maven runs offline, from the artifacts `npm run setup` checked, as in the tests.
import "../support/mavenOffline";
import { createHash } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { createProvider } from "../../agent-core/providers";
import { loadPracticeProjects } from "../../agent-core/training/projects";
import { createPracticeResponder, type PracticeBehaviour, type PracticeResponder } from "../support/practiceResponder";
import { type ScriptedServer, startScriptedModelServer } from "../support/scriptedModelServer";
import { ablationTable, ablationViolations, runAblation } from "./ablationRunner";
import { REPO_ROOT } from "./sources";

/** The projects where the stand-in's first answer of a run is wrong: about half, fixed by id. */
function failsFirst(projectId: string): boolean {
  return createHash("sha1").update(projectId).digest()[0] % 2 === 0;
}

const STAND_IN_NOTE =
  "Model: the scripted stand-in (no language model is reachable here). It answers with the reference solution,\n" +
  "wrong on the first call of a run for about half the projects, and never reads memory hints. Its numbers show\n" +
  "what replaying proven fixes saves; they say nothing about how much a real model gains from recalled hints.";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string" },
      provider: { type: "string" },
      model: { type: "string" },
      runs: { type: "string" },
      project: { type: "string", multiple: true },
      tries: { type: "string" },
      "max-iterations": { type: "string" },
    },
  });
  const whole = (name: string, text: string | undefined, fallback: number) => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1, got "${text}"`);
    return n;
  };
  const { projects: all, problems } = await loadPracticeProjects(path.join(REPO_ROOT, "practice"));
  for (const problem of problems) process.stderr.write(`warning: skipped ${problem.dir}: ${problem.message}\n`);
  const wanted = values.project ?? [];
  const projects = wanted.length ? all.filter((p) => wanted.includes(p.id) || wanted.includes(p.name)) : all;
  if (projects.length === 0)
    throw new Error(`No practice project matches ${wanted.join(", ")}. Available: ${all.map((p) => p.id).join(", ")}`);

  let server: ScriptedServer | undefined;
  let responder: PracticeResponder | undefined;
  const provider = values.provider ?? "openai";
  if (provider !== "openai" && provider !== "ollama")
    throw new Error(`--provider must be openai or ollama, got "${provider}"`);
  let baseUrl = values["base-url"];
  if (!baseUrl) {
    const behaviours: Record<string, PracticeBehaviour> = {};
    for (const p of projects) if (failsFirst(p.id)) behaviours[p.id] = "wrong-first";
    const solutionsDir = path.join(REPO_ROOT, "test", "fixtures", "solutions");
    responder = await createPracticeResponder({ projects, solutionsDir, behaviours });
    server = await startScriptedModelServer(responder.respond);
    baseUrl = provider === "openai" ? server.openaiBaseUrl : server.url;
  }
  const model = createProvider({
    provider,
    model: values.model ?? "scripted",
    baseUrl,
    apiKey: process.env.GREENLOOP_API_KEY ?? "unused",
  });
  const runs = whole("runs", values.runs, 3);
  process.stderr.write(
    `Ablation: ${projects.length} projects · ${runs} runs memory OFF, then ${runs} runs memory ON (shared memory) · ${provider} ${baseUrl}\n`,
  );
  try {
    const totals = await runAblation({
      projects,
      model,
      runs,
      tries: whole("tries", values.tries, 1),
      maxIterations: whole("max-iterations", values["max-iterations"], 4),
      onRun: (t) => {
        // Every run meets the stand-in anew: its first answer for a project is again its first.
        responder?.reset();
        process.stderr.write(
          `  memory ${t.memory ? "ON " : "OFF"} run ${t.run}: ${t.solved}/${t.projects} solved · ${t.iterations} iterations · ${t.modelCalls} model calls\n`,
        );
      },
    });
    process.stdout.write(
      `\n${ablationTable(totals)}\n\n${server ? STAND_IN_NOTE : `Model: ${provider} ${values.model ?? "scripted"} at ${baseUrl}`}\n`,
    );
    const problems = ablationViolations(totals);
    for (const problem of problems) process.stderr.write(`ablation: FAILED: ${problem}\n`);
    if (problems.length === 0)
      process.stdout.write(
        "Checked: memory ON never red where OFF went green, never more model calls, and no model call on a true recurrence.\n",
      );
    return problems.length ? 1 : 0;
  } finally {
    await server?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ablation: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
