import { strict as assert } from "node:assert";
import { FileSettings } from "../../../agent-core/cli/settings";
import { LoopConfig } from "../../../agent-core/config";
import { fenceFitsFile } from "../../../agent-core/edits/formats/languages";
import { LANGUAGES, languageOfFile } from "../../../agent-core/languages";
import { createProvider, PROVIDER_IDS } from "../../../agent-core/providers";
import { runnerFor, TEST_FRAMEWORKS, TEST_RUNNERS } from "../../../agent-core/testing/runners";
import { defaultTestCommand } from "../../../agent-core/training/manifest";

describe("registries", () => {
  it("the config's framework enum is the runner list plus unknown", () => {
    assert.deepEqual([...TEST_FRAMEWORKS].sort(), [...TEST_RUNNERS.map((r) => r.id), "unknown"].sort());
    for (const framework of TEST_FRAMEWORKS) {
      const parsed = LoopConfig.safeParse({
        workspace: "/w",
        targetFile: "a.js",
        test: { argv: ["x"], cwd: "/w", framework },
      });
      assert.ok(parsed.success, framework);
    }
    assert.equal(
      LoopConfig.safeParse({
        workspace: "/w",
        targetFile: "a.js",
        test: { argv: ["x"], cwd: "/w", framework: "gotest" },
      }).success,
      false,
    );
    assert.equal(runnerFor("unknown"), undefined);
  });

  it("every provider id is accepted by the settings and builds a provider of that id", () => {
    assert.equal(PROVIDER_IDS[0], "ollama", "the default comes first");
    assert.ok(PROVIDER_IDS.includes("openai"));
    for (const provider of PROVIDER_IDS) {
      assert.ok(FileSettings.safeParse({ provider }).success, provider);
      assert.equal(createProvider({ provider, model: "m", baseUrl: "http://127.0.0.1:9" }).id, provider);
    }
    assert.equal(FileSettings.safeParse({ provider: "vscode" }).success, false);
    assert.throws(
      () => createProvider({ provider: "nope" as never, model: "m" }),
      /Unknown model provider 'nope': use "ollama"(, | or )"openai"/,
    );
  });

  it("each language row's extensions map back to it", () => {
    for (const row of LANGUAGES)
      for (const ext of row.extensions) assert.equal(languageOfFile(`src/a${ext.toUpperCase()}`), row.id);
    assert.equal(languageOfFile("README.md"), undefined);
  });
});

describe("the language table drives fences, test files and practice commands", () => {
  it("a fence fits a file when the file's language row lists the tag", () => {
    for (const row of LANGUAGES)
      for (const tag of row.fenceTags) assert.ok(fenceFitsFile(tag, `src/a${row.extensions[0]}`), `${tag} ${row.id}`);
    assert.equal(fenceFitsFile("python", "src/a.ts"), false);
    assert.equal(fenceFitsFile("bash", "src/a.py"), false);
  });

  it("every row gives practice projects a test command that names all their tests or runs the whole project", () => {
    for (const row of LANGUAGES) {
      const tests = ["one", "two"].map((name) => `tests/${name}${row.extensions[0]}`);
      // Named as the runner takes them (the files, or what they build: cargo's `--test one`), or not at all (Go
      // runs packages, never files).
      const argv = defaultTestCommand(row.id, tests).join(" ");
      const named = ["one", "two"].filter((name) => new RegExp(`\\b${name}\\b`).test(argv));
      assert.ok(argv.split(" ").length > 2 && named.length !== 1, `${row.id}: ${argv}`);
    }
  });
});
