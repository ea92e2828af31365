/**
 * A run started on a test file fixes the sources that test exercises, never the test: the source is paired with
 * the test by its imports and name (`findSourceForTest`), the test's own file runs first, and whatever else the
 * test imports, or its failures' stacks pass through, is shown beside the source and may be edited too.
 */
import path from "node:path";
import { StopRun } from "./context";
import { findSourceForTest, type SourceReason } from "./sourceForTest";

export interface PairedSource {
  /** The source to fix, workspace-relative. */
  target: string;
  reason: SourceReason;
}

/** The source `testRel` exercises; a StopRun saying why when none can be told. */
export async function pairTestWithSource(workspace: string, testRel: string): Promise<PairedSource> {
  const choice = await findSourceForTest(workspace, { file: path.join(workspace, testRel), texts: [], frames: [] });
  if (choice.target === undefined) throw new StopRun("error", choice.message);
  return { target: choice.target, reason: choice.reason };
}

/** What the run says when it starts from a test file. */
export function pairedMessage(testRel: string, paired: PairedSource): string {
  return `${testRel} is a test file: fixing ${paired.target}, which it exercises (${paired.reason}); the test stays as it is.`;
}
