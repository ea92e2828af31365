/** What the Maven and Gradle runners share: JUnit test ids, and JUnit Jupiter's per-test timeout. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PerTestTimeout, TestCommand } from "../types";
import { ID_SEPARATOR } from "./args";
import type { TimeoutMessage } from "./types";

/** A parsed id ("demo.CalcTest > addsTwoNumbers") as its class and method. */
export interface JavaTest {
  className: string;
  method: string;
}

/**
 * The class and method of each id, or undefined when one is not a test method (a compile error's file, a
 * synthetic id). Parameters and invocation numbers ("add(int, int)[1]") are dropped: the method runs whole.
 */
export function javaTests(ids: string[]): JavaTest[] | undefined {
  const tests: JavaTest[] = [];
  for (const id of ids) {
    const parts = id.split(ID_SEPARATOR);
    if (parts.length !== 2 || !/^[\w$.]+$/.test(parts[0])) return undefined;
    const method = /^[\w$]+/.exec(parts[1])?.[0];
    if (!method) return undefined;
    tests.push({ className: parts[0], method });
  }
  return tests.length ? tests : undefined;
}

/** Surefire's `-Dtest` pattern for `ids`: `demo.CalcTest#a+b,demo.OtherTest#c`. */
export function javaTestFilter(ids: string[]): string | undefined {
  const tests = javaTests(ids);
  if (!tests) return undefined;
  const byClass = new Map<string, Set<string>>();
  for (const t of tests) byClass.set(t.className, (byClass.get(t.className) ?? new Set()).add(t.method));
  return [...byClass].map(([c, methods]) => `${c}#${[...methods].join("+")}`).join(",");
}

/**
 * JUnit Jupiter's default timeout, as system properties the forked test JVM sees. The separate thread lets a
 * test that never checks for interruption (a busy loop) fail by name too. Undefined when the command or the
 * project's `junit-platform.properties` sets a timeout itself.
 */
export async function junitTimeout(cmd: TestCommand, resources: string): Promise<PerTestTimeout | undefined> {
  if (cmd.argv.some((a) => a.includes("junit.jupiter.execution.timeout"))) return undefined;
  const properties = await readFile(path.join(cmd.cwd, resources, "junit-platform.properties"), "utf8").catch(() => "");
  if (/junit\.jupiter\.execution\.timeout/.test(properties)) return undefined;
  return {
    flag: "-Djunit.jupiter.execution.timeout.default=",
    unit: "s",
    before: ["-Djunit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD"],
  };
}

/** `spinsForever() timed out after 5 seconds`. */
export const junitTimeoutMessage: TimeoutMessage = { pattern: /\) timed out after (\d+) seconds?/, unit: "s" };
