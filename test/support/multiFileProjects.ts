/**
 * Small red projects whose bug is not (only) in the file a run is started on: a helper the target imports,
 * named only in a stack trace or not at all, and a bug that needs edits in two files. Each comes with the
 * answer that fixes it, as SEARCH/REPLACE blocks.
 */
import path from "node:path";
import { block } from "./cliHarness";

const ROOT = path.resolve(__dirname, "../..");
/** tsx's command, to run TypeScript tests with node:test. */
export const TSX_BIN = path.join(ROOT, "node_modules", ".bin", "tsx");

/** JavaScript: the target `cart.js` calls `lib/money.js`, which throws; the test names only the target. */
export const JS_HELPER_THROWS = {
  files: {
    "package.json": JSON.stringify({ name: "shop", version: "1.0.0", scripts: { test: "node --test" } }, null, 2),
    "cart.js": [
      'const { formatPrice } = require("./lib/money");',
      "",
      "function receipt(items) {",
      "  const sum = items.reduce((s, item) => s + item.price * item.qty, 0);",
      "  return `Total: ${formatPrice(sum)}`;",
      "}",
      "",
      "module.exports = { receipt };",
      "",
    ].join("\n"),
    "lib/money.js": [
      "/** A price as dollars and cents. */",
      "function formatPrice(amount) {",
      '  return "$" + amount.toFixd(2);',
      "}",
      "",
      "module.exports = { formatPrice };",
      "",
    ].join("\n"),
    "test/cart.test.js": [
      'const test = require("node:test");',
      'const assert = require("node:assert/strict");',
      'const { receipt } = require("../cart");',
      "",
      'test("receipt totals the items", () => {',
      '  assert.equal(receipt([{ price: 1.5, qty: 2 }]), "Total: $3.00");',
      "});",
      "",
    ].join("\n"),
  },
  target: "cart.js",
  helper: "lib/money.js",
  fix: block("lib/money.js", '  return "$" + amount.toFixd(2);', '  return "$" + amount.toFixed(2);'),
};

/** TypeScript: the target `src/table.ts` imports `src/format.ts`, whose wrong result fails an assertion in the test. */
export const TS_HELPER_WRONG = {
  files: {
    "package.json": JSON.stringify({ name: "table", version: "1.0.0", private: true }, null, 2),
    "src/table.ts": [
      'import { padLeft } from "./format";',
      "",
      "/** One row of a text table, every cell right-aligned to `width`. */",
      "export function row(cells: string[], width: number): string {",
      '  return cells.map((cell) => padLeft(cell, width)).join("|");',
      "}",
      "",
    ].join("\n"),
    "src/format.ts": [
      "/** `text` padded on the left to `width` characters. */",
      "export function padLeft(text: string, width: number): string {",
      "  return text.padEnd(width);",
      "}",
      "",
      "/** `text` padded on the right to `width` characters. */",
      "export function padRight(text: string, width: number): string {",
      "  return text.padEnd(width);",
      "}",
      "",
    ].join("\n"),
    "test/table.test.ts": [
      'import assert from "node:assert/strict";',
      'import { test } from "node:test";',
      'import { row } from "../src/table";',
      "",
      'test("row right-aligns its cells", () => {',
      '  assert.equal(row(["a", "bb"], 3), "  a| bb");',
      "});",
      "",
    ].join("\n"),
  },
  target: "src/table.ts",
  helper: "src/format.ts",
  testCommand: `${TSX_BIN} --test test/table.test.ts`,
  fix: block(
    "src/format.ts",
    "export function padLeft(text: string, width: number): string {\n  return text.padEnd(width);",
    "export function padLeft(text: string, width: number): string {\n  return text.padStart(width);",
  ),
};

/** Python: the target `shop/cart.py` calls `shop/tax.py`, which raises; the test imports only the target. */
export const PY_HELPER_RAISES = {
  files: {
    "pytest.ini": "[pytest]\npythonpath = .\n",
    "shop/__init__.py": "",
    "shop/cart.py": [
      "from shop.tax import tax_for",
      "",
      "",
      "def total(items):",
      "    return round(sum(price + tax_for(category, price) for category, price in items), 2)",
      "",
    ].join("\n"),
    "shop/tax.py": [
      'RATES = {"food": 0.05, "books": 0.0}',
      "",
      "",
      "def tax_for(category, amount):",
      "    rate = RATES[category.lower]",
      "    return round(amount * rate, 2)",
      "",
    ].join("\n"),
    "tests/test_cart.py": [
      "from shop.cart import total",
      "",
      "",
      "def test_total_adds_tax():",
      '    assert total([("Food", 10.0), ("books", 5.0)]) == 15.5',
      "",
    ].join("\n"),
  },
  target: "shop/cart.py",
  helper: "shop/tax.py",
  fix: block("shop/tax.py", "    rate = RATES[category.lower]", "    rate = RATES[category.lower()]"),
};

/** JavaScript: the perimeter forgets to double and the unit table divides the wrong way; both must change. */
export const JS_TWO_FILES = {
  files: {
    "package.json": JSON.stringify({ name: "geometry", version: "1.0.0", scripts: { test: "node --test" } }, null, 2),
    "geometry.js": [
      'const { toMeters } = require("./units");',
      "",
      "function perimeter(width, height, unit) {",
      "  return toMeters(width + height, unit);",
      "}",
      "",
      "module.exports = { perimeter };",
      "",
    ].join("\n"),
    "units.js": [
      "const PER_METER = { m: 1, cm: 100, mm: 1000 };",
      "",
      "function toMeters(value, unit) {",
      "  return value * PER_METER[unit];",
      "}",
      "",
      "module.exports = { toMeters };",
      "",
    ].join("\n"),
    "test/geometry.test.js": [
      'const test = require("node:test");',
      'const assert = require("node:assert/strict");',
      'const { perimeter } = require("../geometry");',
      "",
      'test("perimeter of a 100 cm by 50 cm rectangle is 3 m", () => {',
      '  assert.equal(perimeter(100, 50, "cm"), 3);',
      "});",
      "",
    ].join("\n"),
  },
  target: "geometry.js",
  fixGeometry: block(
    "geometry.js",
    "  return toMeters(width + height, unit);",
    "  return toMeters(2 * (width + height), unit);",
  ),
  fixUnits: block("units.js", "  return value * PER_METER[unit];", "  return value / PER_METER[unit];"),
  wrongUnits: block("units.js", "  return value * PER_METER[unit];", "  return value * 0.1;"),
};

/** Python, started from the test file: it imports `billing/invoice.py`, whose helper `billing/rates.py` is wrong. */
export const PY_FROM_TEST = {
  files: {
    "pytest.ini": "[pytest]\npythonpath = .\n",
    "billing/__init__.py": "",
    "billing/invoice.py": [
      "from billing.rates import hourly_rate",
      "",
      "",
      "def invoice_total(hours, level):",
      "    return hours * hourly_rate(level)",
      "",
    ].join("\n"),
    "billing/rates.py": [
      'RATES = {"junior": 50, "senior": 90}',
      "",
      "",
      "def hourly_rate(level):",
      '    return RATES.get(level, RATES["junior"]) - 10',
      "",
    ].join("\n"),
    "tests/test_invoice.py": [
      "from billing.invoice import invoice_total",
      "",
      "",
      "def test_senior_hours():",
      '    assert invoice_total(2, "senior") == 180',
      "",
    ].join("\n"),
  },
  test: "tests/test_invoice.py",
  target: "billing/invoice.py",
  helper: "billing/rates.py",
  fix: block(
    "billing/rates.py",
    '    return RATES.get(level, RATES["junior"]) - 10',
    '    return RATES.get(level, RATES["junior"])',
  ),
};
