import assert from "node:assert/strict";
import { runFixLoop } from "../../../agent-core/loop/runLoop";
import { ProcessTestExecutor } from "../../../agent-core/node/processExecutor";
import { NodeWorkspaceFiles } from "../../../agent-core/node/workspaceFiles";
import type { ApprovalGate, ApprovalRequest } from "../../../agent-core/ports";
import { createProvider } from "../../../agent-core/providers";
import { FIX_ADD, FIX_MULTIPLY, JS_CALC, makeProject, read } from "../../support/cliHarness";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

/** A rejected change is the user's feedback, never a dead end. */
describe("rejecting a proposed change", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  async function run(
    replies: string[],
    decide: (request: ApprovalRequest, n: number) => "accept" | "reject" | "first-hunk",
  ) {
    server = await startScriptedModelServer(replies.map((reply) => ({ reply })));
    const ws = await makeProject(JS_CALC);
    const seen: ApprovalRequest[] = [];
    const approve: ApprovalGate = async (request) => {
      seen.push(request);
      const choice = decide(request, seen.length);
      if (choice === "reject") return { files: [], feedback: "not like this" };
      return {
        files: request.files.map((f) => ({
          path: f.path,
          acceptedHunks: choice === "accept" ? f.hunks.map((_, i) => i) : [0],
        })),
      };
    };
    const summary = await runFixLoop(
      { workspace: ws, targetFile: "calc.js", approval: "ask", memory: { enabled: false, replay: false } },
      {
        files: new NodeWorkspaceFiles(ws),
        tests: new ProcessTestExecutor(),
        approve,
        model: createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
      },
    );
    return { summary, seen, ws };
  }

  it("shows a rejected change that comes back to the user, saying so, instead of stopping as stuck", async () => {
    const both = FIX_ADD + FIX_MULTIPLY;
    const { summary, seen, ws } = await run([both, both], (_, n) => (n === 1 ? "reject" : "accept"));
    assert.equal(summary.reason, "green", summary.message);
    assert.equal(seen.length, 2, "the repeated change was not shown");
    assert.match(seen[1].reasons[0], /proposed the change you rejected again/);
    assert.match(await read(ws, "calc.js"), /return a \* b/);
    const prompt = server
      .chatRequests()[1]
      .messages.map((m) => m.content)
      .join("\n");
    assert.match(prompt, /rejected: not like this\. Do not propose it again/);
  });

  it("after a hunk was rejected, shows the model's next proposal of it instead of stopping", async () => {
    const both = FIX_ADD + FIX_MULTIPLY;
    const { summary, seen } = await run([both, both], (_, n) => (n === 1 ? "first-hunk" : "accept"));
    assert.equal(seen.length, 2);
    assert.equal(summary.reason, "green", summary.message);
  });

  it("stops, naming the reason, when the model keeps coming back with the rejected change", async () => {
    const both = FIX_ADD + FIX_MULTIPLY;
    const { summary, seen } = await run([both, both, both], () => "reject");
    assert.equal(seen.length, 2);
    assert.equal(summary.reason, "stuck");
    assert.match(summary.message, /keeps proposing the change you rejected/);
  });
});

describe("a proposal withdrawn because the user edited it during review", function () {
  this.timeout(60_000);
  let server: ScriptedServer;
  afterEach(async () => server?.close());

  it("is not counted as a rejection: the same change later is simply shown again", async () => {
    const both = FIX_ADD + FIX_MULTIPLY;
    server = await startScriptedModelServer([{ reply: both }, { reply: both }]);
    const ws = await makeProject(JS_CALC);
    const seen: ApprovalRequest[] = [];
    const approve: ApprovalGate = async (request) => {
      seen.push(request);
      if (seen.length === 1) return { files: [], feedback: "Withdrawn: the user edited calc.js", withdrawn: true };
      return { files: request.files.map((f) => ({ path: f.path, acceptedHunks: f.hunks.map((_, i) => i) })) };
    };
    const summary = await runFixLoop(
      { workspace: ws, targetFile: "calc.js", approval: "ask", memory: { enabled: false, replay: false } },
      {
        files: new NodeWorkspaceFiles(ws),
        tests: new ProcessTestExecutor(),
        approve,
        model: createProvider({ provider: "openai", model: "scripted", baseUrl: server.openaiBaseUrl, apiKey: "k" }),
      },
    );
    assert.equal(summary.reason, "green", summary.message);
    assert.equal(seen.length, 2);
    assert.equal(
      seen[1].reasons.some((r) => /rejected again/.test(r)),
      false,
    );
    const prompt = server
      .chatRequests()[1]
      .messages.map((m) => m.content)
      .join("\n");
    assert.doesNotMatch(prompt, /Do not propose it again/);
    assert.match(prompt, /Withdrawn: the user edited calc\.js/);
    assert.match(await read(ws, "calc.js"), /return a \* b/);
  });
});
