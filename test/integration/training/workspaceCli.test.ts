import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { cliSession } from "../../support/cliHarness";
import { closedPortUrl } from "../../support/closedPort";

describe("greenloop workspace", () => {
  it("create, info and clean manage the practice workspace and keep reports unless --all", async () => {
    const cli = await cliSession();
    const root = path.join(cli.home, "practice");

    const before = await cli.run(["workspace", "info"]);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /not created yet/);

    const created = await cli.run(["workspace", "create"]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, new RegExp(`ready at ${root.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    assert.deepEqual((await readdir(root)).sort(), ["attempts", "reports"]);

    await mkdir(path.join(root, "attempts", "train-1", "python-calculator"), { recursive: true });
    await writeFile(path.join(root, "attempts", "train-1", "python-calculator", "calculator.py"), "x = 1\n");
    await writeFile(path.join(root, "reports", "training-report.json"), "{}\n");
    const info = await cli.run(["workspace", "info"]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /1 attempt copies/);
    assert.match(info.stdout, /report: .*training-report\.json/);

    const clean = await cli.run(["workspace", "clean"]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.ok(!existsSync(path.join(root, "attempts")), "attempt copies are gone");
    assert.ok(existsSync(path.join(root, "reports", "training-report.json")), "reports are kept");

    const all = await cli.run(["workspace", "clean", "--all"]);
    assert.equal(all.code, 0, all.stderr);
    assert.ok(!existsSync(root));
  });

  it("honours --workspace and rejects an unknown subcommand with usage", async () => {
    const cli = await cliSession();
    const elsewhere = path.join(await mkdtemp(path.join(os.tmpdir(), "gl-ws-")), "mine");
    const created = await cli.run(["workspace", "create", "--workspace", elsewhere]);
    assert.equal(created.code, 0, created.stderr);
    assert.ok(existsSync(path.join(elsewhere, "attempts")));
    assert.ok(!existsSync(path.join(cli.home, "practice")), "the default workspace is left alone");

    const bad = await cli.run(["workspace", "explode"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Usage: greenloop workspace create \| info \| clean/);
  });
});

describe("greenloop train without a model", function () {
  this.timeout(60_000);

  it("says clearly that no model answered, where it tried, and exits 1 without a report", async () => {
    const cli = await cliSession();
    const url = `${await closedPortUrl()}/v1`;
    const run = await cli.run([
      "train",
      "--project",
      "python/calculator",
      "--project",
      "javascript/string_utils",
      "--provider",
      "openai",
      "--base-url",
      url,
      "--model",
      "scripted",
      "--memory",
      "off",
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /No model answered/);
    assert.ok(run.stderr.includes(url), run.stderr);
    assert.match(run.stderr, /--base-url/);
    assert.match(run.stderr, /\[1\/2\]/);
    assert.doesNotMatch(run.stderr, /\[2\/2\]/, "the run stops after the first project instead of trying every one");
    assert.equal(run.stdout, "", "no report for a run that measured nothing");
    assert.ok(!existsSync(path.join(cli.home, "practice", "reports", "training-report.json")));
  });

  it("points an Ollama user at `ollama serve`", async () => {
    const cli = await cliSession();
    const run = await cli.run([
      "train",
      "--project",
      "python/calculator",
      "--base-url",
      await closedPortUrl(),
      "--memory",
      "off",
      "--tries",
      "1",
    ]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /No model answered.*\n.*ollama serve/);
  });

  it("rejects bad numbers before starting anything", async () => {
    const cli = await cliSession();
    const run = await cli.run(["train", "--tries", "0"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--tries must be a whole number ≥ 1, got "0"/);
    assert.doesNotMatch(run.stderr, /Training run/);
  });
});
