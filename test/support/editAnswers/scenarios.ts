/**
 * Source files with a bug and their intended fix, the raw material of the edit-answer corpus. Each fix is also
 * given as minimal regions (SEARCH text unique in `before`), from which the answer variants are written.
 */

export interface Region {
  search: string;
  replace: string;
}

export interface Scenario {
  name: string;
  target: string;
  before: string;
  after: string;
  regions: Region[];
  /** Fence language tag a model would use. */
  lang: string;
  /** Line comment prefix. */
  comment: string;
  tests: Record<string, string>;
  /** The changed lines' surrounding context also occurs elsewhere: a diff without line numbers cannot be placed. */
  duplicateContext?: boolean;
}

const lines = (...l: string[]) => l.join("\n") + "\n";

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
  after: calcBefore.replace('  throw new Error("TODO: add");', "  return a + b;").replace('  throw new Error("TODO: multiply");', "  return a * b;"),
  regions: [
    { search: 'function add(a, b) {\n  throw new Error("TODO: add");\n}\n', replace: "function add(a, b) {\n  return a + b;\n}\n" },
    { search: 'function multiply(a, b) {\n  throw new Error("TODO: multiply");\n}\n', replace: "function multiply(a, b) {\n  return a * b;\n}\n" },
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

const calculatorBefore = lines(
  '"""Small arithmetic helpers used by the report module."""',
  "",
  "",
  "def add(a, b):",
  "    return a + b",
  "",
  "",
  "def subtract(a, b):",
  "    return a - b",
  "",
  "",
  "def divide(a, b):",
  "    # TODO: handle division by zero",
  "    return a / b",
  "",
  "",
  "def mean(values):",
  "    if not values:",
  "        return 0",
  "    return sum(values) / len(values)",
);

const calculator: Scenario = {
  name: "py-calculator",
  target: "calculator.py",
  lang: "python",
  comment: "#",
  before: calculatorBefore,
  after: calculatorBefore.replace(
    "    # TODO: handle division by zero\n",
    '    if b == 0:\n        raise ZeroDivisionError("division by zero")\n',
  ),
  regions: [
    {
      search: "def divide(a, b):\n    # TODO: handle division by zero\n    return a / b\n",
      replace: 'def divide(a, b):\n    if b == 0:\n        raise ZeroDivisionError("division by zero")\n    return a / b\n',
    },
  ],
  tests: {
    "tests/test_calculator.py": lines(
      "import pytest",
      "from calculator import divide, mean",
      "",
      "",
      "def test_divide():",
      "    assert divide(6, 3) == 2",
      "",
      "",
      "def test_divide_by_zero():",
      "    with pytest.raises(ZeroDivisionError):",
      "        divide(1, 0)",
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
      search: "    const gross = this.items.reduce((sum, i) => sum + i.price, 0);\n    return gross - discountPercent;\n",
      replace: "    const gross = this.items.reduce((sum, i) => sum + i.price * i.quantity, 0);\n    return Math.round(gross * (100 - discountPercent)) / 100;\n",
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

const textBefore = lines(
  "import re",
  "import unicodedata",
  "",
  '_NON_WORD = re.compile(r"[^a-z0-9]+")',
  "",
  "",
  "def normalize(text):",
  '    """Lower-case text and strip accents."""',
  '    decomposed = unicodedata.normalize("NFKD", text)',
  '    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()',
  "",
  "",
  'def slugify(text, separator="-"):',
  '    """Turn a title into a URL slug."""',
  "    words = _NON_WORD.split(normalize(text))",
  "    return separator.join(words)",
  "",
  "",
  "def truncate(text, limit):",
  '    """Cut text to at most limit characters, adding an ellipsis when cut."""',
  "    if len(text) <= limit:",
  "        return text",
  '    return text[:limit] + "..."',
  "",
  "",
  "def word_count(text):",
  "    return len(text.split())",
);

const textUtils: Scenario = {
  name: "py-text-utils",
  target: "text_utils.py",
  lang: "python",
  comment: "#",
  before: textBefore,
  after: textBefore
    .replace("    words = _NON_WORD.split(normalize(text))\n", "    words = [w for w in _NON_WORD.split(normalize(text)) if w]\n")
    .replace('    return text[:limit] + "..."\n', '    return text[: max(0, limit - 3)] + "..."\n'),
  regions: [
    {
      search: '    """Turn a title into a URL slug."""\n    words = _NON_WORD.split(normalize(text))\n',
      replace: '    """Turn a title into a URL slug."""\n    words = [w for w in _NON_WORD.split(normalize(text)) if w]\n',
    },
    {
      search: '    if len(text) <= limit:\n        return text\n    return text[:limit] + "..."\n',
      replace: '    if len(text) <= limit:\n        return text\n    return text[: max(0, limit - 3)] + "..."\n',
    },
  ],
  tests: {
    "tests/test_text_utils.py": lines(
      "from text_utils import slugify, truncate",
      "",
      "",
      "def test_slugify_trims_separators():",
      '    assert slugify("  Hello, World! ") == "hello-world"',
      "",
      "",
      "def test_truncate_respects_limit():",
      '    assert truncate("abcdefghij", 8) == "abcde..."',
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
      replace: "function padLeft(value, width, fill = ' ') {\n\tconst text = String(value);\n\tif (text.length >= width || fill.length === 0) {\n",
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

const billingLf = lines(
  "TAX_RATE = 0.2",
  "",
  "",
  "class Invoice:",
  "    def __init__(self, customer):",
  "        self.customer = customer",
  "        self.lines = []",
  "",
  "    def add_line(self, description, amount):",
  "        if amount < 0:",
  '            raise ValueError("amount must be positive")',
  "        self.lines.append((description, amount))",
  "",
  "    def subtotal(self):",
  "        return sum(amount for _, amount in self.lines)",
  "",
  "    def total(self):",
  "        return self.subtotal() * TAX_RATE",
);
const crlf = (s: string) => s.replace(/\n/g, "\r\n");

const billing: Scenario = {
  name: "py-crlf-billing",
  target: "billing.py",
  lang: "python",
  comment: "#",
  before: crlf(billingLf),
  after: crlf(billingLf.replace("        return self.subtotal() * TAX_RATE\n", "        return round(self.subtotal() * (1 + TAX_RATE), 2)\n")),
  regions: [
    {
      search: "    def total(self):\n        return self.subtotal() * TAX_RATE\n",
      replace: "    def total(self):\n        return round(self.subtotal() * (1 + TAX_RATE), 2)\n",
    },
  ],
  tests: {
    "tests/test_billing.py": lines(
      "from billing import Invoice",
      "",
      "",
      "def test_total_adds_tax():",
      '    invoice = Invoice("acme")',
      '    invoice.add_line("widget", 100)',
      "    assert invoice.total() == 120",
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
    "export function max(values: number[]): number {\n  if (values.length === 0) {\n    throw new RangeError(\"empty input\");\n  }\n  let best = values[0];\n  for (const v of values) {\n    if (v < best) best = v;",
    "export function max(values: number[]): number {\n  if (values.length === 0) {\n    throw new RangeError(\"empty input\");\n  }\n  let best = values[0];\n  for (const v of values) {\n    if (v > best) best = v;",
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

const inventoryBefore = lines(
  '"""Stock levels for a small shop."""',
  "",
  "from dataclasses import dataclass, field",
  "",
  "",
  "@dataclass",
  "class Product:",
  "    sku: str",
  "    name: str",
  "    price: float",
  "",
  "",
  "@dataclass",
  "class Inventory:",
  "    products: dict = field(default_factory=dict)",
  "    stock: dict = field(default_factory=dict)",
  "",
  "    def register(self, product):",
  "        self.products[product.sku] = product",
  "        self.stock.setdefault(product.sku, 0)",
  "",
  "    def add(self, sku, quantity):",
  "        if quantity <= 0:",
  '            raise ValueError("quantity must be positive")',
  "        self.stock[sku] = self.stock.get(sku, 0) + quantity",
  "",
  "    def remove(self, sku, quantity):",
  "        self.stock[sku] = self.stock.get(sku, 0) - quantity",
  "",
  "    def quantity(self, sku):",
  "        return self.stock.get(sku, 0)",
  "",
  "    def low_stock(self, threshold=5):",
  "        return sorted(sku for sku, n in self.stock.items() if n < threshold)",
  "",
  "    def total_value(self):",
  "        total = 0.0",
  "        for sku, n in self.stock.items():",
  "            total += self.products[sku].price * n",
  "        return round(total, 2)",
  "",
  "    def to_dict(self):",
  "        return {",
  '            "products": {sku: vars(p) for sku, p in self.products.items()},',
  '            "stock": dict(self.stock),',
  "        }",
  "",
  "    @classmethod",
  "    def from_dict(cls, data):",
  "        inventory = cls()",
  '        for sku, fields in data["products"].items():',
  "            inventory.register(Product(**fields))",
  '        inventory.stock.update(data["stock"])',
  "        return inventory",
);

const inventory: Scenario = {
  name: "py-inventory",
  target: "shop/inventory.py",
  lang: "python",
  comment: "#",
  before: inventoryBefore,
  after: inventoryBefore.replace(
    "    def remove(self, sku, quantity):\n        self.stock[sku] = self.stock.get(sku, 0) - quantity\n",
    '    def remove(self, sku, quantity):\n        available = self.stock.get(sku, 0)\n        if quantity > available:\n            raise ValueError(f"only {available} of {sku} in stock")\n        self.stock[sku] = available - quantity\n',
  ),
  regions: [
    {
      search: "    def remove(self, sku, quantity):\n        self.stock[sku] = self.stock.get(sku, 0) - quantity\n",
      replace:
        '    def remove(self, sku, quantity):\n        available = self.stock.get(sku, 0)\n        if quantity > available:\n            raise ValueError(f"only {available} of {sku} in stock")\n        self.stock[sku] = available - quantity\n',
    },
  ],
  tests: {
    "tests/test_inventory.py": lines(
      "import pytest",
      "from shop.inventory import Inventory, Product",
      "",
      "",
      "def test_remove_more_than_stock_fails():",
      "    inv = Inventory()",
      '    inv.register(Product("a", "Apple", 0.5))',
      '    inv.add("a", 3)',
      "    with pytest.raises(ValueError):",
      '        inv.remove("a", 4)',
    ),
  },
};

export const SCENARIOS: readonly Scenario[] = [calc, calculator, cart, textUtils, format, billing, stats, inventory];
