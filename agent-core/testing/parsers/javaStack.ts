/**
 * Java exception texts (a JUnit report's failure body, or the same trace printed on the console): the message
 * the model reads, expected/actual of JUnit and AssertJ assertions, and the first frame of the project's own
 * code as a source path in the Maven/Gradle layout.
 */
import type { TestCaseResult } from "../types";
import { compactMessage } from "./common";

/** A stack line: `at [module@version/ | app//]pkg.Class.method(File.java:12)`. */
const FRAME = /^\s*at\s+(?:[\w.$@-]*\/{1,2})?([\w$.<>]+)\.([\w$<>-]+)\(([^():]+)(?::(\d+))?\)\s*$/;
const CAUSE = /^\s*Caused by: /;
/** Frames of the JDK, JUnit, assertion libraries and the build tools, which say nothing about the user's code. */
export const JAVA_LIBRARY_FRAME =
  /^(?:java|javax|jdk|sun|com\.sun|org\.junit|junit|org\.opentest4j|org\.hamcrest|org\.assertj|org\.apache\.maven|org\.gradle|worker\.org\.gradle)\./;

/** JUnit 4 and 5 (`expected: <5> but was: <4>`, with an optional `message ==> ` before). */
const JUNIT_VALUES = /expected: ?<([\s\S]*?)> but was: ?<([\s\S]*)>\s*$/;
/** AssertJ's `isEqualTo`: `expected: "x"\n but was: "y"`. */
const ASSERTJ_VALUES = /expected: ([\s\S]*?)\n\s*but was: ([\s\S]*?)\s*$/;

/** Message, expected/actual and location of one failed test from its exception text. */
export function describeJavaFailure(
  stack: string,
  testClass: string,
  message?: string,
): Pick<TestCaseResult, "message" | "expected" | "actual" | "location"> {
  const lines = stack.replace(/\r\n/g, "\n").split("\n");
  // The exception's own text is everything above its first frame; causes add their first line.
  const first = lines.findIndex((l) => FRAME.test(l));
  const head = [...(first < 0 ? lines : lines.slice(0, first)), ...lines.filter((l) => CAUSE.test(l))].map((l) =>
    l.trim(),
  );
  const text = compactMessage(head.some((l) => l) ? head : [message ?? ""]);
  const values = valuesOf(message ?? head[0]?.replace(/^[\w.$]+(?:Error|Exception|Failure)\w*: /, "") ?? "");
  return { message: text || undefined, ...values, location: javaLocation(lines, testClass) };
}

function valuesOf(message: string): { expected?: string; actual?: string } {
  const junit = JUNIT_VALUES.exec(message);
  if (junit) return { expected: junit[1], actual: junit[2] };
  const assertj = ASSERTJ_VALUES.exec(message);
  if (assertj) return { expected: assertj[1].trim(), actual: assertj[2].trim() };
  return {};
}

/**
 * "src/test/java/demo/CalcTest.java:15" for the first frame of the project's own code. Frames carry only a file
 * name, so the folder comes from the package and the Maven/Gradle layout: the test's own class lives under
 * src/test/java, other classes under src/main/java.
 */
export function javaLocation(lines: string[], testClass: string): string | undefined {
  for (const line of lines) {
    const frame = FRAME.exec(line);
    if (!frame?.[4] || JAVA_LIBRARY_FRAME.test(`${frame[1]}.`)) continue;
    const className = frame[1];
    const pkg = className.includes(".") ? className.slice(0, className.lastIndexOf(".")).replace(/\./g, "/") : "";
    const outer = (name: string) => name.split("$")[0];
    const root = outer(className) === outer(testClass) ? "src/test/java" : "src/main/java";
    return `${root}/${pkg ? `${pkg}/` : ""}${frame[3]}:${frame[4]}`;
  }
  return undefined;
}
