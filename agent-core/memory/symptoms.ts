/**
 * Symptom features of a failure text: how the actual value relates to the expected one, what went wrong with
 * an expected exception, what kind of runtime trouble the message describes, and which error types it names.
 * They describe the NATURE of a failure in words that hold for any test in any language, so failures of the
 * same kind land near each other even when their values, names and wording differ.
 */
import { relationFeatures } from "./relations";
import { parsePrintedValue } from "./values";

/** An expected and an actual value as printed, and how much the pair says about the whole failure. */
export interface ValuePair {
  expected: string;
  actual: string;
  /** 1 for the failure's own values, less for one element of them. */
  weight: number;
}

// "expected X" / "actual Y" lines (the loop's own layout), Jest's "Expected: X" / "Received: Y",
// pytest's "Expected regex: X" / "Actual message: Y".
const EXPECTED_LINE = /^\s*expected(?: [a-z ]{1,20})?:?\s(?=\S)(.+)$/i;
const ACTUAL_LINE = /^\s*(?:actual|received)(?: [a-z ]{1,20})?:?\s(?=\S)(.+)$/i;
const CHAI = /\bexpected (.+?) to (?:deeply |strictly )*equal (.+)$/;
const NOT_EQUAL = /^(?:(at index \d+ diff:|differing items:)\s*)?(.+?) (?:!==|!=) (.+)$/i;
const PY_ASSERT = /\bassert (.+?) == (.+)$/;
const PY_ASSERT_NOT = /\bassert not (.+)$/;

/**
 * Expected/actual pairs found in a failure text. Conventions: Node's `A !== B`, chai's `expected A to equal B`
 * and pytest's `assert A == B` put the actual value first.
 */
export function valuePairs(text: string): ValuePair[] {
  const pairs: ValuePair[] = [];
  const short = (value: string) => value.trim().slice(0, 400);
  const pair = (actual: string, expected: string, weight = 1) =>
    pairs.push({ actual: short(actual), expected: short(expected), weight });
  let expected: string | undefined;
  let actual: string | undefined;
  let previous = "";
  for (const line of text.split("\n")) {
    const [exp, act] = [EXPECTED_LINE.exec(line), ACTUAL_LINE.exec(line)];
    // Node prints "Expected values to be strictly equal:" as a heading; a trailing colon is no value.
    const heading = /:\s*$/.test(line);
    if (exp && !heading) expected = short(exp[1]);
    else if (act && !heading) actual = short(act[1]);
    const [chai, py, pyNot] = [CHAI.exec(line), PY_ASSERT.exec(line), PY_ASSERT_NOT.exec(line)];
    if (chai) pair(chai[1], chai[2]);
    if (py) pair(py[1], py[2]);
    if (pyNot && !py) pair(pyNot[1], "False");
    const notEqual = NOT_EQUAL.exec(line.trim());
    // pytest's "Differing items:" heading sits on the line before the items.
    const element = notEqual?.[1] !== undefined || /differing items:/i.test(previous);
    if (notEqual && !/^(?:assert|expected|actual)\b/i.test(line.trim()))
      pair(notEqual[2], notEqual[3], element ? 0.5 : 1);
    previous = line;
  }
  if (expected !== undefined && actual !== undefined) pairs.unshift({ expected, actual, weight: 1 });
  const seen = new Set<string>();
  const key = (p: ValuePair) => `${p.expected}\u0000${p.actual}`;
  return pairs.filter((p) => !seen.has(key(p)) && seen.add(key(p)));
}

/** Exception expectations that failed, across Node assert, Jest, chai, pytest. */
const EXCEPTION_RULES: Record<string, RegExp> = {
  "expected exception not raised":
    /missing expected (?:exception|rejection)|did not raise|did not throw|expected (?:the )?(?:function|promise) to (?:throw|reject)|to have thrown|expected \[?function.*\]? to throw/i,
  "exception of another type":
    /expected to be an instance of|received error is not an instance|expected .* to be an instance of|raised an unexpected exception/i,
  "exception message differs":
    /regex pattern did not match|did not match the regular expression|does not match the expected message|expected substring|expected message/i,
  "thrown error failed validation": /validation function is expected to return|caught error:/i,
};

/** Runtime trouble named by the message, independent of language and wording. */
const NATURE_RULES: Record<string, RegExp> = {
  "operation on a missing value":
    /cannot read propert(?:y|ies) of (?:undefined|null)|cannot set propert(?:y|ies) of (?:undefined|null)|'NoneType' object|(?:undefined|null) is not (?:an object|iterable|a function)|cannot convert undefined or null/i,
  "operation not supported by the value's type":
    /'(?!NoneType)\w+' object has no attribute|has no attribute '|\bis not a function\b/i,
  "called something that is not a function": /is not callable|is not a function|is not a constructor/i,
  "operand of the wrong type":
    /unsupported operand type|can only concatenate|can't multiply sequence|not supported between instances|must be (?:str|int|a real number)|cannot mix bigint/i,
  "unawaited async value": /\bcoroutine\b|\bPromise\b|\[object Promise\]|was never awaited|\bawaitable\b/,
  "not-a-number value": /\bNaN\b/,
  "index out of range": /index out of range|out of bounds|list index|invalid array length/i,
  "division by zero": /division by zero|divide by zero|divided by zero/i,
  "unbounded recursion": /maximum recursion depth|maximum call stack size/i,
  "timed out": /\btimed? ?out\b|timeout of \d+/i,
  "missing name or module":
    /is not defined|no module named|cannot find module|is not exported|has no exported member|import error/i,
  "missing key": /\bKeyError\b|has no key|key not found|no such key|unknown key/i,
};

const ERROR_TYPE = /\b([A-Z][A-Za-z0-9]*(?:Error|Exception|Warning|Exit|Interrupt))\b/g;
const ASSERTION = /\bAssertionError\b|\bassert\b|expected values to be|^\s*expected\b|\bexpect\(/im;

/** Error and exception type names in order of appearance (e.g. `TypeError`, `KeyError`), without repeats. */
export const errorTypes = (text: string): string[] => [...new Set([...text.matchAll(ERROR_TYPE)].map((m) => m[1]))];

/**
 * Symptom features of a failure text with their weights: value relations of every expected/actual pair, the
 * exception expectation that failed, the runtime trouble named, and whether it is an assertion or a crash.
 */
export function symptomFeatures(text: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!text.trim()) return out;
  const add = (feature: string, weight: number) => out.set(feature, Math.max(out.get(feature) ?? 0, weight));
  for (const { expected, actual, weight } of valuePairs(text))
    for (const feature of relationFeatures(parsePrintedValue(expected), parsePrintedValue(actual)))
      add(feature, weight);
  const named = (rules: Record<string, RegExp>) => Object.keys(rules).filter((feature) => rules[feature].test(text));
  const exceptions = named(EXCEPTION_RULES);
  for (const feature of [...exceptions, ...named(NATURE_RULES)]) add(feature, 1);
  const types = errorTypes(text);
  // pytest reports a missing exception as "Failed: DID NOT RAISE", without AssertionError.
  const assertion = exceptions.length > 0 || types[0] === "AssertionError" || ASSERTION.test(text);
  add(assertion ? "assertion failed" : types.length > 0 ? "error raised" : "unclassified failure", 0.5);
  return out;
}

const TEST_STOP_WORDS = new Set(
  "test tests spec it should the a an and or of to is are in on for with when by py js ts".split(" "),
);

/**
 * Words of a test name: the file part of `file.py::test_x` ids is dropped (every test of the file shares it),
 * identifiers are split, and filler words are dropped.
 */
export function testNameWords(testId: string): string[] {
  const words =
    testId
      .split("::")
      .pop()
      ?.match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
  return words
    .flatMap((word) =>
      word
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .toLowerCase()
        .split(" "),
    )
    .filter((part) => part.length > 1 && !TEST_STOP_WORDS.has(part));
}
