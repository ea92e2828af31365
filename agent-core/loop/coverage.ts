/** What to say when the tests pass before any change: nothing to fix, and why that may be (no test covers the file). */
import path from "node:path";
import { isTestFile } from "../edits/safety";
import { plural } from "../text/plural";
import { listWorkspaceFiles, stemOf } from "./related";

/** Test files whose name says they test `target` ("cart.ts" ← "cart.test.ts", "test_cart.py"). */
export function testFilesNamedFor(target: string, allFiles: readonly string[]): string[] {
  const stem = stemOf(target);
  return allFiles.filter((f) => f !== target && isTestFile(f) && stemOf(f).includes(stem));
}

/** A test file name to suggest for `target`, in the project's language. */
export function suggestedTestFile(target: string): string {
  const ext = path.posix.extname(target);
  const base = path.posix.basename(target, ext);
  return ext === ".py" ? `test_${base}.py` : `${base}.test${ext || ".js"}`;
}

/** The stop message of a run whose first test run was already green. */
export async function alreadyGreenMessage(
  workspace: string,
  target: string,
  counts: { passed: number; failed: number },
): Promise<string> {
  if (counts.passed === 0) {
    return `Nothing to fix: the test command ran no tests. Point the test command at the tests that cover ${target}.`;
  }
  const passing = `${plural(counts.passed, "test")} ${counts.passed === 1 ? "passes" : "pass"}`;
  const named = testFilesNamedFor(target, await listWorkspaceFiles(workspace));
  if (named.length === 0) {
    return (
      `No test covers ${target}: no test file is named for it, and the ${passing} without any change, so there is nothing to fix. ` +
      `Write a test that shows the bug (for example ${suggestedTestFile(target)}), then run the fix again.`
    );
  }
  return `Nothing to fix: the ${passing} already, including ${named.slice(0, 2).join(", ")}. Add a failing test for the bug you want fixed.`;
}
