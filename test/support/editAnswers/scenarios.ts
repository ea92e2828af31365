/**
 * Source files with a bug and their intended fix, the raw material of the edit-answer corpus. Each fix is also
 * given as minimal regions (SEARCH text unique in `before`), from which the answer variants are written.
 * The JavaScript and TypeScript ones are here; the Python ones in pythonScenarios.ts.
 */
import { billing, calculator, inventory, textUtils } from "./pythonScenarios";
import { lines, type Scenario } from "./scenarioTypes";

export type { Region, Scenario } from "./scenarioTypes";

const calcBefore = lines(
  "// TODO: implement add and multiply",
  "function add(a, b) {",
  '  throw new Error("TODO: add");',
  "}",
  "",
  "/** Subtracts b from a. */",
  "function subtract(a, b) {",
  "  return a - b;",
  "}",
  "",
  "function multiply(a, b) {",
  '  throw new Error("TODO: multiply");',
  "}",
  "",
  "module.exports = { add, subtract, multiply };",
);

const calc: Scenario = {
  name: "js-calc",
  target: "calc.js",
  lang: "javascript",
  comment: "//",
  before: calcBefore,
  after: calcBefore
    .replace('  throw new Error("TODO: add");', "  return a + b;")
    .replace('  throw new Error("TODO: multiply");', "  return a * b;"),
  regions: [
    {
      search: 'function add(a, b) {\n  throw new Error("TODO: add");\n}\n',
      replace: "function add(a, b) {\n  return a + b;\n}\n",
    },
    {
      search: 'function multiply(a, b) {\n  throw new Error("TODO: multiply");\n}\n',
      replace: "function multiply(a, b) {\n  return a * b;\n}\n",
    },
  ],
  tests: {
    "test/calc.test.js": lines(
      'const test = require("node:test");',
      'const assert = require("node:assert/strict");',
      'const { add, multiply } = require("../calc");',
      "",
      'test("add adds two numbers", () => {',
      "  assert.equal(add(2, 3), 5);",
      "});",
      "",
      'test("multiply multiplies two numbers", () => {',
      "  assert.equal(multiply(3, 4), 12);",
      "});",
    ),
  },
};

const cartBefore = lines(
  "export interface Item {",
  "  sku: string;",
  "  price: number;",
  "  quantity: number;",
  "}",
  "",
  "export class Cart {",
  "  private readonly items: Item[] = [];",
  "",
  "  add(item: Item): void {",
  "    const existing = this.items.find((i) => i.sku === item.sku);",
  "    if (existing) {",
  "      existing.quantity += item.quantity;",
  "      return;",
  "    }",
  "    this.items.push({ ...item });",
  "  }",
  "",
  "  count(): number {",
  "    return this.items.reduce((n, i) => n + i.quantity, 0);",
  "  }",
  "",
  "  /** Total price after a percentage discount (0-100). */",
  "  total(discountPercent = 0): number {",
  "    const gross = this.items.reduce((sum, i) => sum + i.price, 0);",
  "    return gross - discountPercent;",
  "  }",
  "}",
);

const cart: Scenario = {
  name: "ts-cart",
  target: "src/cart.ts",
  lang: "typescript",
  comment: "//",
  before: cartBefore,
  after: cartBefore.replace(
    "    const gross = this.items.reduce((sum, i) => sum + i.price, 0);\n    return gross - discountPercent;\n",
    "    const gross = this.items.reduce((sum, i) => sum + i.price * i.quantity, 0);\n    return Math.round(gross * (100 - discountPercent)) / 100;\n",
  ),
  regions: [
    {
      search:
        "    const gross = this.items.reduce((sum, i) => sum + i.price, 0);\n    return gross - discountPercent;\n",
      replace:
        "    const gross = this.items.reduce((sum, i) => sum + i.price * i.quantity, 0);\n    return Math.round(gross * (100 - discountPercent)) / 100;\n",
    },
  ],
  tests: {
    "test/cart.test.ts": lines(
      'import { test } from "node:test";',
      'import assert from "node:assert/strict";',
      'import { Cart } from "../src/cart";',
      "",
      'test("total multiplies by quantity and applies the discount", () => {',
      "  const cart = new Cart();",
      '  cart.add({ sku: "a", price: 10, quantity: 3 });',
      "  assert.equal(cart.total(10), 27);",
      "});",
    ),
  },
};

const formatBefore = lines(
  "'use strict';",
  "",
  "/**",
  " * Pads a value on the left to the given width.",
  " */",
  "function padLeft(value, width, fill) {",
  "\tconst text = String(value);",
  "\tif (text.length >= width) {",
  "\t\treturn text;",
  "\t}",
  "\treturn fill.repeat(width - text.length) + text;",
  "}",
  "",
  "function formatRow(cells, widths) {",
  "\treturn cells.map(function (cell, i) {",
  "\t\treturn padLeft(cell, widths[i]);",
  "\t}).join(' | ');",
  "}",
  "",
  "module.exports = { padLeft, formatRow };",
);

const format: Scenario = {
  name: "js-tabs-format",
  target: "lib/format.js",
  lang: "js",
  comment: "//",
  before: formatBefore,
  after: formatBefore
    .replace("function padLeft(value, width, fill) {", "function padLeft(value, width, fill = ' ') {")
    .replace("\tif (text.length >= width) {", "\tif (text.length >= width || fill.length === 0) {"),
  regions: [
    {
      search: "function padLeft(value, width, fill) {\n\tconst text = String(value);\n\tif (text.length >= width) {\n",
      replace:
        "function padLeft(value, width, fill = ' ') {\n\tconst text = String(value);\n\tif (text.length >= width || fill.length === 0) {\n",
    },
  ],
  tests: {
    "test/format.test.js": lines(
      "const test = require('node:test');",
      "const assert = require('node:assert/strict');",
      "const { padLeft, formatRow } = require('../lib/format');",
      "",
      "test('padLeft pads with spaces by default', () => {",
      "\tassert.equal(padLeft(7, 3), '  7');",
      "});",
      "",
      "test('formatRow aligns cells', () => {",
      "\tassert.equal(formatRow([1, 22], [2, 3]), ' 1 |  22');",
      "});",
    ),
  },
};

const statsBefore = lines(
  "export function min(values: number[]): number {",
  "  if (values.length === 0) {",
  '    throw new RangeError("empty input");',
  "  }",
  "  let best = values[0];",
  "  for (const v of values) {",
  "    if (v < best) best = v;",
  "  }",
  "  return best;",
  "}",
  "",
  "export function max(values: number[]): number {",
  "  if (values.length === 0) {",
  '    throw new RangeError("empty input");',
  "  }",
  "  let best = values[0];",
  "  for (const v of values) {",
  "    if (v < best) best = v;",
  "  }",
  "  return best;",
  "}",
  "",
  "export function range(values: number[]): number {",
  "  return max(values) - min(values);",
  "}",
);

const stats: Scenario = {
  name: "ts-stats-duplicates",
  target: "src/stats.ts",
  lang: "ts",
  comment: "//",
  before: statsBefore,
  after: statsBefore.replace(
    'export function max(values: number[]): number {\n  if (values.length === 0) {\n    throw new RangeError("empty input");\n  }\n  let best = values[0];\n  for (const v of values) {\n    if (v < best) best = v;',
    'export function max(values: number[]): number {\n  if (values.length === 0) {\n    throw new RangeError("empty input");\n  }\n  let best = values[0];\n  for (const v of values) {\n    if (v > best) best = v;',
  ),
  regions: [
    {
      search:
        'export function max(values: number[]): number {\n  if (values.length === 0) {\n    throw new RangeError("empty input");\n  }\n  let best = values[0];\n  for (const v of values) {\n    if (v < best) best = v;\n',
      replace:
        'export function max(values: number[]): number {\n  if (values.length === 0) {\n    throw new RangeError("empty input");\n  }\n  let best = values[0];\n  for (const v of values) {\n    if (v > best) best = v;\n',
    },
  ],
  duplicateContext: true,
  tests: {
    "test/stats.test.ts": lines(
      'import { test } from "node:test";',
      'import assert from "node:assert/strict";',
      'import { max, range } from "../src/stats";',
      "",
      'test("max", () => assert.equal(max([3, 9, 4]), 9));',
      'test("range", () => assert.equal(range([3, 9, 4]), 6));',
    ),
  },
};

export const SCENARIOS: readonly Scenario[] = [calc, calculator, cart, textUtils, format, billing, stats, inventory];
