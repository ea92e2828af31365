import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import path from "node:path";
import { LoopConfig } from "../../../agent-core/config";
import { createProvider } from "../../../agent-core/providers";
import {
  type GreenloopSettings,
  readSettings,
  toLoopConfig,
  toProviderSettings,
} from "../../../extension/config/settings";

interface DeclaredSetting {
  type: string;
  default: unknown;
  enum?: string[];
  minimum?: number;
  maximum?: number;
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "../../../package.json"), "utf8")) as {
  contributes: { configuration: { properties: Record<string, DeclaredSetting> } };
};
/** `greenloop.*` settings as package.json declares them, keyed without the prefix. */
const declared = new Map(
  Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k.replace(/^greenloop\./, ""), v]),
);

/** Settings key → field of GreenloopSettings. */
const FIELD: Record<string, keyof GreenloopSettings> = {
  provider: "provider",
  model: "model",
  baseUrl: "baseUrl",
  maxIterations: "maxIterations",
  tokenBudget: "tokenBudget",
  timeBudgetMinutes: "timeBudgetMinutes",
  approvalMode: "approvalMode",
  allowTestEdits: "allowTestEdits",
  editFormat: "editFormat",
  "memory.enabled": "memoryEnabled",
  "memory.embedder": "memoryEmbedder",
  "memory.scope": "memoryScope",
  testCommand: "testCommand",
  testTask: "testTask",
  testTimeoutSeconds: "testTimeoutSeconds",
  temperature: "temperature",
  testEnvPassthrough: "testEnvPassthrough",
  "practice.workspaceDir": "practiceWorkspaceDir",
  "lm.vendor": "lmVendor",
  "lm.family": "lmFamily",
  "lm.id": "lmId",
};

const from = (values: Record<string, unknown>) => readSettings((key) => values[key]);
const DEFAULTS = from({});

describe("extension settings → LoopConfig and ProviderSettings", () => {
  it("nothing set: the documented defaults", () => {
    assert.deepEqual(DEFAULTS, {
      provider: "ollama",
      model: "qwen2.5-coder:7b",
      baseUrl: "",
      maxIterations: 8,
      tokenBudget: 200_000,
      timeBudgetMinutes: 20,
      approvalMode: "ask",
      allowTestEdits: false,
      editFormat: "auto",
      memoryEnabled: true,
      memoryEmbedder: "hash",
      memoryScope: "project",
      testCommand: "",
      testTask: "",
      testTimeoutSeconds: 120,
      temperature: 0.2,
      testEnvPassthrough: [],
      practiceWorkspaceDir: "",
      lmVendor: "",
      lmFamily: "",
      lmId: "",
    });
  });

  it("reads exactly the settings package.json declares, with the same defaults", () => {
    const asked: string[] = [];
    readSettings((key) => void asked.push(key));
    assert.deepEqual([...asked].sort(), [...declared.keys()].sort());
    for (const [key, spec] of declared) assert.deepEqual(DEFAULTS[FIELD[key]], spec.default, key);
  });

  it("accepts every enum value package.json offers and nothing else", () => {
    for (const [key, spec] of declared) {
      // The provider is checked against the provider registry when a run starts (providerRegistry.test.ts).
      if (!spec.enum || key === "provider") continue;
      for (const value of spec.enum) assert.equal(from({ [key]: value })[FIELD[key]], value, `${key}=${value}`);
      assert.equal(from({ [key]: "bogus" })[FIELD[key]], spec.default, `${key}=bogus`);
      assert.equal(from({ [key]: spec.enum[0].toUpperCase() })[FIELD[key]], spec.default, `${key} is case-sensitive`);
    }
  });

  it("clamps integers to the bounds package.json declares and rounds fractions", () => {
    for (const [key, spec] of declared) {
      if (spec.type !== "integer") continue;
      const field = FIELD[key];
      assert.equal(from({ [key]: (spec.minimum ?? 1) - 1 })[field], spec.minimum, `${key} below minimum`);
      if (spec.maximum !== undefined)
        assert.equal(from({ [key]: spec.maximum + 1 })[field], spec.maximum, `${key} above maximum`);
    }
    assert.equal(from({ maxIterations: 7.6 }).maxIterations, 8);
    assert.equal(from({ maxIterations: 3.2 }).maxIterations, 3);
    assert.equal(from({ timeBudgetMinutes: 1e9 }).timeBudgetMinutes, 24 * 60);
    assert.equal(from({ testTimeoutSeconds: -5 }).testTimeoutSeconds, 1);
  });

  it("non-numbers, NaN and Infinity fall back to the defaults", () => {
    for (const bad of ["10", null, Number.NaN, Number.POSITIVE_INFINITY, true, {}]) {
      const s = from({ maxIterations: bad, tokenBudget: bad, timeBudgetMinutes: bad, testTimeoutSeconds: bad });
      assert.deepEqual(
        [s.maxIterations, s.tokenBudget, s.timeBudgetMinutes, s.testTimeoutSeconds],
        [8, 200_000, 20, 120],
        String(bad),
      );
    }
  });

  it("strings are trimmed; a blank model means the default model", () => {
    const s = from({
      model: "  llama3.1:8b \n",
      baseUrl: " http://127.0.0.1:8080/v1 ",
      testCommand: "  npx mocha test/*.test.js ",
      testTask: " unit ",
    });
    assert.equal(s.model, "llama3.1:8b");
    assert.equal(s.baseUrl, "http://127.0.0.1:8080/v1");
    assert.equal(s.testCommand, "npx mocha test/*.test.js");
    assert.equal(s.testTask, "unit");
    assert.equal(from({ model: "   " }).model, "qwen2.5-coder:7b");
    assert.equal(from({ model: 42 }).model, "qwen2.5-coder:7b");
    assert.equal(from({ testCommand: ["npm", "test"] }).testCommand, "");
  });

  it("booleans: test edits only on a real true, memory only off on a real false", () => {
    assert.equal(from({ allowTestEdits: true }).allowTestEdits, true);
    assert.equal(from({ allowTestEdits: "true" }).allowTestEdits, false);
    assert.equal(from({ allowTestEdits: 1 }).allowTestEdits, false);
    assert.equal(from({ "memory.enabled": false }).memoryEnabled, false);
    assert.equal(from({ "memory.enabled": "false" }).memoryEnabled, true);
    assert.equal(from({ "memory.enabled": 0 }).memoryEnabled, true);
  });

  it("toLoopConfig: minutes and seconds become milliseconds; the core schema accepts the result", () => {
    const s = from({
      maxIterations: 5,
      tokenBudget: 50_000,
      timeBudgetMinutes: 3,
      testTimeoutSeconds: 45,
      approvalMode: "auto-target",
      allowTestEdits: true,
      "memory.enabled": false,
      "memory.scope": "all",
    });
    const input = toLoopConfig(s, "/home/dev/shop", "src/cart.ts");
    assert.deepEqual(input, {
      workspace: "/home/dev/shop",
      targetFile: "src/cart.ts",
      maxIterations: 5,
      tokenBudget: 50_000,
      timeBudgetMs: 180_000,
      testTimeoutMs: 45_000,
      temperature: 0.2,
      approval: "auto-target",
      allowTestEdits: true,
      editFormat: "auto",
      memory: { enabled: false, replay: true, scope: "all" },
    });
    const parsed = LoopConfig.parse(input);
    assert.equal(parsed.timeBudgetMs, 180_000);
    assert.equal(parsed.approval, "auto-target");
    assert.equal(parsed.testOverride, undefined);
  });

  it("each approval mode reaches the loop unchanged", () => {
    for (const mode of ["ask", "auto-target", "auto-all"] as const) {
      assert.equal(LoopConfig.parse(toLoopConfig(from({ approvalMode: mode }), "/w", "a.ts")).approval, mode);
    }
  });

  it("each edit format reaches the loop unchanged", () => {
    for (const format of ["auto", "search-replace", "whole", "udiff"] as const) {
      assert.equal(LoopConfig.parse(toLoopConfig(from({ editFormat: format }), "/w", "a.ts")).editFormat, format);
    }
  });

  it("the test command setting overrides detection; empty leaves detection on", () => {
    const withCmd = toLoopConfig(from({ testCommand: " pytest -q tests/test_cart.py " }), "/w", "cart.py");
    assert.equal(withCmd.testOverride, "pytest -q tests/test_cart.py");
    assert.equal(LoopConfig.parse(withCmd).testOverride, "pytest -q tests/test_cart.py");
    assert.equal("testOverride" in toLoopConfig(from({ testCommand: "   " }), "/w", "cart.py"), false);
    // A tasks.json task is run by the extension itself, never handed to the loop as a command line.
    assert.equal("testOverride" in toLoopConfig(from({ testTask: "unit" }), "/w", "cart.py"), false);
  });

  it("testEnvPassthrough: variable names reach the loop; anything else is dropped", () => {
    const s = from({ testEnvPassthrough: ["OPENAI_API_KEY", " HF_TOKEN ", "not a name", 42, "A=B"] });
    assert.deepEqual(s.testEnvPassthrough, ["OPENAI_API_KEY", "HF_TOKEN"]);
    assert.deepEqual(LoopConfig.parse(toLoopConfig(s, "/w", "a.ts")).testEnvPassthrough, [
      "OPENAI_API_KEY",
      "HF_TOKEN",
    ]);
    assert.deepEqual(from({ testEnvPassthrough: "OPENAI_API_KEY" }).testEnvPassthrough, []);
    assert.deepEqual(LoopConfig.parse(toLoopConfig(DEFAULTS, "/w", "a.ts")).testEnvPassthrough, []);
  });

  it("the most extreme values the settings allow still pass the core schema", () => {
    const high = from({ maxIterations: 1e6, tokenBudget: 1e12, timeBudgetMinutes: 1e9, testTimeoutSeconds: 1e9 });
    const low = from({ maxIterations: -1, tokenBudget: -1, timeBudgetMinutes: -1, testTimeoutSeconds: -1 });
    for (const s of [high, low]) assert.equal(LoopConfig.safeParse(toLoopConfig(s, "/w", "a.ts")).success, true);
    const { maxIterations, tokenBudget, timeBudgetMs, testTimeoutMs } = LoopConfig.parse(
      toLoopConfig(high, "/w", "a.ts"),
    );
    assert.deepEqual(
      [maxIterations, tokenBudget, timeBudgetMs, testTimeoutMs],
      [100, 100_000_000, 24 * 60 * 60_000, 24 * 3600 * 1000],
    );
  });

  it("toProviderSettings: baseUrl and key only when set; the real provider factory accepts it", () => {
    assert.deepEqual(toProviderSettings(DEFAULTS, undefined), { provider: "ollama", model: "qwen2.5-coder:7b" });
    const openai = from({ provider: "openai", model: "gpt-4o-mini", baseUrl: "http://127.0.0.1:8080/v1" });
    assert.deepEqual(toProviderSettings(openai, "sk-test"), {
      provider: "openai",
      model: "gpt-4o-mini",
      baseUrl: "http://127.0.0.1:8080/v1",
      apiKey: "sk-test",
    });
    assert.equal("apiKey" in toProviderSettings(openai, ""), false);
    for (const s of [DEFAULTS, openai]) {
      const provider = createProvider(toProviderSettings(s, "sk-test"));
      assert.equal(provider.id, s.provider);
      assert.equal(provider.model, s.model);
    }
  });

  it("the editor's models: lm settings trimmed", () => {
    const s = from({ provider: "vscode", "lm.vendor": " copilot ", "lm.family": "gpt-4o", "lm.id": 7 });
    assert.deepEqual([s.provider, s.lmVendor, s.lmFamily, s.lmId], ["vscode", "copilot", "gpt-4o", ""]);
  });

  it("the provider: trimmed, any other id kept for the registry to refuse by name; blank or not a string is the default", () => {
    assert.equal(from({ provider: " openai " }).provider, "openai");
    assert.equal(from({ provider: "bogus" }).provider, "bogus");
    for (const blank of ["  ", 7, null]) assert.equal(from({ provider: blank }).provider, "ollama", String(blank));
  });
});
