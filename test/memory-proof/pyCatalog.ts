/** Bugs injected into the Python programs (reference solutions and the bug corpus). */
import type { Mutation } from "./bugClasses";

const m = (id: string, project: string, bugClass: Mutation["bugClass"], find: string, bug: string): Mutation => ({
  id,
  project,
  bugClass,
  find,
  bug,
});

/** Python bugs, grouped by class. */
export const PY_MUTATIONS: Mutation[] = [
  // off-by-one
  m("py-math-factorial-range", "python/math_operations", "off-by-one", "range(2, n + 1)", "range(2, n)"),
  m("py-data-max-index", "python/data_processor", "off-by-one", '"max": values[-1]', '"max": values[-2]'),
  m("py-dates-remaining", "python/dates", "off-by-one", "remaining = abs(n)", "remaining = abs(n) - 1"),
  m("py-math-fib-range", "python/math_operations", "off-by-one", "for _ in range(n):", "for _ in range(n - 1):"),
  // wrong comparison operator
  m("py-bank-balance-cmp", "python/bank_account", "wrong-comparison", "or balance < 0:", "or balance <= 0:"),
  m("py-math-prime-cmp", "python/math_operations", "wrong-comparison", "while i * i <= n:", "while i * i < n:"),
  m("py-dates-weekday-cmp", "python/dates", "wrong-comparison", "day.weekday() < 5", "day.weekday() <= 5"),
  m(
    "py-orders-discount-cmp",
    "python/order_service",
    "wrong-comparison",
    "if not 0 <= discount <= 100:",
    "if not 0 < discount <= 100:",
  ),
  // missing null / zero guard
  m(
    "py-calc-divide-guard",
    "python/calculator",
    "missing-guard",
    '    if b == 0:\n        raise ValueError("Cannot divide by zero")\n',
    "",
  ),
  m(
    "py-data-empty-guard",
    "python/data_processor",
    "missing-guard",
    '    if not rows:\n        raise ValueError("no rows to summarise")\n',
    "",
  ),
  m(
    "py-math-factorial-guard",
    "python/math_operations",
    "missing-guard",
    '    if n < 0:\n        raise ValueError("factorial is undefined for negative numbers")\n',
    "",
  ),
  m(
    "py-bank-self-guard",
    "python/bank_account",
    "missing-guard",
    '        if other is self:\n            raise ValueError("cannot transfer to the same account")\n',
    "",
  ),
  // wrong return value
  m(
    "py-bank-deposit-return",
    "python/bank_account",
    "wrong-return",
    '        self.history.append(("deposit", amount))\n        return self._balance',
    '        self.history.append(("deposit", amount))',
  ),
  m(
    "py-math-gcd-return",
    "python/math_operations",
    "wrong-return",
    "        a, b = b, a % b\n    return a",
    "        a, b = b, a % b\n    return b",
  ),
  m("py-data-save-return", "python/data_processor", "wrong-return", "    return len(rows)", "    return None"),
  m(
    "py-dates-add-return",
    "python/dates",
    "wrong-return",
    "            remaining -= 1\n    return day",
    "            remaining -= 1\n    return None",
  ),
  // swapped arguments
  m(
    "py-dates-business-args",
    "python/dates",
    "swapped-arguments",
    "        if is_business_day(day, holidays):\n            remaining",
    "        if is_business_day(holidays, day):\n            remaining",
  ),
  m(
    "py-orders-line-args",
    "python/order_service",
    "swapped-arguments",
    "(line_total(book, line) for line",
    "(line_total(line, book) for line",
  ),
  m(
    "py-bank-transfer-args",
    "python/bank_account",
    "swapped-arguments",
    "        self._balance -= amount\n        other._balance += amount",
    "        other._balance -= amount\n        self._balance += amount",
  ),
  m("py-calc-subtract-args", "python/calculator", "swapped-arguments", "    return a - b", "    return b - a"),
  // string case
  m("py-dates-week-case", "python/dates", "string-case", 'f"{year}-W{week:02d}"', 'f"{year}-w{week:02d}"'),
  m(
    "py-calc-message-case",
    "python/calculator",
    "string-case",
    'raise ValueError("Cannot divide by zero")',
    'raise ValueError("cannot divide by zero")',
  ),
  m(
    "py-bank-history-case",
    "python/bank_account",
    "string-case",
    'self.history.append(("withdraw", amount))',
    'self.history.append(("Withdraw", amount))',
  ),
  // wrong key
  m("py-data-mean-key", "python/data_processor", "wrong-key", '"mean": sum(values)', '"average": sum(values)'),
  m("py-orders-summary-key", "python/order_service", "wrong-key", 'return {"items": sum', 'return {"units": sum'),
  m(
    "py-orders-quantity-key",
    "python/order_service",
    "wrong-key",
    'return price * line["quantity"]',
    'return price * line["qty"]',
  ),
  m(
    "py-bank-history-key",
    "python/bank_account",
    "wrong-key",
    'other.history.append(("transfer_in", amount))',
    'other.history.append(("transfer", amount))',
  ),
  // missing await
  m(
    "py-orders-price-await",
    "python/order_service",
    "missing-await",
    "    price = await book.price_of(",
    "    price = book.price_of(",
  ),
  m(
    "py-orders-total-await",
    "python/order_service",
    "missing-await",
    "    total = await order_total(book, lines)",
    "    total = order_total(book, lines)",
  ),
  // wrong exception type
  m(
    "py-calc-divide-error",
    "python/calculator",
    "wrong-exception",
    'raise ValueError("Cannot divide by zero")',
    'raise ZeroDivisionError("Cannot divide by zero")',
  ),
  m(
    "py-bank-withdraw-error",
    "python/bank_account",
    "wrong-exception",
    'raise InsufficientFundsError(f"cannot withdraw',
    'raise ValueError(f"cannot withdraw',
  ),
  m(
    "py-math-factorial-error",
    "python/math_operations",
    "wrong-exception",
    'raise ValueError("factorial is undefined',
    'raise TypeError("factorial is undefined',
  ),
  m(
    "py-orders-unknown-error",
    "python/order_service",
    "wrong-exception",
    "raise UnknownProductError(product)",
    "raise LookupError(product)",
  ),
];
