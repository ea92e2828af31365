/**
 * The test runners, one module each. A new runner is its module plus one line here; `TestFramework` and the
 * config's enum are derived from this list. Order matters where commands can name two runners
 * (`vitest --config jest.config.ts` is vitest): the first whose sniff matches wins.
 */
import { cargoRunner } from "./cargo";
import { goRunner } from "./go";
import { gradleRunner } from "./gradle";
import { jestRunner } from "./jest";
import { mavenRunner } from "./maven";
import { mochaRunner } from "./mocha";
import { nodeRunner } from "./node";
import { pytestRunner } from "./pytest";
import type { TestRunner } from "./types";
import { vitestRunner } from "./vitest";

const RUNNERS = [
  vitestRunner,
  jestRunner,
  mochaRunner,
  pytestRunner,
  cargoRunner,
  nodeRunner,
  goRunner,
  mavenRunner,
  gradleRunner,
] as const;

export type TestRunnerId = (typeof RUNNERS)[number]["id"];

export const TEST_RUNNERS: readonly TestRunner<TestRunnerId>[] = RUNNERS;

/** The runners' ids and "unknown", for the config's enum. */
export const TEST_FRAMEWORKS: readonly ["unknown", ...TestRunnerId[]] = ["unknown", ...RUNNERS.map((r) => r.id)];

export type { TestRunner } from "./types";

/** The runner called `id`, or undefined for "unknown" (and any id no runner has). */
export function runnerFor(id: string): TestRunner<TestRunnerId> | undefined {
  return TEST_RUNNERS.find((r) => r.id === id);
}
