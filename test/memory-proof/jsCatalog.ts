/** Bugs injected into the JavaScript and TypeScript programs (reference solutions and the bug corpus). */
import type { Mutation } from "./bugClasses";

const m = (id: string, project: string, bugClass: Mutation["bugClass"], find: string, bug: string): Mutation => ({ id, project, bugClass, find, bug });

/** JavaScript / TypeScript bugs, grouped by class. */
export const JS_MUTATIONS: Mutation[] = [
  // off-by-one
  m("js-collections-chunk-slice", "javascript/collections", "off-by-one", "items.slice(i, i + size)", "items.slice(i, i + size - 1)"),
  m("js-strings-truncate-slice", "javascript/string_utils", "off-by-one", "text.slice(0, max - 1)", "text.slice(0, max)"),
  m("js-limiter-retry-index", "javascript/rate_limiter", "off-by-one", "hits[hits.length - this.#limit]", "hits[hits.length - this.#limit - 1]"),
  m("ts-roman-upper-bound", "typescript/roman_numerals", "off-by-one", "n > 3999", "n > 4000"),
  m("ts-matrix-transpose-length", "typescript/matrix", "off-by-one", "{ length: columns }, (_, j)", "{ length: columns - 1 }, (_, j)"),
  // wrong comparison operator
  m("js-limiter-acquire-cmp", "javascript/rate_limiter", "wrong-comparison", "if (hits.length >= this.#limit) return false;", "if (hits.length > this.#limit) return false;"),
  m("js-strings-truncate-cmp", "javascript/string_utils", "wrong-comparison", "if (text.length <= max) return text;", "if (text.length < max) return text;"),
  m("ts-lru-evict-cmp", "typescript/lru_cache", "wrong-comparison", "if (this.#entries.size > this.capacity) {", "if (this.#entries.size >= this.capacity) {"),
  m("ts-roman-while-cmp", "typescript/roman_numerals", "wrong-comparison", "while (rest >= value) {", "while (rest > value) {"),
  m("ts-matrix-sign-cmp", "typescript/matrix", "wrong-comparison", "(j % 2 === 0 ? 1 : -1)", "(j % 2 !== 0 ? 1 : -1)"),
  // missing null / zero guard
  m("ts-calc-divide-guard", "typescript/calculator", "missing-guard", "  if (b === 0) throw new DivisionByZeroError();\n", ""),
  m("js-jsonpath-null-guard", "javascript/json_path", "missing-guard", "current === null || typeof current", "typeof current"),
  m("js-emitter-listener-guard", "javascript/event_emitter", "missing-guard", '  on(event, listener) {\n    if (typeof listener !== "function") throw new TypeError("listener must be a function");\n', "  on(event, listener) {\n"),
  m("js-strings-truncate-guard", "javascript/string_utils", "missing-guard", "  if (max < 1) throw new RangeError(`max must be at least 1, got ${max}`);\n", ""),
  m("ts-lru-capacity-guard", "typescript/lru_cache", "missing-guard", "    if (!Number.isInteger(capacity) || capacity < 1) {\n      throw new RangeError(`capacity must be an integer >= 1, got ${capacity}`);\n    }\n", ""),
  // wrong return value
  m("js-collections-unique-return", "javascript/collections", "wrong-return", "  return unique;\n", "  return items;\n"),
  m("js-emitter-off-return", "javascript/event_emitter", "wrong-return", "    entries.splice(index, 1);\n    return true;\n  }\n\n  /** Calls", "    entries.splice(index, 1);\n  }\n\n  /** Calls"),
  m("ts-lru-get-return", "typescript/lru_cache", "wrong-return", "    this.#entries.set(key, value);\n    return value;", "    this.#entries.set(key, value);\n    return undefined;"),
  m("ts-workflow-send-return", "typescript/state_machine", "wrong-return", "    return to;\n  }", "    return transition.from;\n  }"),
  // swapped arguments
  m("ts-calc-subtract-args", "typescript/calculator", "swapped-arguments", "return subtract(a, b);", "return subtract(b, a);"),
  m("ts-calc-divide-args", "typescript/calculator", "swapped-arguments", "return divide(a, b);", "return divide(b, a);"),
  m("ts-roman-startswith-args", "typescript/roman_numerals", "swapped-arguments", "numeral.startsWith(symbol, index)", "symbol.startsWith(numeral, index)"),
  m("js-collections-predicate-args", "javascript/collections", "swapped-arguments", "(predicate(item, index) ?", "(predicate(index, item) ?"),
  m("ts-workflow-error-args", "typescript/state_machine", "swapped-arguments", "new InvalidTransitionError(this.#state, event)", "new InvalidTransitionError(event as never, this.#state as never)"),
  // string case
  m("js-strings-slugify-case", "javascript/string_utils", "string-case", "    .toLowerCase()\n    .replace(/[^a-z0-9]+/g", "    .replace(/[^a-z0-9]+/g"),
  m("js-strings-palindrome-case", "javascript/string_utils", "string-case", "const chars = text.toLowerCase()", "const chars = text"),
  m("ts-roman-upper-case", "typescript/roman_numerals", "string-case", "const numeral = text.toUpperCase();", "const numeral = text;"),
  m("ts-config-bool-case", "typescript/config_parser", "string-case", "const lower = value.toLowerCase();", "const lower = value;"),
  // wrong key
  m("js-limiter-hits-key", "javascript/rate_limiter", "wrong-key", "    hits.push(this.#now());\n    this.#hits.set(key, hits);", '    hits.push(this.#now());\n    this.#hits.set("default", hits);'),
  m("ts-config-section-key", "typescript/config_parser", "wrong-key", "prefix = `${section}.`;", "prefix = `${section}_`;"),
  m("ts-workflow-table-key", "typescript/state_machine", "wrong-key", 'delivered: { refund: "refunded" },', 'delivered: { return: "refunded" } as never,'),
  m("js-inventory-put-key", "javascript/inventory", "wrong-key", "await this.#store.put(sku, { ...item, quantity });", "await this.#store.put(item.sku, { ...item, quantity });"),
  // missing await
  m("js-inventory-stock-await", "javascript/inventory", "missing-await", "  async stockOf(sku) {\n    const item = await this.#store.get(sku);", "  async stockOf(sku) {\n    const item = this.#store.get(sku);"),
  m("js-inventory-total-await", "javascript/inventory", "missing-await", "      const item = await this.#store.get(sku);\n      if (item) total", "      const item = this.#store.get(sku);\n      if (item) total"),
  m("js-inventory-reserve-await", "javascript/inventory", "missing-await", "  async reserve(sku, amount) {\n    const item = await this.#store.get(sku);", "  async reserve(sku, amount) {\n    const item = this.#store.get(sku);"),
  // wrong exception type
  m("js-collections-chunk-error", "javascript/collections", "wrong-exception", "throw new RangeError(`size must be", "throw new TypeError(`size must be"),
  m("ts-roman-range-error", "typescript/roman_numerals", "wrong-exception", "throw new RangeError(`Only integers", "throw new TypeError(`Only integers"),
  m("ts-roman-syntax-error", "typescript/roman_numerals", "wrong-exception", "throw new SyntaxError(`Not a canonical", "throw new Error(`Not a canonical"),
  m("ts-matrix-shape-error", "typescript/matrix", "wrong-exception", 'throw new RangeError("All rows must have the same length")', 'throw new Error("All rows must have the same length")'),
  m("js-jsonpath-syntax-error", "javascript/json_path", "wrong-exception", "throw new SyntaxError(`Invalid path", "throw new Error(`Invalid path"),
];
