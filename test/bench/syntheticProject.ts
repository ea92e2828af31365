/**
 * A generated "large" JS project for the prompt benchmark: a 2,000-line source file and a node:test suite
 * whose real output (failure diagnostics plus log noise) is about 100 KB.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** Shape of the generated project. */
export interface SyntheticShape {
  sourceLines: number;
  tests: number;
  /** Every n-th test fails. */
  failEvery: number;
  /** Lines each test logs (noise a raw-output prompt carries along). */
  logLines: number;
}

/** About 100 KB of raw output from node --test on Node 20. */
export const LARGE_SHAPE: SyntheticShape = { sourceLines: 2_000, tests: 120, failEvery: 4, logLines: 8 };

export const SYNTHETIC_TARGET = "src/inventory.js";
export const SYNTHETIC_TEST = "test/inventory.test.js";

function source(lines: number): string {
  const out = [`"use strict";`, `// Inventory rules, one small function per rule.`];
  const names: string[] = [];
  for (let i = 0; out.length + 9 <= lines - 1; i++) {
    names.push(`rule${i}`);
    out.push(
      `/** Rule ${i}: adjusts a stock level by its own factor. */`,
      `function rule${i}(stock) {`,
      `  const factor = ${(i % 9) + 1};`,
      `  if (stock < ${i % 50}) {`,
      `    return stock * factor;`,
      `  }`,
      // Every rule divisible by 4 carries an off-by-one, so the tests on it fail.
      `  return stock + factor${i % 4 === 0 ? " + 1" : ""};`,
      `}`,
      ``,
    );
  }
  while (out.length < lines - 1) out.push(`// (end of rules)`);
  out.push(`module.exports = { ${names.join(", ")} };`, ``);
  return out.join("\n");
}

function testFile(shape: SyntheticShape): string {
  const out = [
    `const { test } = require("node:test");`,
    `const assert = require("node:assert/strict");`,
    `const inventory = require("../src/inventory.js");`,
    ``,
  ];
  for (let t = 0; t < shape.tests; t++) {
    // Rules 0..216 exist in a 2,000-line file; multiples of 4 are the buggy ones.
    const rule = 4 * (t % 55) + (t % shape.failEvery === 0 ? 0 : 1);
    const factor = (rule % 9) + 1;
    out.push(
      `test("rule${rule} keeps large stock in step (case ${t})", () => {`,
      `  for (let k = 0; k < ${shape.logLines}; k++) console.log(\`[inventory] case ${t} step \${k}: warehouse=w${t % 7} sku=SKU-${1000 + t} level=\${k * ${t}}\`);`,
      `  assert.deepStrictEqual({ rule: ${rule}, level: inventory.rule${rule}(100) }, { rule: ${rule}, level: ${100 + factor} });`,
      `});`,
    );
  }
  return out.join("\n") + "\n";
}

/** Writes the project into `root` (created). */
export async function createSyntheticProject(root: string, shape: SyntheticShape = LARGE_SHAPE): Promise<void> {
  await mkdir(path.join(root, "src"), { recursive: true });
  await mkdir(path.join(root, "test"), { recursive: true });
  await writeFile(
    path.join(root, "package.json"),
    JSON.stringify({ name: "inventory", version: "1.0.0", scripts: { test: "node --test test/" } }, null, 2),
  );
  await writeFile(path.join(root, SYNTHETIC_TARGET), source(shape.sourceLines));
  await writeFile(path.join(root, SYNTHETIC_TEST), testFile(shape));
}
