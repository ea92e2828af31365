import assert from "node:assert/strict";
import { relationFeatures } from "../../../agent-core/memory/relations";
import { errorTypes, symptomFeatures, testNameWords, valuePairs } from "../../../agent-core/memory/symptoms";
import { embeddingText, splitEmbeddingText } from "../../../agent-core/memory/text";
import { parsePrintedValue } from "../../../agent-core/memory/values";

/** Relation features of two printed values (expected first, as the runner printed them). */
function relate(expected: string, actual: string): string[] {
  return relationFeatures(parsePrintedValue(expected), parsePrintedValue(actual));
}

describe("memory: printed values", () => {
  it("reads JavaScript and Python literals", () => {
    assert.deepEqual(parsePrintedValue("-6"), { kind: "number", value: -6 });
    assert.ok(Number.isNaN((parsePrintedValue("NaN") as { value: number }).value));
    assert.deepEqual(parsePrintedValue("None"), { kind: "nullish", literal: "None" });
    assert.deepEqual(parsePrintedValue("undefined"), { kind: "nullish", literal: "undefined" });
    assert.deepEqual(parsePrintedValue("True"), { kind: "boolean", value: true });
    // Names an object inherits are words like any other, never numbers.
    for (const word of ["toString", "constructor", "hasOwnProperty"])
      assert.notEqual(parsePrintedValue(word).kind, "number", word);
    assert.deepEqual(parsePrintedValue("'it\\'s'"), { kind: "string", value: "it's" });
    assert.deepEqual(parsePrintedValue("[1, 'a', ...]"), {
      kind: "list",
      items: [
        { kind: "number", value: 1 },
        { kind: "string", value: "a" },
      ],
      truncated: true,
    });
    assert.deepEqual(parsePrintedValue("{ debug: false, server.port: 8080 }"), {
      kind: "object",
      entries: [
        ["debug", { kind: "boolean", value: false }],
        ["server.port", { kind: "number", value: 8080 }],
      ],
      truncated: false,
    });
    assert.deepEqual(parsePrintedValue("datetime.date(2024, 3, 4)"), {
      kind: "call",
      name: "datetime.date",
      args: [
        { kind: "number", value: 2024 },
        { kind: "number", value: 3 },
        { kind: "number", value: 4 },
      ],
    });
  });

  it("recognises unawaited values and gives up on unreadable text without throwing", () => {
    assert.equal(parsePrintedValue("Promise { <pending> }").kind, "promise");
    assert.equal(parsePrintedValue("[object Promise]").kind, "promise");
    assert.equal(parsePrintedValue("<coroutine object order_total at 0x7f2facbb0b40>").kind, "promise");
    assert.deepEqual(parsePrintedValue("{'count': 4, ...an': 2.5"), {
      kind: "other",
      text: "{'count': 4, ...an': 2.5",
    });
    assert.equal(parsePrintedValue("[".repeat(50)).kind, "other");
    assert.equal(parsePrintedValue("'unterminated").kind, "other");
  });
});

describe("memory: relation features", () => {
  it("relates numbers: off by one, negated, zero, reciprocal, whole factor", () => {
    assert.ok(relate("8", "9").includes("off by one") && relate("8", "9").includes("one too many"));
    assert.ok(relate("6", "-6").includes("sign flipped"));
    assert.ok(!relate("6", "5").includes("sign flipped"));
    assert.ok(relate("14", "0").includes("actual zero"));
    assert.ok(relate("4", "0.25").includes("reciprocal"));
    assert.ok(relate("15511210043330985984000000", "620448401733239439360000").includes("off by a whole factor"));
    assert.ok(!relate("1", "4").includes("off by a whole factor"), "small integers are not a meaningful factor");
    assert.deepEqual(relate("700", "NaN").slice(0, 3), ["expected number", "actual nan", "number became nan"]);
  });

  it("relates missing, flipped and unawaited values", () => {
    assert.ok(relate("25", "None").includes("actual missing"));
    assert.ok(relate("25", "undefined").includes("number became nullish"));
    assert.ok(relate("false", "true").includes("boolean flipped"));
    assert.ok(relate("5", "Promise { <pending> }").includes("actual not awaited"));
    assert.ok(relate("false", "'FALSE'").includes("value left as text"));
  });

  it("relates strings: case, reversal, truncation, missing characters", () => {
    assert.ok(relate("'2021-W05'", "'2021-w05'").includes("case differs"));
    assert.ok(relate("'2021-W05'", "'2021-w05'").includes("actual lower case"));
    assert.ok(!relate("'paid'", "'pending'").includes("case differs"));
    assert.ok(relate("'abc'", "'cba'").includes("string reversed"));
    assert.ok(relate("'hello w…'", "'hello wo…'").includes("length off by one"));
    assert.ok(relate("'hello-world'", "'hello'").includes("actual is a prefix"));
    assert.ok(relate("'hello-world'", "'ello-orld'").includes("characters missing"));
    assert.ok(relate("'I'", "''").includes("actual empty-string"));
  });

  it("relates lists: order, shift, missing tail, and the first differing item", () => {
    assert.ok(relate("[1, 2, 3]", "[3, 1, 2]").includes("list reordered"));
    assert.ok(relate("[1, 2, 3]", "[3, 2, 1]").includes("list reversed"));
    assert.ok(relate("[1, 1, 2, 6, 24, 120]", "[1, 1, 1, 2, 6, 24]").includes("list shifted by one"));
    assert.ok(
      !relate("[true, true, true, false]", "[true, true, true, true]").includes("list shifted by one"),
      "one differing item is not a shift",
    );
    assert.ok(relate("[true, true, true, false]", "[true, true, true, true]").includes("item boolean flipped"));
    const short = relate("['c', 'b']", "['c']");
    assert.ok(short.includes("list missing tail items") && short.includes("list length off by one"), short.join(", "));
    assert.ok(relate("[2, 3, 5, 7]", "[]").includes("actual empty-list"));
  });

  it("relates objects: a renamed key with the same value, a changed field", () => {
    const renamed = relate("{'items': 3, 'total': 12.0}", "{'total': 12.0, 'units': 3}");
    assert.ok(renamed.includes("key renamed, same value"), renamed.join(", "));
    const changed = relate("{'max': 4.0}", "{'max': 3.0}");
    assert.ok(changed.includes("same keys") && changed.includes("field off by one"), changed.join(", "));
    assert.ok(relate("datetime.date(2024, 3, 4)", "datetime.date(2024, 3, 1)").includes("same constructor"));
  });
});

describe("memory: symptom features", () => {
  it("finds expected/actual pairs in the layouts of Node, pytest, chai, Jest and the loop", () => {
    assert.deepEqual(valuePairs("AssertionError: Expected values to be strictly equal:\n\n-6 !== 6"), [
      { actual: "-6", expected: "6", weight: 1 },
    ]);
    assert.deepEqual(valuePairs("AssertionError: assert -6 == 6\n +  where -6 = subtract(10, 4)"), [
      { actual: "-6", expected: "6", weight: 1 },
    ]);
    assert.deepEqual(valuePairs("AssertionError: expected 3 to equal 4"), [{ actual: "3", expected: "4", weight: 1 }]);
    assert.deepEqual(valuePairs("expect(received).toBe(expected)\n\nExpected: 5\nReceived: undefined"), [
      { expected: "5", actual: "undefined", weight: 1 },
    ]);
    assert.deepEqual(valuePairs("message\nexpected 'short'\nactual 'shor…'"), [
      { expected: "'short'", actual: "'shor…'", weight: 1 },
    ]);
    const py = valuePairs("assert [1, 2] == [1, 3]\n\n  At index 1 diff: 2 != 3");
    assert.deepEqual(py[1], { actual: "2", expected: "3", weight: 0.5 }, "an element of the values weighs less");
    assert.deepEqual(
      valuePairs("Expected values to be strictly deep-equal:\n+ actual - expected"),
      [],
      "headings are not values",
    );
  });

  it("names exception expectations and runtime trouble the same way across languages", () => {
    assert.ok(
      symptomFeatures("AssertionError: Missing expected exception (RangeError).").has("expected exception not raised"),
    );
    assert.ok(symptomFeatures("Failed: DID NOT RAISE <class 'ValueError'>").has("expected exception not raised"));
    assert.ok(symptomFeatures("Failed: DID NOT RAISE <class 'ValueError'>").has("assertion failed"));
    assert.ok(
      symptomFeatures('The error is expected to be an instance of "RangeError". Received "Error"').has(
        "exception of another type",
      ),
    );
    for (const text of [
      "TypeError: Cannot read properties of undefined (reading 'length')",
      "AttributeError: 'NoneType' object has no attribute 'strip'",
    ]) {
      assert.ok(symptomFeatures(text).has("operation on a missing value"), text);
    }
    assert.ok(
      symptomFeatures("TypeError: unsupported operand type(s) for *: 'coroutine' and 'int'").has(
        "unawaited async value",
      ),
    );
    assert.ok(symptomFeatures("ZeroDivisionError: division by zero").has("error raised"));
    assert.equal(symptomFeatures("   ").size, 0);
  });

  it("lists error type names in order without repeats", () => {
    assert.deepEqual(
      errorTypes("AssertionError: Missing expected exception (RangeError). RangeError again; KeyError"),
      ["AssertionError", "RangeError", "KeyError"],
    );
    assert.deepEqual(errorTypes("no types here, just an error"), []);
  });

  it("takes the words of a test name, dropping the file part and filler", () => {
    assert.deepEqual(testNameWords("test_dates.py::test_add_business_days_skips_weekend"), [
      "add",
      "business",
      "days",
      "skips",
      "weekend",
    ]);
    assert.deepEqual(testNameWords("LRU > get refreshes recency"), ["lru", "get", "refreshes", "recency"]);
    assert.deepEqual(testNameWords("fromRoman is case-insensitive"), ["from", "roman", "case", "insensitive"]);
  });

  it("puts the test name on a first line that the embedder splits off again", () => {
    const text = embeddingText({ testId: "math >\n adds", message: "boom", errorText: "boom\nexpected 3" });
    assert.equal(text, "[test] math > adds\nboom\nexpected 3");
    assert.deepEqual(splitEmbeddingText(text), { test: "math > adds", body: "boom\nexpected 3" });
    assert.deepEqual(splitEmbeddingText("plain text"), { test: "", body: "plain text" });
    assert.equal(embeddingText({ testId: " ", message: "", errorText: "x" }), "x");
  });
});
