/** One `greenloop train --language L` run against the scripted model answering from the reference solutions. */
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { loadPracticeProjects } from "../../../agent-core/training/projects";
import { parseTrainingReport, type TrainingReport } from "../../../agent-core/training/reportSchema";
import { type CliRun, type CliSession, cliSession } from "../../support/cliHarness";
import {
  createPracticeResponder,
  type PracticeBehaviour,
  type PracticeResponder,
} from "../../support/practiceResponder";
import { scriptedModelFlags } from "../../support/scriptedFix";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { PRACTICE_DIR, SOLUTIONS_DIR } from "./helpers";

export interface LanguageTraining {
  server: ScriptedServer;
  responder: PracticeResponder;
  cli: CliSession;
  train: CliRun;
  report: TrainingReport;
  close(): Promise<void>;
}

/** Trains on every bundled project of `language`; `args` adds budget flags (--max-iterations, --tries …). */
export async function trainLanguage(
  language: string,
  behaviours: Record<string, PracticeBehaviour>,
  args: string[],
  serverOptions?: { chunkChars?: number },
): Promise<LanguageTraining> {
  const { projects } = await loadPracticeProjects(PRACTICE_DIR);
  const responder = await createPracticeResponder({
    projects: projects.filter((p) => p.language === language),
    solutionsDir: SOLUTIONS_DIR,
    behaviours,
  });
  const server = await startScriptedModelServer(responder.respond, serverOptions);
  const cli = await cliSession();
  const close = async () => {
    await server.close();
    await rm(cli.home, { recursive: true, force: true });
  };
  const train = await cli.run([
    "train",
    "--language",
    language,
    ...scriptedModelFlags(server),
    "--memory",
    "off",
    ...args,
  ]);
  const jsonPath = /Report: (\S+\.json)/.exec(train.stdout)?.[1];
  if (!jsonPath) await close();
  assert.ok(jsonPath, `the CLI names the report:\n${train.stdout}\n${train.stderr}`);
  const report = parseTrainingReport(JSON.parse(await readFile(jsonPath, "utf8")), jsonPath);
  return { server, responder, cli, train, report, close };
}
