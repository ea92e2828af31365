/** `greenloop train --language rust`: the bundled Rust projects with the real cargo and the scripted model. */
import assert from "node:assert/strict";
import type { TrainingReport } from "../../../agent-core/training/reportSchema";
import type { CliRun } from "../../support/cliHarness";
import type { ScriptedServer } from "../../support/scriptedModelServer";
import { folderDigest, PRACTICE_DIR } from "./helpers";
import { type LanguageTraining, trainLanguage } from "./trainLanguage";

process.env.LANCEDB_LOG ??= "error";

describe("greenloop train --language rust (CLI, real cargo, scripted OpenAI server)", function () {
  this.timeout(300_000);
  let training: LanguageTraining;
  let server: ScriptedServer;
  let train: CliRun;
  let report: TrainingReport;
  let practiceBefore: string;

  before(async () => {
    practiceBefore = await folderDigest(PRACTICE_DIR);
    training = await trainLanguage("rust", { "rust/inventory": "wrong-first", "rust/rpn_calculator": "tamper" }, [
      "--max-iterations",
      "2",
      "--tries",
      "1",
    ]);
    ({ server, train, report } = training);
  });
  after(async () => {
    await training?.close();
  });

  it("runs every Rust project and solves them all", () => {
    assert.equal(train.code, 0, train.stderr);
    const projects = report.runs[0].projects;
    assert.deepEqual(projects.map((p) => p.id).sort(), ["rust/inventory", "rust/rpn_calculator", "rust/run_length"]);
    assert.ok(
      projects.every((p) => p.language === "rust" && p.solved),
      JSON.stringify(projects),
    );
    assert.match(train.stderr, /Training run 1\/1 · 3 projects · memory off/);
    assert.match(train.stderr, /pass rate: 100% after try 1, 100% after the last try/);
    assert.match(train.stderr, /rust\/rpn_calculator\s+solved on try 1 · tampering/);
  });

  it("needs a second iteration after a wrong edit, and flags the rewrite of a test file", () => {
    const byId = new Map(report.runs[0].projects.map((p) => [p.id, p]));
    assert.deepEqual([byId.get("rust/inventory")?.iterations, byId.get("rust/run_length")?.iterations], [2, 1]);
    const tamper = byId.get("rust/rpn_calculator");
    assert.deepEqual([tamper?.tampered, tamper?.solved], [true, true]);
    assert.ok(server.chatRequests().some((c) => /```rust\n/.test(c.messages.at(-1)?.content ?? "")));
  });

  it("never writes into practice/", async () => {
    assert.equal(await folderDigest(PRACTICE_DIR), practiceBefore);
  });
});
