import assert from "node:assert/strict";
import { createProgressRenderer } from "../../../agent-core/cli/progress";
import type { LoopEvent } from "../../../agent-core/events";
import { runFixLoop } from "../../../agent-core/loop/runLoop";
import { ProcessTestExecutor } from "../../../agent-core/node/processExecutor";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";
import { createProvider } from "../../../agent-core/providers";
import { FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject, read } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";
import { type ScriptedServer, type ScriptStep, startScriptedModelServer } from "../../support/scriptedModelServer";

/** A SEARCH/REPLACE answer for calc.js padded with `chars` characters of chatter after it. */
const hugeAnswer = (chars: number) =>
  FIX_ADD +
  FIX_MULTIPLY +
  "\n" +
  "This explains the fix at great length. ".repeat(Math.ceil(chars / 39)).slice(0, chars);

describe("greenloop fix when the model misbehaves: what happened, how often, how much", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());
  const fix = useScriptedFix();

  async function cliRun(steps: ScriptStep[], extra: string[] = [], chunkChars?: number) {
    const result = await fix({
      script: steps,
      server: chunkChars ? { chunkChars } : {},
      args: ["--yes", ...extra],
    });
    const { ws, cli } = result;
    server = result.server;
    const [record] = JSON.parse((await cli.run(["history", "--json"])).stdout) as Array<{
      reason: string;
      message: string;
      promptTokens: number;
      completionTokens: number;
    }>;
    return { ws, result, record };
  }

  it("garbage JSON: says what arrived, shows each retry, and how many attempts were made", async () => {
    const garbage: ScriptStep = { fault: "garbage-json" };
    const { ws, result, record } = await cliRun([garbage, garbage, garbage, garbage]);
    assert.equal(result.code, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /cut off|connection probably dropped/);
    assert.match(record.message, /answered with invalid JSON: <html><head><title>Gateway/);
    assert.match(record.message, /Gave up after 4 attempts/);
    const retries = result.stderr.split("\n").filter((l) => /retrying in .* \(attempt \d of 4\)/.test(l));
    assert.deepEqual(
      retries.map((l) => /attempt (\d) of 4/.exec(l)![1]),
      ["2", "3", "4"],
      result.stderr,
    );
    assert.match(retries[0], /answered with invalid JSON/);
    assert.equal(server.chatRequests().length, 4);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
  });

  it("an empty choices array: says the answer had no choices", async () => {
    const empty: ScriptStep = { fault: "empty-choices" };
    const { record } = await cliRun([empty, empty, empty, empty]);
    assert.equal(record.reason, "model-error");
    assert.match(record.message, /answer had no choices/);
    assert.doesNotMatch(record.message, /cut off/);
  });

  it("a server that never answers: each timeout and retry is shown as it happens, the final error counts the attempts", async () => {
    server = await startScriptedModelServer([{ fault: "hang" }, { fault: "hang" }, { fault: "hang" }]);
    const ws = await makeProject(JS_CALC);
    let screen = "";
    const render = createProgressRenderer({ write: (t) => void (screen += t), color: false, verbose: false });
    const events: LoopEvent[] = [];
    const delays: number[] = [];
    const model = createProvider(
      {
        provider: "openai",
        model: "scripted",
        baseUrl: server.openaiBaseUrl,
        apiKey: "k",
        timeoutMs: 300,
        maxRetries: 2,
      },
      { sleep: async (ms) => void delays.push(ms), breakerThreshold: 10 },
    );
    const summary = await runFixLoop(
      { workspace: ws, targetFile: "calc.js", approval: "auto-all", memory: { enabled: false, replay: false } },
      {
        files: new NodeWorkspaceFiles(ws),
        tests: new ProcessTestExecutor(),
        approve: async () => ({ files: [] }),
        model,
        onEvent: (e) => {
          events.push(e);
          render(e);
        },
      },
    );
    assert.equal(summary.reason, "model-error");
    assert.match(summary.message, /timed out/);
    assert.match(summary.message, /Gave up after 3 attempts/);
    assert.equal(server.chatRequests().length, 3);
    assert.equal(delays.length, 2);
    const lines = screen.split("\n");
    const retryLines = lines.filter((l) => /retrying/.test(l));
    assert.equal(retryLines.length, 2, screen);
    assert.match(
      retryLines[0],
      /model request timed out: .* sent nothing for 300 ms; retrying in .* \(attempt 2 of 3\)/,
    );
    assert.match(retryLines[1], /\(attempt 3 of 3\)/);
    // Shown as they happen: both retry lines come before the final line.
    const finalLine = lines.findIndex((l) => l.startsWith("✘"));
    assert.ok(lines.indexOf(retryLines[1]) < finalLine, screen);
    assert.equal(events.filter((e) => e.type === "log" && /retrying/.test(e.message)).length, 2);
  });

  it("a huge streamed answer is stopped at the answer cap: nothing applied, tokens counted stay bounded", async () => {
    const { ws, result, record } = await cliRun([{ reply: hugeAnswer(2_000_000), omitUsage: true }], [], 4096);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(server.chatRequests()[0].body.max_tokens, 8192, "max_tokens is always sent");
    assert.equal(record.reason, "model-error");
    assert.match(record.message, /answer .*passed 40960 characters .*max_tokens asked for at most 8192.*stopped/);
    assert.doesNotMatch(result.stderr, /patch /);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
    const tokens = record.promptTokens + record.completionTokens;
    assert.ok(tokens > 8192 && tokens < 8192 * 1.25 + 2000, `counted ${tokens} tokens for the stopped answer`);
  });

  it("an answer that would pass the token budget is stopped there: token-budget, tokens near the budget", async () => {
    const { ws, result, record } = await cliRun(
      [{ reply: hugeAnswer(2_000_000), omitUsage: true }],
      ["--token-budget", "3000"],
      4096,
    );
    assert.equal(result.code, 1, result.stderr);
    const asked = server.chatRequests()[0].body.max_tokens as number;
    assert.ok(asked > 1000 && asked < 3000, `max_tokens is what the budget has left (${asked})`);
    assert.equal(record.reason, "token-budget");
    assert.match(record.message, /budget/i);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
    const tokens = record.promptTokens + record.completionTokens;
    assert.ok(tokens >= 3000 && tokens <= 3000 * 1.05, `tokens counted (${tokens}) stay near the 3000 budget`);
  });

  it("a huge answer that is not streamed is stopped too", async () => {
    const ws = await makeProject(JS_CALC);
    server = await startScriptedModelServer([{ reply: hugeAnswer(2_000_000) }]);
    const model = createProvider({
      provider: "ollama",
      model: "scripted",
      baseUrl: server.url,
      stream: false,
      maxRetries: 0,
    });
    const summary = await runFixLoop(
      { workspace: ws, targetFile: "calc.js", approval: "auto-all", memory: { enabled: false, replay: false } },
      {
        files: new NodeWorkspaceFiles(ws),
        tests: new ProcessTestExecutor(),
        approve: async () => ({ files: [] }),
        model,
      },
    );
    assert.equal(summary.reason, "model-error");
    assert.match(summary.message, /answer from Ollama passed .* and was stopped/);
    assert.equal((server.chatRequests()[0].body.options as { num_predict?: number }).num_predict, 8192);
    assert.equal(await read(ws, "calc.js"), JS_CALC["calc.js"]);
    assert.ok(summary.completionTokens > 0, "the stopped answer is counted");
    assert.ok(
      summary.completionTokens <= 8192 * 1.25,
      `the 2 MB answer is counted only up to the cap (${summary.completionTokens})`,
    );
  });
});
