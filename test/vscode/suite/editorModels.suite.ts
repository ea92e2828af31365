import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import type { RunSummary } from "../../../agent-core/loop/runLoop";
import { type EditorModelsFixture, editorModels, type FixtureModelRequest } from "./fixtures";
import { extensionLogTail, getTestApi, useSettings, workspaceRoot } from "./helpers";
import { CALC_SOURCE, createRedProject, fixAnswer, type RedProject } from "./redProject";

/** The fixture model's own count (one token per word). */
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

interface Fixture {
  project: RedProject;
  models: EditorModelsFixture;
  /** Requests the fixture model had before this test. */
  before: number;
  fix(): Thenable<RunSummary | undefined>;
  dispose(): Promise<void>;
}

/** A red project and settings that send Greenloop to the fixture model ("provider": "vscode" unless overridden). */
async function setUp(settings: Record<string, unknown> = {}): Promise<Fixture> {
  const models = await editorModels();
  const project = createRedProject(workspaceRoot());
  const restore = await useSettings({
    provider: "vscode",
    "lm.vendor": "greenloop-fixture",
    "lm.family": "",
    "lm.id": "",
    baseUrl: "",
    approvalMode: "auto-all",
    maxIterations: 3,
    "memory.enabled": false,
    testCommand: project.testCommand,
    testTask: "",
    ...settings,
  });
  return {
    project,
    models,
    before: models.requests.length,
    fix: () =>
      vscode.commands.executeCommand<RunSummary | undefined>(
        "greenloop.fixUntilGreen",
        vscode.Uri.file(project.targetPath),
      ),
    async dispose() {
      const api = await getTestApi();
      if (api.runs.isRunning) {
        await vscode.commands.executeCommand("greenloop.stop");
        await api.runs.whenIdle();
      }
      await restore();
    },
  };
}

/** The "vscode" provider against a real LanguageModelChatProvider contributed by the fixture extension. */
export function registerEditorModelsSuite(): void {
  describe("the editor's models (vscode.lm)", function () {
    this.timeout(120_000);

    afterEach(async function () {
      if (this.currentTest?.state !== "failed") return;
      console.log(extensionLogTail((await getTestApi()).logUri.fsPath));
    });

    it("Choose Editor Model lists the editor's models and saves the one chosen", async () => {
      const models = await editorModels();
      const restore = await useSettings({ provider: "ollama", "lm.vendor": "", "lm.family": "gpt-4o", "lm.id": "" });
      try {
        const chosen = await vscode.commands.executeCommand("greenloop.chooseEditorModel", models.model.id);
        assert.deepEqual(chosen, { vendor: "greenloop-fixture", id: "fixture-coder" });
        const config = vscode.workspace.getConfiguration("greenloop");
        assert.deepEqual(
          ["provider", "lm.vendor", "lm.family", "lm.id"].map((key) => config.get(key)),
          ["vscode", "greenloop-fixture", "", "fixture-coder"],
        );
        await assert.rejects(
          Promise.resolve(vscode.commands.executeCommand("greenloop.chooseEditorModel", "no-such-model")),
          /No editor model has the id "no-such-model"; available: fixture-coder/,
        );
      } finally {
        await restore();
      }
    });

    it("a fix run through the editor's model goes green, streamed, with the model's own token counts", async () => {
      const f = await setUp();
      const answer = fixAnswer(f.project.target);
      f.models.script(() => answer);
      try {
        const summary = await f.fix();
        assert.equal(summary?.reason, "green", summary?.message);
        assert.match(readFileSync(f.project.targetPath, "utf8"), /return a \+ b;/);
        const requests = f.models.requests.slice(f.before);
        assert.equal(requests.length, 1);
        const [request] = requests;
        assert.equal(request.model, "fixture-coder");
        assert.match(
          request.messages.map((m) => m.text).join("\n"),
          /return a - b;/,
          "the target's code did not reach the model",
        );
        // User and assistant roles only: a system role needs a proposed API.
        assert.ok(
          request.messages.every(
            (m) =>
              m.role === vscode.LanguageModelChatMessageRole.User ||
              m.role === vscode.LanguageModelChatMessageRole.Assistant,
          ),
        );
        assert.equal(summary?.completionTokens, words(answer));
        assert.equal(
          summary?.promptTokens,
          request.messages.reduce((sum, m) => sum + words(m.text), 0),
        );
      } finally {
        await f.dispose();
      }
    });

    it("Stop cancels the model's request through its cancellation token and leaves the file as it was", async () => {
      const f = await setUp();
      const arrived = new Promise<FixtureModelRequest>((resolve) =>
        f.models.script((request) => {
          resolve(request);
          // Answers only once cancelled, like a model still thinking.
          return new Promise<string>((answer) => request.token.onCancellationRequested(() => answer("")));
        }),
      );
      try {
        const run = f.fix();
        const request = await arrived;
        assert.equal(request.token.isCancellationRequested, false);
        await vscode.commands.executeCommand("greenloop.stop");
        const summary = await run;
        assert.equal(summary?.reason, "cancelled", summary?.message);
        assert.equal(request.token.isCancellationRequested, true, "the model's request was not cancelled");
        assert.equal(readFileSync(f.project.targetPath, "utf8"), CALC_SOURCE);
      } finally {
        await f.dispose();
      }
    });

    it("an error reply ends the run with what to do; refusals and quotas are not retried", async () => {
      const f = await setUp();
      try {
        f.models.script(() => {
          throw vscode.LanguageModelError.NoPermissions("not allowed in this test");
        });
        const refused = await f.fix();
        assert.equal(refused?.reason, "model-error", refused?.message);
        assert.match(
          refused?.message ?? "",
          /may not use the editor model "Fixture Coder" \(greenloop-fixture\).*choose Allow/,
        );
        assert.equal(f.models.requests.length - f.before, 1, "a refused request was sent again");

        f.models.script(() => {
          throw vscode.LanguageModelError.Blocked("You have exceeded your quota for today");
        });
        const quota = await f.fix();
        assert.equal(quota?.reason, "model-error", quota?.message);
        assert.match(
          quota?.message ?? "",
          /used up its quota or rate limit \(You have exceeded your quota for today\)\. Wait until it resets/,
        );
        assert.equal(f.models.requests.length - f.before, 2, "a request over quota was sent again");
        assert.equal(readFileSync(f.project.targetPath, "utf8"), CALC_SOURCE);
      } finally {
        await f.dispose();
      }
    });

    it("no editor model matches the settings: the run does not start and the log says what to do", async () => {
      const api = await getTestApi();
      const f = await setUp({ "lm.id": "no-such-model" });
      try {
        const summary = await f.fix();
        assert.equal(summary, undefined);
        assert.equal(f.models.requests.length, f.before);
        assert.match(
          extensionLogTail(api.logUri.fsPath, 20),
          /No editor model matches greenloop\.lm\.vendor = "greenloop-fixture", greenloop\.lm\.id = "no-such-model" \(1 other is available\)\. Run "Greenloop: Choose Editor Model"/,
        );
      } finally {
        await f.dispose();
      }
    });

    it("first run: no Ollama answers and the editor has a model, so it is offered; the user's pick fixes the file", async () => {
      const api = await getTestApi();
      // Nothing listens on port 9 of the loopback: "no Ollama answers".
      const f = await setUp({ provider: "ollama", baseUrl: "http://127.0.0.1:9" });
      const asked: string[] = [];
      api.answerEditorModelOffer((message, _detail, choices) => {
        asked.push(`${message} [${choices.join(" | ")}]`);
        return Promise.resolve(choices[0]);
      });
      await api.resetEditorModelOffer();
      f.models.script(() => fixAnswer(f.project.target));
      try {
        const summary = await f.fix();
        assert.deepEqual(asked, [
          "No Ollama server answers at http://127.0.0.1:9. Use a language model of the editor instead? [Use Fixture Coder | Keep Ollama]",
        ]);
        assert.equal(summary?.reason, "green", summary?.message);
        assert.equal(vscode.workspace.getConfiguration("greenloop").get("provider"), "vscode");
        assert.equal(f.models.requests.length - f.before, 1);

        // Asked once: the next run with Ollama silent again does not ask.
        await vscode.workspace
          .getConfiguration("greenloop")
          .update("provider", "ollama", vscode.ConfigurationTarget.Workspace);
        const again = await vscode.commands.executeCommand<RunSummary | undefined>(
          "greenloop.fixUntilGreen",
          vscode.Uri.file(f.project.targetPath),
        );
        assert.equal(asked.length, 1, "the offer was made twice");
        // The model server is checked before anything else, so the silent Ollama ends this run at once.
        assert.equal(again?.reason, "model-error", again?.message);
      } finally {
        api.answerEditorModelOffer(undefined);
        await f.dispose();
      }
    });
  });
}
