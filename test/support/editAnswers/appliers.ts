/** The ways of applying a corpus answer in memory that the corpus test and the benchmark compare. */
import { applyEdits } from "../../../agent-core/edits/applyEdits";
import { parseEditBlocks } from "../../../agent-core/edits/parse";
import { isTestFile } from "../../../agent-core/edits/safety";
import type { AnswerApplier } from "./types";

/** SEARCH/REPLACE only, as the loop applied answers before edit formats: parse blocks, apply in order. */
export const blocksOnlyApplier: AnswerApplier = async (c) => {
  const parsed = parseEditBlocks(c.answer);
  const allowed = parsed.blocks.filter((b) => !isTestFile(b.path));
  const result = applyEdits(new Map(Object.entries(c.files)), allowed);
  const feedback = [...parsed.errors, ...result.outcomes.flatMap((o) => (o.outcome.ok ? [] : [o.outcome.message]))];
  return { files: Object.fromEntries(result.contents), feedback };
};

/** The applier the corpus test and the benchmark measure. */
export const currentApplier: AnswerApplier = blocksOnlyApplier;
