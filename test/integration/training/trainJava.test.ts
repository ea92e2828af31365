import "../../support/mavenOffline";
import assert from "node:assert/strict";
import type { TrainingReport } from "../../../agent-core/training/reportSchema";
import type { CliRun } from "../../support/cliHarness";
import { folderDigest, PRACTICE_DIR } from "./helpers";
import { type LanguageTraining, trainLanguage } from "./trainLanguage";

process.env.LANCEDB_LOG ??= "error";

describe("greenloop train --language java (real mvn, scripted OpenAI server)", function () {
  this.timeout(400_000);
  let training: LanguageTraining;
  let train: CliRun;
  let report: TrainingReport;
  let practiceBefore: string;

  before(async () => {
    practiceBefore = await folderDigest(PRACTICE_DIR);
    training = await trainLanguage(
      "java",
      { "java/bank_account": "wrong-first" },
      ["--max-iterations", "1", "--tries", "2"],
      { chunkChars: 256 },
    );
    ({ train, report } = training);
  });
  after(async () => {
    await training?.close();
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
