/**
 * Maven and Gradle parsers on captured outputs. The maven-* fixtures are real `mvn -B -q test` runs through
 * `runProcess` (Surefire 3.2.5, JUnit 5.10.2, JDK 17) with the reports it appended, the project folder written
 * as /work/project. Gradle cannot run offline here: the gradle-* fixtures follow the shape of its console and
 * of its JUnit XML writer (`name="test()"`, the exception type inside `message`, escaped stack text).
 */
import assert from "node:assert/strict";
import { describeHangs } from "../../../agent-core/loop/hangs";
import { parseTestOutput, sniffFramework } from "../../../agent-core/testing/parsers";
import { javaLocation } from "../../../agent-core/testing/parsers/javaStack";
import type { TestReport } from "../../../agent-core/testing/types";
import { fixture } from "./helpers";

const cwd = "/work/project";
const parse = async (framework: "maven" | "gradle", name: string, exitCode = 1, consoleOnly = false) => {
  let text = await fixture(name);
  if (consoleOnly) text = text.slice(0, text.indexOf("[junit report"));
  return parseTestOutput(framework, text, exitCode, { cwd });
};
const failure = (r: TestReport, id: string) => {
  const found = r.failures.find((f) => f.id === id);
  assert.ok(found, `no failure ${id} in ${r.failures.map((f) => f.id).join(", ")}`);
  return found;
};

describe("Maven (Surefire) output and reports", () => {
  it("reads every test from the reports: status, expected/actual, the project's own frame, duration", async () => {
    const r = await parse("maven", "maven-failures");
    assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed], [4, 6, 1, false]);
    assert.equal(r.tests.length, 11);
    assert.equal(r.tests.find((t) => t.id === "demo.CalcTest > skipped")?.status, "skipped");
    assert.equal(r.tests.find((t) => t.id === "demo.CalcTest > addsPairs(int, int, int)[2]")?.status, "passed");
    const greet = failure(r, "demo.CalcTest > greetsByName");
    assert.equal(
      greet.message,
      "org.opentest4j.AssertionFailedError: greeting ==> expected: <Hello, Ada!> but was: <Hello Ada>",
    );
    assert.deepEqual(
      [greet.expected, greet.actual, greet.location],
      ["Hello, Ada!", "Hello Ada", "src/test/java/demo/CalcTest.java:19"],
    );
    assert.equal(greet.durationMs, 148);
    const add = failure(r, "demo.CalcTest > addsTwoNumbers");
    assert.deepEqual([add.expected, add.actual], ["5", "-1"]);
    // An exception thrown in the code under test points at that code, not at the test.
    const divide = failure(r, "demo.CalcTest > dividesByZero");
    assert.deepEqual(
      [divide.message, divide.location],
      ["java.lang.IllegalStateException: no divisor", "src/main/java/demo/Calc.java:13"],
    );
    assert.equal(divide.expected, undefined);
    const nested = failure(r, "demo.CalcTest$WithNegatives > addsNegative");
    assert.equal(
      nested.location,
      "src/test/java/demo/CalcTest.java:47",
      "a nested class lives in its outer class's file",
    );
    const npe = failure(r, "demo.TextTest > nullInput");
    assert.match(npe.message ?? "", /^java\.lang\.NullPointerException: Cannot invoke "String\.toUpperCase\(\)"/);
    assert.equal(npe.location, "src/main/java/demo/Text.java:7");
  });

  it("reads the same failures from the console when no report was appended", async () => {
    const withReports = await parse("maven", "maven-failures");
    const r = await parse("maven", "maven-failures", 1, true);
    assert.deepEqual([r.passed, r.failed, r.skipped], [4, 6, 1], "counts from Surefire's summary line");
    const strip = (t: TestReport["failures"][number]) => ({ ...t, durationMs: undefined });
    assert.deepEqual(r.failures.map(strip), withReports.failures.map(strip));
  });

  it("passes a green run with every test listed", async () => {
    const r = await parse("maven", "maven-passing", 0);
    assert.deepEqual([r.passed, r.failed, r.skipped, r.failures.length], [10, 0, 1, 0]);
  });

  it("reads only the tests a filtered run wrote", async () => {
    const r = await parse("maven", "maven-filtered");
    assert.deepEqual(
      r.tests.map((t) => `${t.status} ${t.id}`),
      ["failed demo.CalcTest > addsTwoNumbers", "passed demo.TextTest > shouts"],
    );
  });

  it("reports compile errors once each as a crash, with file, line and the compiler's details", async () => {
    const main = await parse("maven", "maven-compile-error");
    assert.equal(main.crashed, true);
    assert.deepEqual(
      main.failures.map((f) => [f.id, f.location, f.message]),
      [
        [
          "src/main/java/demo/Calc.java",
          "src/main/java/demo/Calc.java:5",
          "src/main/java/demo/Calc.java:5:21: error: ';' expected",
        ],
      ],
    );
    const test = await parse("maven", "maven-test-compile-error");
    assert.equal(test.failures.length, 1, "the compiler plugin prints each error twice");
    assert.equal(test.failures[0].location, "src/test/java/demo/TextTest.java:16");
    assert.match(
      test.failures[0].message ?? "",
      /cannot find symbol\n {2}symbol: {3}method wordList\(java\.lang\.String\)\n {2}location: class demo\.Text$/,
    );
  });

  it("names a test stopped by JUnit's per-test timeout as hanging, at the loop's line", async () => {
    const r = await parse("maven", "maven-per-test-timeout");
    assert.deepEqual([r.passed, r.failed], [1, 1]);
    const hang = failure(r, "demo.LoopTest > spinsForever");
    assert.equal(
      hang.location,
      "src/test/java/demo/LoopTest.java:17",
      "the frame in the cause, under the timeout thread",
    );
    assert.match(hang.message ?? "", /Caused by: .*ExecutionTimeoutException/);
    assert.deepEqual(describeHangs(r, []), [
      '"demo.LoopTest > spinsForever" did not finish within 3 s: stopped by the per-test timeout (an infinite loop?)',
    ]);
  });

  it("has no tests to show for a run killed on the overall timeout, and a build that cannot resolve is a crash", async () => {
    const killed = await parse("maven", "maven-timed-out", 143);
    assert.deepEqual([killed.tests.length, killed.failures[0]?.id], [0, "(test run)"]);
    const unresolved = await parse("maven", "maven-unresolved");
    assert.equal(unresolved.crashed, true);
    assert.equal(unresolved.failures[0].id, "(build)");
    assert.match(unresolved.failures[0].message ?? "", /^Failed to execute goal .*could not be resolved/);
  });

  it("is recognised from its output", async () => {
    for (const name of ["maven-failures", "maven-compile-error", "maven-unresolved"])
      assert.equal(sniffFramework(await fixture(name)), "maven", name);
    for (const name of ["pytest-q-failures", "jest-failures", "vitest-failures", "node-tap-failures"])
      assert.notEqual(sniffFramework(await fixture(name)), "maven", name);
  });
});

describe("Gradle output and reports", () => {
  it("reads the JUnit XML Gradle writes: names with (), the type inside the message, escaped stacks", async () => {
    const r = await parse("gradle", "gradle-failures");
    assert.deepEqual([r.passed, r.failed, r.skipped, r.crashed], [1, 2, 1, false]);
    const add = failure(r, "demo.CalcTest > addsTwoNumbers()");
    assert.deepEqual([add.expected, add.actual, add.location], ["5", "-1", "src/test/java/demo/CalcTest.java:14"]);
    assert.equal(failure(r, "demo.CalcTest > dividesByZero()").location, "src/main/java/demo/Calc.java:13");
  });

  it("falls back to the console's one-line failures and summary", async () => {
    const r = await parse("gradle", "gradle-failures", 1, true);
    assert.deepEqual([r.passed, r.failed, r.skipped], [1, 2, 1]);
    assert.equal(
      failure(r, "CalcTest > addsTwoNumbers()").message,
      "org.opentest4j.AssertionFailedError at CalcTest.java:14",
    );
  });

  it("reports javac errors as a crash with the source line and caret", async () => {
    const r = await parse("gradle", "gradle-compile-error");
    assert.equal(r.crashed, true);
    assert.equal(r.failures[0].location, "src/main/java/demo/Calc.java:5");
    assert.match(r.failures[0].message ?? "", /error: ';' expected\n {8}return a - b\n {20}\^$/);
    assert.equal(sniffFramework(await fixture("gradle-compile-error")), "gradle");
  });
});

describe("Java stack frames", () => {
  it("skips the JDK, JUnit, assertion libraries and build tools, whatever the module prefix", () => {
    const lines = [
      "\tat java.base@17.0.15/java.lang.reflect.Method.invoke(Method.java:569)",
      "\tat app//org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:531)",
      "\tat org.assertj.core.api.AbstractAssert.isEqualTo(AbstractAssert.java:90)",
      "\tat org.apache.maven.surefire.booter.ForkedBooter.main(ForkedBooter.java:495)",
      "\tat jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
      "\tat app//shop.cart.Cart$Line.total(Cart.java:42)",
    ];
    assert.equal(javaLocation(lines, "shop.cart.CartTest"), "src/main/java/shop/cart/Cart.java:42");
    assert.equal(javaLocation(["\tat Bob.hey(Bob.java:3)"], "BobTest"), "src/main/java/Bob.java:3", "default package");
    assert.equal(javaLocation(lines.slice(0, 5), "shop.cart.CartTest"), undefined);
  });
});
