/**
 * The loop benchmark's world: a small real JS project in a temp folder, a model that answers instantly with
 * a valid edit that never fixes anything, and a test executor that replays one real test run instantly.
 * Both implement the loop's own ports directly, so the measured time is the loop's.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { estimateTokens } from "../../agent-core/loop/prompts";
import type { TestExecOptions, TestExecutor } from "../../agent-core/ports";
import type { ChatRequest, ChatResponse, ModelProvider } from "../../agent-core/providers/types";
import { runProcess } from "../../agent-core/testing";
import type { ProcessResult, TestCommand } from "../../agent-core/testing/types";

/** The file the loop is asked to fix, relative to the project. */
export const TARGET_FILE = "src/pricing.js";
const REVISION_RE = /const REVISION = (\d+);/;

function pricingSource(): string {
  const helpers: string[] = [];
  for (let i = 0; i < 12; i++) {
    helpers.push(
      `/** Rounded share ${i} of an amount. */`,
      `function share${i}(amount) {`,
      `  const rate = ${(i + 1) / 100};`,
      `  return Math.round(amount * rate * 100) / 100;`,
      `}`,
      ``,
    );
  }
  return [
    `"use strict";`,
    `// Revision counter: the benchmark model bumps it so every proposed patch differs.`,
    `const REVISION = 0;`,
    ``,
    ...helpers,
    `/** Price after a percentage discount, never below zero. */`,
    `function discounted(price, percent) {`,
    `  // Bug kept on purpose: the discount is added instead of subtracted.`,
    `  return Math.max(0, price + (price * percent) / 100);`,
    `}`,
    ``,
    `function total(items) {`,
    `  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);`,
    `}`,
    ``,
    `module.exports = { REVISION, discounted, total, ${Array.from({ length: 12 }, (_, i) => `share${i}`).join(", ")} };`,
    ``,
  ].join("\n");
}

const TEST_SOURCE = `const { test } = require("node:test");
const assert = require("node:assert/strict");
const { discounted, total, share0, share5 } = require("../src/pricing.js");

test("total sums price times quantity", () => {
  assert.equal(total([{ price: 2, quantity: 3 }, { price: 1.5, quantity: 2 }]), 9);
});
test("total of nothing is zero", () => {
  assert.equal(total([]), 0);
});
test("share0 takes one percent", () => {
  assert.equal(share0(250), 2.5);
});
test("share5 takes six percent", () => {
  assert.equal(share5(100), 6);
});
test("discounted subtracts the percentage", () => {
  assert.equal(discounted(200, 25), 150);
});
`;

/** Writes the project (source, test, and unrelated files so the workspace listing has work to do). */
export async function createLoopProject(root: string): Promise<void> {
  await mkdir(path.join(root, "src", "lib"), { recursive: true });
  await mkdir(path.join(root, "test"), { recursive: true });
  await writeFile(
    path.join(root, "package.json"),
    JSON.stringify({ name: "bench-shop", version: "1.0.0", scripts: { test: "node --test test/" } }, null, 2),
  );
  await writeFile(path.join(root, TARGET_FILE), pricingSource());
  await writeFile(path.join(root, "test", "pricing.test.js"), TEST_SOURCE);
  for (let i = 0; i < 40; i++) {
    await writeFile(
      path.join(root, "src", "lib", `module${i}.js`),
      `"use strict";\nmodule.exports = function module${i}(x) {\n  return x + ${i};\n};\n`,
    );
  }
}

/** The project's real test command (node's built-in runner, TAP output when piped). */
export function loopTestCommand(root: string): TestCommand {
  return { argv: [process.execPath, "--test", "test/pricing.test.js"], cwd: root, framework: "node" };
}

/** Runs the project's tests once for real; the result is what the canned executor replays. */
export async function captureTestRun(root: string): Promise<ProcessResult> {
  const result = await runProcess(loopTestCommand(root), { timeoutMs: 60_000 });
  if (result.exitCode === 0)
    throw new Error("The loop benchmark project was expected to have one failing test, but all passed.");
  return result;
}

/** Wall time spent inside the model and the test executor, attributed to the loop iteration that was current. */
export class PortTimer {
  current = 0;
  readonly excluded = new Map<number, number>();

  add(ms: number): void {
    this.excluded.set(this.current, (this.excluded.get(this.current) ?? 0) + ms);
  }
}

/** Answers instantly with a well-formed SEARCH/REPLACE block that bumps REVISION: it applies, it fixes nothing. */
export class InstantModel implements ModelProvider {
  readonly id = "openai" as const;
  readonly model = "bench-instant";
  calls = 0;

  constructor(private readonly timer: PortTimer) {}

  async chat(req: ChatRequest): Promise<ChatResponse> {
    const t0 = performance.now();
    this.calls++;
    const prompt = req.messages.map((m) => m.content).join("\n");
    const revision = Number(REVISION_RE.exec(prompt)?.[1] ?? "0");
    const content = [
      TARGET_FILE,
      "<<<<<<< SEARCH",
      `const REVISION = ${revision};`,
      "=======",
      `const REVISION = ${revision + 1};`,
      ">>>>>>> REPLACE",
      "",
    ].join("\n");
    const response: ChatResponse = {
      content,
      usage: { promptTokens: estimateTokens(req.messages), completionTokens: estimateTokens(content) },
      model: this.model,
      finishReason: "stop",
      durationMs: 0,
      usageEstimated: true,
    };
    this.timer.add(performance.now() - t0);
    return response;
  }
}

/** Returns the captured test run at once, whatever command (full or filtered) the loop asks for. */
export class CannedTests implements TestExecutor {
  calls = 0;

  constructor(
    private readonly result: ProcessResult,
    private readonly timer: PortTimer,
  ) {}

  async execute(_command: TestCommand, _options: TestExecOptions): Promise<ProcessResult> {
    const t0 = performance.now();
    this.calls++;
    const copy = { ...this.result };
    this.timer.add(performance.now() - t0);
    return copy;
  }
}
