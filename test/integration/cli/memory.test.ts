import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { cliSession, FIX_ADD, FIX_MULTIPLY, JS_CALC } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";

describe("greenloop memory and replay through the CLI", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();

  it("remembers a fix, replays it on the same failure without a model call, and manages the store", async () => {
    const first = await fix({ script: [{ reply: FIX_ADD + FIX_MULTIPLY }] });
    const { server, cli, ws } = first;
    assert.equal(first.code, 0, first.stderr);
    assert.equal(server.chatRequests().length, 1);

    // The same project fails again exactly as before.
    await writeFile(path.join(ws, "calc.js"), JS_CALC["calc.js"]);
    const second = await first.again();
    assert.equal(second.code, 0, second.stderr);
    assert.equal(server.chatRequests().length, 1, "the proven fix was replayed without asking the model");
    assert.match(second.stderr, /replayed from memory/);

    const stats = JSON.parse((await cli.run(["memory", "stats", "--json"])).stdout);
    assert.ok(stats.records >= 2, `records: ${stats.records}`);
    assert.ok(stats.withProvenFix >= 2);
    assert.equal(stats.backend, "lancedb");
    assert.ok(stats.timesSucceeded >= 1, "the replay's success was recorded");

    const search = await cli.run(["memory", "search", "multiply TODO error"]);
    assert.match(search.stdout, /multiply multiplies two numbers/);

    const file = path.join(cli.home, "export.jsonl");
    assert.equal((await cli.run(["memory", "export", file])).code, 0);
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    assert.equal(lines.length, stats.records);

    const other = await cliSession();
    const imported = await other.run(["memory", "import", file]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(JSON.parse((await other.run(["memory", "stats", "--json"])).stdout).records, stats.records);

    assert.match(
      (await other.run(["memory", "prune", "--include-proven"])).stdout,
      new RegExp(`Pruned ${stats.records} records`),
    );
    assert.equal(JSON.parse((await other.run(["memory", "stats", "--json"])).stdout).records, 0);
  });

  it("runs without memory when asked and rejects bad memory commands", async () => {
    const run = await fix({ script: [{ reply: FIX_ADD + FIX_MULTIPLY }], args: ["--yes", "--no-memory"] });
    const { cli, ws } = run;
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse((await cli.run(["memory", "stats", "--json"])).stdout).records, 0);
    const badScope = await cli.run(["fix", path.join(ws, "calc.js"), "--memory-scope", "everywhere"]);
    assert.equal(badScope.code, 2);
    assert.match(badScope.stderr, /--memory-scope must be "project" or "all", got "everywhere"/);
    await writeFile(path.join(ws, ".greenloop.json"), JSON.stringify({ memoryScope: "galaxy" }));
    const badFile = await cli.run(["fix", path.join(ws, "calc.js")]);
    assert.equal(badFile.code, 2);
    assert.match(badFile.stderr, /memoryScope/);
    assert.equal((await cli.run(["memory", "frobnicate"])).code, 2);
    assert.equal((await cli.run(["memory", "search"])).code, 2);
  });
});

describe("greenloop fix with the endpoint's embeddings", function () {
  this.timeout(60_000);
  const fix = useScriptedFix();

  it("stores vectors from the provider's embedding endpoint in their own table", async () => {
    const run = await fix({
      script: [{ reply: FIX_ADD + FIX_MULTIPLY }],
      server: { embeddingDim: 16 },
      args: ["--yes", "--embedder", "provider", "--embedding-model", "embed-small"],
    });
    assert.equal(run.code, 0, run.stderr);
    const embeds = run.server.requests.filter((r) => r.kind === "embed");
    assert.ok(embeds.length > 0, "the embedding endpoint was used");
    assert.equal(embeds[0].body.model, "embed-small");
  });

  it("carries on without memory, with a warning, when the embedding endpoint fails", async () => {
    const run = await fix({
      script: [{ reply: FIX_ADD + FIX_MULTIPLY }],
      server: { knownModels: ["scripted"] },
      args: ["--yes", "--embedder", "provider", "--embedding-model", "missing-embedder"],
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /warning: .*(memory|embed)/i);
  });
});
