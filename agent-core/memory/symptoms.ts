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

const MAX_VALUE_CHARS = 400;
// "expected X" / "actual Y" lines (the loop's own layout), Jest's "Expected: X" / "Received: Y",
// pytest's "Expected regex: X" / "Actual message: Y".
const EXPECTED_LINE = /^\s*expected(?: [a-z ]{1,20})?:?\s(?=\S)(.+)$/i;
const ACTUAL_LINE = /^\s*(?:actual|received)(?: [a-z ]{1,20})?:?\s(?=\S)(.+)$/i;
const CHAI = /\bexpected (.+?) to (?:deeply |strictly )*equal (.+)$/;
const NOT_EQUAL = /^(?:(at index \d+ diff:|differing items:)\s*)?(.+?) (?:!==|!=) (.+)$/i;
const PY_ASSERT = /\bassert (.+?) == (.+)$/;
const PY_ASSERT_NOT = /\bassert not (.+)$/;

const short = (text: string): string => text.trim().slice(0, MAX_VALUE_CHARS);

/**
 * Expected/actual pairs found in a failure text. Conventions: Node's `A !== B`, chai's `expected A to equal B`
 * and pytest's `assert A == B` put the actual value first.
 */
export function valuePairs(text: string): ValuePair[] {
  const pairs: ValuePair[] = [];
  let expected: string | undefined;
  let actual: string | undefined;
  let previous = "";
  for (const line of text.split("\n")) {
    const exp = EXPECTED_LINE.exec(line);
    const act = ACTUAL_LINE.exec(line);
    // Node prints "Expected values to be strictly equal:" as a heading; a trailing colon is no value.
    if (exp && !/:\s*$/.test(line)) expected = short(exp[1]);
    else if (act && !/:\s*$/.test(line)) actual = short(act[1]);
    const chai = CHAI.exec(line);
    if (chai) pairs.push({ actual: short(chai[1]), expected: short(chai[2]), weight: 1 });
    const pyAssert = PY_ASSERT.exec(line);
    if (pyAssert) pairs.push({ actual: short(pyAssert[1]), expected: short(pyAssert[2]), weight: 1 });
    const pyNot = PY_ASSERT_NOT.exec(line);
    if (pyNot && !pyAssert) pairs.push({ actual: short(pyNot[1]), expected: "False", weight: 1 });
    const notEqual = NOT_EQUAL.exec(line.trim());
    if (notEqual && !/^(?:assert|expected|actual)\b/i.test(line.trim())) {
      // pytest's "Differing items:" heading sits on the line before the items.
      const element = notEqual[1] !== undefined || /differing items:/i.test(previous);
      pairs.push({ actual: short(notEqual[2]), expected: short(notEqual[3]), weight: element ? 0.5 : 1 });
    }
    previous = line;
  }
  if (expected !== undefined && actual !== undefined) pairs.unshift({ expected, actual, weight: 1 });
  const seen = new Set<string>();
  return pairs.filter((p) => {
    const key = `${p.expected}\u0000${p.actual}`;
    return !seen.has(key) && seen.add(key);
  });
}

/** Exception expectations that failed, across Node assert, Jest, chai, pytest. */
const EXCEPTION_RULES = Object.entries({
  "expected exception not raised":
    /missing expected (?:exception|rejection)|did not raise|did not throw|expected (?:the )?(?:function|promise) to (?:throw|reject)|to have thrown|expected \[?function.*\]? to throw/i,
  "exception of another type":
    /expected to be an instance of|received error is not an instance|expected .* to be an instance of|raised an unexpected exception/i,
  "exception message differs":
    /regex pattern did not match|did not match the regular expression|does not match the expected message|expected substring|expected message/i,
  "thrown error failed validation": /validation function is expected to return|caught error:/i,
});

/** Runtime trouble named by the message, independent of language and wording. */
const NATURE_RULES = Object.entries({
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
});

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
  const exceptions = EXCEPTION_RULES.filter(([, pattern]) => pattern.test(text));
  for (const [feature] of exceptions) add(feature, 1);
  for (const [feature, pattern] of NATURE_RULES) if (pattern.test(text)) add(feature, 1);
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
  const name = testId.includes("::") ? testId.slice(testId.lastIndexOf("::") + 2) : testId;
  const words = name.match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
  const parts = words.flatMap((word) => word.replace(/([a-z0-9])([A-Z])/g, "$1 $2").split(" "));
  return parts.map((part) => part.toLowerCase()).filter((part) => part.length > 1 && !TEST_STOP_WORDS.has(part));
}
