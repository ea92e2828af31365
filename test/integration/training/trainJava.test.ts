import "../../support/mavenOffline";
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { loadPracticeProjects } from "../../../agent-core/training/projects";
import { parseTrainingReport, type TrainingReport } from "../../../agent-core/training/reportSchema";
import { type CliRun, type CliSession, cliSession } from "../../support/cliHarness";
import { createPracticeResponder } from "../../support/practiceResponder";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import { folderDigest, PRACTICE_DIR, SOLUTIONS_DIR } from "./helpers";

process.env.LANCEDB_LOG ??= "error";

describe("greenloop train --language java (real mvn, scripted OpenAI server)", function () {
  this.timeout(400_000);
  let server: ScriptedServer;
  let cli: CliSession;
  let train: CliRun;
  let report: TrainingReport;
  let practiceBefore: string;

  before(async () => {
    practiceBefore = await folderDigest(PRACTICE_DIR);
    const projects = (await loadPracticeProjects(PRACTICE_DIR)).projects.filter((p) => p.language === "java");
    const responder = await createPracticeResponder({
      projects,
      solutionsDir: SOLUTIONS_DIR,
      behaviours: { "java/bank_account": "wrong-first" },
    });
    server = await startScriptedModelServer(responder.respond, { chunkChars: 256 });
    cli = await cliSession();
    train = await cli.run([
      "train",
      "--language",
      "java",
      "--provider",
      "openai",
      "--base-url",
      server.openaiBaseUrl,
      "--model",
      "scripted",
      "--max-iterations",
      "1",
      "--tries",
      "2",
      "--memory",
      "off",
    ]);
    const jsonPath = /Report: (\S+\.json)/.exec(train.stdout)?.[1];
    assert.ok(jsonPath, `the CLI names the report:\n${train.stdout}\n${train.stderr}`);
    report = parseTrainingReport(JSON.parse(await readFile(jsonPath, "utf8")), jsonPath);
  });
  after(async () => {
    await server?.close();
    if (cli) await rm(cli.home, { recursive: true, force: true });
  });

  it("runs every Java practice project with Maven and solves each, one on its second try", () => {
    assert.equal(train.code, 0, train.stderr);
    const projects = report.runs[0].projects;
    assert.deepEqual(projects.map((p) => [p.id, p.language, p.solved, p.solvedOnTry]).sort(), [
      ["java/bank_account", "java", true, 2],
      ["java/roman_numerals", "java", true, 1],
      ["java/word_count", "java", true, 1],
    ]);
    assert.match(train.stderr, /pass rate: 67% after try 1, 100% after the last try/);
  });

  it("leaves the bundled projects as they were (no target/ folder, no edits)", async () => {
    assert.equal(await folderDigest(PRACTICE_DIR), practiceBefore);
  });
});
