import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as core from "../../../agent-core";
import { Redactor } from "../../../agent-core/secrets/redact";
import { readSettings } from "../../../extension/config/settings";
import {
  checkProviderId,
  createModelProvider,
  HOST_PROVIDERS,
  needsApiKey,
  providerIds,
} from "../../../extension/providers/registry";
import type { CoreModule } from "../../../extension/run/coreModule";

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8")) as {
  contributes: {
    configuration: {
      properties: Record<string, { enum?: string[]; markdownEnumDescriptions?: string[]; default?: unknown }>;
    };
  };
};
const declared = manifest.contributes.configuration.properties["greenloop.provider"];
const settings = (values: Record<string, unknown>) => readSettings((key) => values[key]);

/** The editor's providers are the core's registry plus HOST_PROVIDERS; package.json must list exactly those. */
describe("the editor's provider registry", () => {
  it("package.json's greenloop.provider enum is the core's providers, then the editor's own, each described", () => {
    assert.deepEqual(
      declared.enum,
      providerIds(core),
      "package.json's greenloop.provider enum must list the registry's ids in order: update it with the registry",
    );
    assert.equal(declared.markdownEnumDescriptions?.length, declared.enum?.length, "one description per provider");
    assert.equal(declared.default, core.DEFAULT_PROVIDER);
    assert.ok(Object.hasOwn(HOST_PROVIDERS, "vscode"), "the editor's own models are a host provider");
  });

  it("every id is accepted; any other is refused naming every choice", () => {
    for (const id of providerIds(core)) assert.doesNotThrow(() => checkProviderId(core, id), id);
    assert.throws(
      () => checkProviderId(core, "Ollama"),
      (error: Error) =>
        /^Unknown model provider "Ollama" in greenloop\.provider: use "ollama", .* or "\w+"\.$/.test(error.message) &&
        providerIds(core).every((id) => error.message.includes(`"${id}"`)),
    );
  });

  it("only a hosted API takes the key from the editor's key store", () => {
    for (const [id, needed] of [
      ["openai", true],
      ["ollama", false],
      ["vscode", false],
      ["bogus", false],
    ] as const)
      assert.equal(needsApiKey(core, id), needed, id);
  });

  it("the core's ids build the core's providers; an unknown id builds nothing", async () => {
    const redactor = new Redactor([]);
    for (const id of core.PROVIDER_IDS) {
      const built = await createModelProvider(
        core as CoreModule,
        settings({ provider: id, model: "m", baseUrl: "http://127.0.0.1:9" }),
        "sk-test",
        redactor,
      );
      assert.deepEqual([built.id, built.model], [id, "m"]);
    }
    await assert.rejects(
      createModelProvider(core as CoreModule, settings({ provider: "bogus" }), undefined, redactor),
      /Unknown model provider "bogus"/,
    );
  });
});
