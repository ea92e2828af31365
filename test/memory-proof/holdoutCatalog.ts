/**
 * Holdout bugs: written apart from the retrieval features and never tuned against, so retrieval quality
 * measured on them is not flattered by the catalog the features were developed on. Every bug sits at a
 * different place than the bugs of jsCatalog.ts / pyCatalog.ts.
 */
import type { Mutation } from "./bugClasses";

const m = (id: string, project: string, bugClass: Mutation["bugClass"], find: string, bug: string): Mutation => ({
  id,
  project,
  bugClass,
  find,
  bug,
});

/** JavaScript, TypeScript and Python holdout bugs, grouped by class. */
export const HOLDOUT_MUTATIONS: Mutation[] = [
  // off-by-one: a wrong look-ahead index, `length` for `length - 1`, an extra column, 0-based line numbers,
  // a median pair shifted right, a loop that starts one too late
  m(
    "hold-js-jsonpath-set-lookahead",
    "javascript/json_path",
    "off-by-one",
    'typeof segments[index + 1] === "number"',
    'typeof segments[index] === "number"',
  ),
  m(
    "hold-js-jsonpath-set-last-index",
    "javascript/json_path",
    "off-by-one",
    "current[segments[segments.length - 1]] = value;",
    "current[segments[segments.length]] = value;",
  ),
  m(
    "hold-ts-matrix-identity-width",
    "typescript/matrix",
    "off-by-one",
    "Array.from({ length: n }, (_, j)",
    "Array.from({ length: n + 1 }, (_, j)",
  ),
  m(
    "hold-ts-config-line-base",
    "typescript/config_parser",
    "off-by-one",
    "const line = index + 1;",
    "const line = index;",
  ),
  m(
    "hold-py-data-median-pair",
    "python/data_processor",
    "off-by-one",
    "(values[middle - 1] + values[middle]) / 2",
    "(values[middle] + values[middle + 1]) / 2",
  ),
  m("hold-py-math-prime-start", "python/math_operations", "off-by-one", "    i = 2\n", "    i = 3\n"),

  // wrong comparison operator
  m(
    "hold-js-limiter-expiry-cmp",
    "javascript/rate_limiter",
    "wrong-comparison",
    "now < time + this.#windowMs",
    "now <= time + this.#windowMs",
  ),
  m(
    "hold-js-collections-chunk-loop-cmp",
    "javascript/collections",
    "wrong-comparison",
    "i < items.length; i += size",
    "i <= items.length; i += size",
  ),
  m(
    "hold-ts-workflow-can-cmp",
    "typescript/state_machine",
    "wrong-comparison",
    "return TABLE[this.#state][event] !== undefined;",
    "return TABLE[this.#state][event] === undefined;",
  ),
  m(
    "hold-ts-matrix-multiply-dims-cmp",
    "typescript/matrix",
    "wrong-comparison",
    "if (ca !== rb) throw",
    "if (ca < rb) throw",
  ),
  m("hold-py-dates-between-cmp", "python/dates", "wrong-comparison", "    while day < end:", "    while day <= end:"),
  m("hold-py-bank-amount-cmp", "python/bank_account", "wrong-comparison", "or amount <= 0:", "or amount < 0:"),

  // missing guard
  m(
    "hold-js-emitter-off-not-found-guard",
    "javascript/event_emitter",
    "missing-guard",
    "    if (index === -1) return false;\n",
    "",
  ),
  m(
    "hold-js-limiter-window-guard",
    "javascript/rate_limiter",
    "missing-guard",
    "    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);\n",
    "",
  ),
  m(
    "hold-ts-lru-get-missing-key-guard",
    "typescript/lru_cache",
    "missing-guard",
    "    if (!this.#entries.has(key)) return undefined;\n",
    "",
  ),
  m(
    "hold-ts-config-duplicate-guard",
    "typescript/config_parser",
    "missing-guard",
    '    if (Object.hasOwn(config, fullKey)) throw new ConfigSyntaxError(line, `duplicate key "${fullKey}"`);\n',
    "",
  ),
  m(
    "hold-py-dates-reversed-range-guard",
    "python/dates",
    "missing-guard",
    "    if end < start:\n        return -business_days_between(end, start, holidays)\n",
    "",
  ),
  m(
    "hold-py-bank-transfer-funds-guard",
    "python/bank_account",
    "missing-guard",
    '        if amount > self._balance:\n            raise InsufficientFundsError(f"cannot transfer {amount}: balance is {self._balance}")\n',
    "",
  ),

  // wrong return value: the wrong variable, a missing return, the original instead of a copy, a constant
  // instead of the result, a lazy reader instead of a list
  m(
    "hold-js-jsonpath-set-returns-leaf",
    "javascript/json_path",
    "wrong-return",
    "  return data;\n}",
    "  return current;\n}",
  ),
  m(
    "hold-js-emitter-emit-no-return",
    "javascript/event_emitter",
    "wrong-return",
    "    for (const entry of snapshot) entry.listener(...args);\n    return true;",
    "    for (const entry of snapshot) entry.listener(...args);",
  ),
  m(
    "hold-ts-workflow-history-original",
    "typescript/state_machine",
    "wrong-return",
    "return this.#history.map((transition) => ({ ...transition }));",
    "return this.#history;",
  ),
  m(
    "hold-ts-lru-delete-always-true",
    "typescript/lru_cache",
    "wrong-return",
    "    return this.#entries.delete(key);",
    "    this.#entries.delete(key);\n    return true;",
  ),
  m(
    "hold-py-bank-withdraw-returns-amount",
    "python/bank_account",
    "wrong-return",
    "        return self._balance\n\n    def transfer",
    "        return amount\n\n    def transfer",
  ),
  m(
    "hold-py-data-load-returns-reader",
    "python/data_processor",
    "wrong-return",
    "return list(csv.DictReader(handle))",
    "return csv.DictReader(handle)",
  ),

  // swapped arguments (and a swapped receiver / unpacking order)
  m(
    "hold-js-emitter-add-args",
    "javascript/event_emitter",
    "swapped-arguments",
    "return this.#add(event, listener);",
    "return this.#add(listener, event);",
  ),
  m(
    "hold-js-jsonpath-name-slice-args",
    "javascript/json_path",
    "swapped-arguments",
    "segments.push(path.slice(start, i));",
    "segments.push(path.slice(i, start));",
  ),
  m(
    "hold-ts-lru-evict-callback-args",
    "typescript/lru_cache",
    "swapped-arguments",
    "this.onEvict?.(oldestKey, oldestValue);",
    "this.onEvict?.(oldestValue, oldestKey);",
  ),
  m(
    "hold-ts-config-quoted-args",
    "typescript/config_parser",
    "swapped-arguments",
    "parseQuoted(rawValue, line)",
    "parseQuoted(line, rawValue)",
  ),
  m(
    "hold-py-dates-isocalendar-order",
    "python/dates",
    "swapped-arguments",
    "year, week, _ = day.isocalendar()",
    "week, year, _ = day.isocalendar()",
  ),
  m(
    "hold-py-data-update-receiver",
    "python/data_processor",
    "swapped-arguments",
    "stripped.update(numbers)",
    "numbers.update(stripped)",
  ),

  // string case
  m(
    "hold-js-emitter-error-event-case",
    "javascript/event_emitter",
    "string-case",
    'if (event === "error") throw args[0];',
    'if (event === "Error") throw args[0];',
  ),
  m(
    "hold-js-inventory-message-case",
    "javascript/inventory",
    "string-case",
    "`only ${available} of ${sku} in stock`",
    "`Only ${available} of ${sku} in stock`",
  ),
  m("hold-ts-roman-table-case", "typescript/roman_numerals", "string-case", '[4, "IV"],', '[4, "iv"],'),
  m(
    "hold-ts-config-message-case",
    "typescript/config_parser",
    "string-case",
    "super(`line ${line}: ${reason}`);",
    "super(`Line ${line}: ${reason}`);",
  ),
  m(
    "hold-py-data-clean-capitalize",
    "python/data_processor",
    "string-case",
    "value.strip() if isinstance(value, str)",
    "value.strip().capitalize() if isinstance(value, str)",
  ),
  m("hold-py-orders-total-key-case", "python/order_service", "string-case", '"total": total}', '"Total": total}'),

  // wrong key: the item instead of its key, a wrong property name, the unprefixed key, the new key instead of
  // the evicted one, a quoted variable name
  m("hold-js-collections-seen-key", "javascript/collections", "wrong-key", "    seen.add(key);", "    seen.add(item);"),
  m(
    "hold-js-inventory-stock-prop",
    "javascript/inventory",
    "wrong-key",
    "return item ? item.quantity : 0;",
    "return item ? item.qty : 0;",
  ),
  m(
    "hold-ts-config-unprefixed-key",
    "typescript/config_parser",
    "wrong-key",
    "config[fullKey] = rawValue",
    "config[key] = rawValue",
  ),
  m(
    "hold-ts-lru-evict-delete-key",
    "typescript/lru_cache",
    "wrong-key",
    "this.#entries.delete(oldestKey);",
    "this.#entries.delete(key);",
  ),
  m(
    "hold-py-bank-balance-attr",
    "python/bank_account",
    "wrong-key",
    "        self._balance = balance\n",
    "        self.balance = balance\n",
  ),
  m(
    "hold-py-data-field-literal",
    "python/data_processor",
    "wrong-key",
    "sorted(row[field] for row in rows)",
    'sorted(row["field"] for row in rows)',
  ),

  // missing await: an un-awaited read, an async callback nobody waits for, an un-awaited gather
  m(
    "hold-js-inventory-restock-await",
    "javascript/inventory",
    "missing-await",
    "(await this.#store.get(sku)) ?? { quantity: 0, price: 0 }",
    "this.#store.get(sku) ?? { quantity: 0, price: 0 }",
  ),
  m(
    "hold-js-inventory-total-foreach",
    "javascript/inventory",
    "missing-await",
    "    for (const sku of skus) {\n      const item = await this.#store.get(sku);\n      if (item) total += item.quantity * item.price;\n    }\n",
    "    skus.forEach(async (sku) => {\n      const item = await this.#store.get(sku);\n      if (item) total += item.quantity * item.price;\n    });\n",
  ),
  m(
    "hold-py-orders-gather-await",
    "python/order_service",
    "missing-await",
    "totals = await asyncio.gather(",
    "totals = asyncio.gather(",
  ),

  // wrong exception type
  m(
    "hold-js-inventory-restock-error",
    "javascript/inventory",
    "wrong-exception",
    "throw new RangeError(`amount must be",
    "throw new Error(`amount must be",
  ),
  m(
    "hold-js-limiter-limit-error",
    "javascript/rate_limiter",
    "wrong-exception",
    "throw new RangeError(`limit must be",
    "throw new TypeError(`limit must be",
  ),
  m(
    "hold-ts-config-plain-syntax-error",
    "typescript/config_parser",
    "wrong-exception",
    'throw new ConfigSyntaxError(line, "expected key = value")',
    'throw new SyntaxError("expected key = value")',
  ),
  m(
    "hold-ts-matrix-determinant-error",
    "typescript/matrix",
    "wrong-exception",
    "throw new RangeError(`Determinant needs",
    "throw new Error(`Determinant needs",
  ),
  m(
    "hold-py-math-fib-error",
    "python/math_operations",
    "wrong-exception",
    'raise ValueError("fibonacci is undefined',
    'raise IndexError("fibonacci is undefined',
  ),
  m(
    "hold-py-bank-opening-error",
    "python/bank_account",
    "wrong-exception",
    'raise ValueError("opening balance must be',
    'raise TypeError("opening balance must be',
  ),
];
