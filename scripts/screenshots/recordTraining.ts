/**
 * Records the training report behind the README's training picture from a real run: `greenloop train --memory
 * both` over bundled practice projects, against the scripted stand-in model, which answers with the reference
 * solutions and errs on some projects on purpose (practiceResponder). Writes test/webview/fixtures/training-report.json.
 * Run: npx tsx scripts/screenshots/recordTraining.ts
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { main } from "../../agent-core/cli/main";
import { bundledPracticeDir, loadPracticeProjects } from "../../agent-core/training/projects";
import { createPracticeResponder, type PracticeBehaviour } from "../../test/support/practiceResponder";
import { startScriptedModelServer } from "../../test/support/scriptedModelServer";

const ROOT = path.resolve(__dirname, "../..");
const BEHAVIOURS: Record<string, PracticeBehaviour> = {
  "javascript/string_utils": "solve",
  "typescript/lru_cache": "wrong-first",
  "typescript/calculator": "wrong-first",
  "typescript/roman_numerals": "malformed-first",
  "python/calculator": "solve",
  "python/math_operations": "never",
};

async function record(): Promise<void> {
  process.env.LANCEDB_LOG ??= "error";
  const { projects } = await loadPracticeProjects(bundledPracticeDir());
  const chosen = projects.filter((p) => p.id in BEHAVIOURS);
  const responder = await createPracticeResponder({
    projects: chosen,
    solutionsDir: path.join(ROOT, "test", "fixtures", "solutions"),
    behaviours: BEHAVIOURS,
  });
  const server = await startScriptedModelServer(responder.respond, { chunkChars: 256 });
  const home = await mkdtemp(path.join(os.tmpdir(), "gl-record-"));
  let stdout = "";
  try {
    const code = await main(
      [
        "train",
        ...chosen.flatMap((p) => ["--project", p.id]),
        "--provider",
        "openai",
        "--base-url",
        server.openaiBaseUrl,
        "--model",
        "scripted-reference-solutions",
        "--max-iterations",
        "2",
        "--tries",
        "2",
        "--runs",
        "4",
        "--memory",
        "both",
      ],
      {
        cwd: ROOT,
        env: { ...process.env, GREENLOOP_HOME: home, GREENLOOP_API_KEY: "scripted" },
        stdin: process.stdin,
        out: (t) => void (stdout += t),
        err: (t) => void process.stderr.write(t),
        color: false,
        interrupted: new AbortController().signal,
        onInterrupt: () => undefined,
        offInterrupt: () => undefined,
      },
    );
    const json = /Report: (\S+\.json)/.exec(stdout)?.[1];
    if (!json) throw new Error(`training wrote no report (exit ${code}):\n${stdout}`);
    const target = path.join(ROOT, "test", "webview", "fixtures", "training-report.json");
    await copyFile(json, target);
    process.stdout.write(`${stdout}\nRecorded ${target}\n`);
  } finally {
    await server.close();
    await rm(home, { recursive: true, force: true });
  }
}

void record().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
