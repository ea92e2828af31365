import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as agentCore from "../../../agent-core";
import { HashingEmbedder } from "../../../agent-core/memory/embedder";
import { openFailureMemory } from "../../../agent-core/memory/openStore";
import type { Logger } from "../../../agent-core/ports";
import type { ModelProvider } from "../../../agent-core/providers/types";
import { readSettings } from "../../../extension/config/settings";
import type { CoreModule } from "../../../extension/run/coreModule";
import { MemoryHolder } from "../../../extension/run/memoryHolder";

/** A recording Logger. */
function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => void lines.push(`${level}: ${m}`);
  return { lines, debug: () => undefined, info: at("info"), warn: at("warn"), error: at("error") };
}

/** The real core, with the memory opened on the built-in store and every open and close counted. */
function countingCore(failOpen?: Error) {
  const opened: Array<{ embedder: string }> = [];
  let closed = 0;
  const core: CoreModule = {
    ...agentCore,
    openFailureMemory: async (options) => {
      opened.push({ embedder: options.embedder?.name ?? "default" });
      if (failOpen) throw failOpen;
      const memory = await openFailureMemory({ ...options, backend: "builtin" });
      const close = memory.close.bind(memory);
      memory.close = async () => {
        closed += 1;
        await close();
      };
      return memory;
    },
  };
  return { core, opened, closes: () => closed };
}

/** A ModelProvider that can embed, using the offline hashing embedder so no server is needed. */
function embeddingModel(): ModelProvider {
  const hashing = new HashingEmbedder();
  return {
    id: "ollama",
    model: "nomic-embed-text",
    chat: () => Promise.reject(new Error("chat is not used here")),
    embed: async (texts) => (await hashing.embed(texts)).map((v) => [...v]),
  };
}

const chatOnlyModel: ModelProvider = {
  id: "openai",
  model: "gpt-4o-mini",
  chat: () => Promise.reject(new Error("unused")),
};
const hashSettings = readSettings(() => undefined);
const providerSettings = readSettings((k) => ({ "memory.embedder": "provider", model: "nomic-embed-text" })[k]);

describe("extension memory holder (failure memory kept open between runs)", () => {
  let dir: string;
  let log: ReturnType<typeof recorder>;
  let holder: MemoryHolder;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "greenloop-holder-"));
    log = recorder();
    holder = new MemoryHolder(path.join(dir, "memory"), log);
  });
  afterEach(async () => {
    await holder.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("opens once and hands out the same memory to later runs", async () => {
    const { core, opened } = countingCore();
    const first = await holder.get(core, hashSettings, chatOnlyModel);
    const second = await holder.get(core, hashSettings, chatOnlyModel);
    assert.ok(first);
    assert.equal(second, first);
    assert.deepEqual(opened, [{ embedder: "default" }]);
    const failure = {
      testId: "cart > total",
      message: "expected 1 to be 2",
      errorText: "AssertionError: expected 1 to be 2",
      file: "src/cart.ts",
      language: "typescript",
      framework: "vitest",
      codeContext: "return sum;",
    };
    assert.deepEqual(await first.recall(failure), []);
    assert.deepEqual(log.lines, []);
  });

  it("reopens with the provider's embedder when the setting changes, closing the old memory", async () => {
    const { core, opened, closes } = countingCore();
    const hashMemory = await holder.get(core, hashSettings, embeddingModel());
    const providerMemory = await holder.get(core, providerSettings, embeddingModel());
    assert.notEqual(providerMemory, hashMemory);
    assert.deepEqual(opened, [{ embedder: "default" }, { embedder: "ollama:nomic-embed-text" }]);
    assert.equal(closes(), 1);
    await holder.get(core, providerSettings, embeddingModel());
    assert.equal(opened.length, 2);
  });

  it("a provider that cannot embed falls back to hashing with a warning, without reopening", async () => {
    const { core, opened } = countingCore();
    const a = await holder.get(core, hashSettings, chatOnlyModel);
    const b = await holder.get(
      core,
      readSettings((k) => ({ "memory.embedder": "provider", provider: "openai" })[k]),
      chatOnlyModel,
    );
    assert.equal(b, a);
    assert.deepEqual(opened, [{ embedder: "default" }]);
    assert.deepEqual(log.lines, [
      "warn: The openai provider cannot embed; the failure memory uses the built-in hashing embedder.",
    ]);
  });

  it("a memory that cannot open gives undefined and one warning; the session does not retry", async () => {
    const { core, opened } = countingCore(new Error("EACCES: permission denied, mkdir '/ro/memory'"));
    assert.equal(await holder.get(core, hashSettings, chatOnlyModel), undefined);
    assert.equal(await holder.get(core, hashSettings, chatOnlyModel), undefined);
    assert.equal(opened.length, 1);
    assert.deepEqual(log.lines, [
      "warn: Failure memory is off for this session: EACCES: permission denied, mkdir '/ro/memory'",
    ]);
  });

  it("close releases the memory once; the next run opens it again", async () => {
    const { core, opened, closes } = countingCore();
    await holder.get(core, hashSettings, chatOnlyModel);
    await holder.close();
    await holder.close();
    assert.equal(closes(), 1);
    assert.ok(await holder.get(core, hashSettings, chatOnlyModel));
    assert.equal(opened.length, 2);
  });

  it("a failing close is logged, not thrown", async () => {
    const { core } = countingCore();
    const memory = await holder.get(core, hashSettings, chatOnlyModel);
    (memory as unknown as { close(): Promise<void> }).close = () => Promise.reject(new Error("disk full"));
    await holder.close();
    assert.deepEqual(log.lines, ["warn: Closing the failure memory failed: disk full"]);
  });

  it("two runs asking at the same moment share one memory (none is left open)", async () => {
    const { core, opened, closes } = countingCore();
    const [a, b] = await Promise.all([
      holder.get(core, hashSettings, chatOnlyModel),
      holder.get(core, hashSettings, chatOnlyModel),
    ]);
    assert.equal(b, a);
    assert.equal(opened.length, 1);
    await holder.close();
    assert.equal(closes(), opened.length);
  });

  it("a close during an open still closes what that open produced", async () => {
    const { core, opened, closes } = countingCore();
    // Shutdown while a run is still opening the memory: nothing may stay open after dispose.
    const pending = holder.get(core, hashSettings, chatOnlyModel);
    await holder.close();
    assert.equal(opened.length, 1);
    assert.equal(closes(), 1);
    await pending;
  });
});
