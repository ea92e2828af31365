import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { parseTrainingReport, type TrainingReport } from "../../../agent-core/training/reportSchema";
import { type CliRun, type CliSession, cliSession } from "../../support/cliHarness";
import { createPracticeResponder, type PracticeResponder } from "../../support/practiceResponder";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";
import {
  attemptFolder,
  BEHAVIOURS,
  chosenProjects,
  folderDigest,
  PRACTICE_DIR,
  PROJECT_IDS,
  SOLUTIONS_DIR,
} from "./helpers";

process.env.LANCEDB_LOG ??= "error";

describe("greenloop train (CLI, scripted OpenAI server)", function () {
  this.timeout(150_000);
  let server: ScriptedServer;
  let responder: PracticeResponder;
  let cli: CliSession;
  let train: CliRun;
  let report: TrainingReport;
  let practiceBefore: string;

  before(async () => {
    practiceBefore = await folderDigest(PRACTICE_DIR);
    responder = await createPracticeResponder({
      projects: await chosenProjects(),
      solutionsDir: SOLUTIONS_DIR,
      behaviours: BEHAVIOURS,
    });
    server = await startScriptedModelServer(responder.respond, { chunkChars: 256 });
    cli = await cliSession();
    const projectArgs = PROJECT_IDS.flatMap((id) => ["--project", id]);
    train = await cli.run([
      "train",
      ...projectArgs,
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
      "--runs",
      "2",
      "--memory",
      "on",
    ]);
    const jsonPath = /Report: (\S+\.json)/.exec(train.stdout)?.[1];
    assert.ok(jsonPath, `the CLI names the report:\n${train.stdout}\n${train.stderr}`);
    report = parseTrainingReport(JSON.parse(await readFile(jsonPath, "utf8")), jsonPath);
  });
  after(async () => {
    await server?.close();
    if (cli) await rm(cli.home, { recursive: true, force: true });
  });

  const project = (run: number, id: string) => {
    const found = report.runs[run].projects.find((p) => p.id === id);
    assert.ok(found, `run ${run + 1} has ${id}`);
    return found;
  };

  it("runs the projects in all three languages and exits 1 because one is never solved", () => {
    assert.equal(train.code, 1, train.stderr);
    assert.equal(report.runs.length, 2, "both runs are in the report: the learning curve");
    for (const run of report.runs) assert.deepEqual(run.projects.map((p) => p.id).sort(), [...PROJECT_IDS].sort());
    assert.deepEqual(
      new Set(report.runs[0].projects.map((p) => p.language)),
      new Set(["javascript", "typescript", "python"]),
    );
    assert.ok(
      server.chatRequests().every((c) => c.protocol === "openai" && c.streamed),
      "answers are streamed over the OpenAI wire",
    );
    assert.match(train.stderr, /Training run 1\/2 · 5 projects · memory on · openai:scripted/);
  });

  it("reports the pass rate after try 1 and after the last try", () => {
    const first = report.runs[0];
    const wrongFirst = project(0, "typescript/calculator");
    assert.deepEqual(
      [wrongFirst.solved, wrongFirst.solvedOnTry, wrongFirst.tries],
      [true, 2, 2],
      "one iteration per try: the second try solves it",
    );
    assert.deepEqual(
      [project(0, "python/calculator").solvedOnTry, project(0, "typescript/roman_numerals").solvedOnTry],
      [1, 2],
    );
    assert.equal(first.passRateFirstTry, 1 / 5);
    assert.equal(first.passRateFinal, 4 / 5);
    assert.match(train.stderr, /pass rate: 20% after try 1, 80% after the last try/);
  });

  it("flags the tampering attempt, keeps the pristine tests and still counts the real pass", async () => {
    const tamper = project(0, "javascript/string_utils");
    assert.deepEqual([tamper.tampered, tamper.solved, tamper.solvedOnTry], [true, true, 2]);
    assert.match(train.stderr, /javascript\/string_utils\s+solved on try 2 · tampering/);
    const copy = path.join(
      cli.home,
      "practice",
      "attempts",
      report.runs[0].runId,
      attemptFolder("javascript/string_utils"),
    );
    const pristine = await readFile(path.join(PRACTICE_DIR, "javascript/string_utils/string_utils.test.js"), "utf8");
    assert.equal(await readFile(path.join(copy, "string_utils.test.js"), "utf8"), pristine);
    assert.ok(report.runs[0].projects.filter((p) => p.id !== "javascript/string_utils").every((p) => !p.tampered));
  });

  it("stops the never-solved project at its budget and counts malformed answers", () => {
    const never = project(0, "python/math_operations");
    assert.equal(never.solved, false);
    assert.ok(["max-iterations", "stuck"].includes(never.stopReason), never.stopReason);
    assert.equal(project(0, "typescript/roman_numerals").malformed, 1);
    assert.ok(report.runs[0].wellFormedRate < 1, String(report.runs[0].wellFormedRate));
  });

  it("needs fewer model calls in the second run, replaying proven fixes", () => {
    const calls = (run: number) => report.runs[run].projects.reduce((sum, p) => sum + p.modelCalls, 0);
    assert.ok(calls(1) < calls(0), `${calls(1)} model calls after ${calls(0)}`);
    // Solved from the untouched stub in run 1, so the proven fix applies to the fresh copy in run 2.
    for (const id of ["python/calculator", "javascript/string_utils", "typescript/roman_numerals"]) {
      assert.deepEqual([project(1, id).solved, project(1, id).modelCalls], [true, 0], `${id} replayed from memory`);
    }
    assert.ok(report.runs[1].passRateFirstTry > report.runs[0].passRateFirstTry);
    assert.match(train.stderr, /memory on : 2 runs/);
  });

  it("writes a self-contained HTML report with the learning curve", async () => {
    const htmlPath = /^\s+(\S+\.html)$/m.exec(train.stdout)?.[1];
    assert.ok(htmlPath && existsSync(htmlPath), train.stdout);
    const html = await readFile(htmlPath, "utf8");
    assert.match(html, /<svg[\s>]/);
    assert.match(html, /Learning curve/);
    assert.doesNotMatch(html, /<script\b[^>]*\bsrc\s*=/i);
    assert.doesNotMatch(html, /https?:\/\//i, "no remote resources or links");
    assert.doesNotMatch(html, /<link\b/i);
    assert.match(html, /python\/math_operations/);
  });

  it("never writes into practice/", async () => {
    assert.equal(await folderDigest(PRACTICE_DIR), practiceBefore);
  });
});
