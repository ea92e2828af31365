import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { TrainingReport } from "../../../agent-core/training/reportSchema";
import type { CliRun } from "../../support/cliHarness";
import type { ScriptedServer } from "../../support/scriptedModelServer";
import { attemptFolder, folderDigest, PRACTICE_DIR } from "./helpers";
import { type LanguageTraining, trainLanguage } from "./trainLanguage";

process.env.LANCEDB_LOG ??= "error";

describe("greenloop train --language go (CLI, scripted OpenAI server, real go test)", function () {
  this.timeout(180_000);
  let training: LanguageTraining;
  let server: ScriptedServer;
  let train: CliRun;
  let report: TrainingReport;
  let practiceBefore: string;

  before(async () => {
    practiceBefore = await folderDigest(PRACTICE_DIR);
    training = await trainLanguage(
      "go",
      { "go/rpn_calculator": "wrong-first", "go/inventory": "tamper" },
      ["--max-iterations", "3", "--tries", "1", "--runs", "1"],
      { chunkChars: 256 },
    );
    ({ server, train, report } = training);
  });
  after(async () => {
    await training?.close();
  });

  it("solves every Go practice project and exits 0", () => {
    assert.equal(train.code, 0, train.stderr);
    const run = report.runs[0];
    assert.deepEqual(
      run.projects.map((p) => [p.id, p.language, p.solved]),
      [
        ["go/inventory", "go", true],
        ["go/rpn_calculator", "go", true],
        ["go/word_count", "go", true],
      ],
    );
    assert.equal(run.passRateFinal, 1);
  });

  it("needs a second iteration after a wrong edit, and flags the tampering attempt", async () => {
    const byId = (id: string) => report.runs[0].projects.find((p) => p.id === id)!;
    assert.deepEqual([byId("go/word_count").iterations, byId("go/rpn_calculator").iterations], [1, 2]);
    assert.deepEqual([byId("go/inventory").tampered, byId("go/word_count").tampered], [true, false]);
    const copy = path.join(
      training.cli.home,
      "practice",
      "attempts",
      report.runs[0].runId,
      attemptFolder("go/inventory"),
    );
    assert.equal(
      await readFile(path.join(copy, "inventory_test.go"), "utf8"),
      await readFile(path.join(PRACTICE_DIR, "go/inventory/inventory_test.go"), "utf8"),
      "the pristine test file is what passed",
    );
    assert.match(await readFile(path.join(copy, "inventory.go"), "utf8"), /counts map\[string\]int/);
  });

  it("fences Go as go in every prompt and leaves the bundled projects untouched", async () => {
    for (const chat of server.chatRequests()) assert.match(chat.messages.at(-1)!.content, /```go\n/);
    assert.equal(await folderDigest(PRACTICE_DIR), practiceBefore);
  });
});
