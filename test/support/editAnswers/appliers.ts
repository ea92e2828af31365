/** The ways of applying a corpus answer in memory that the corpus test and the benchmark compare. */
import { applyEdit } from "../../../agent-core/edits/apply";
import { applyFileEdits } from "../../../agent-core/edits/applyFileEdits";
import { type AnswerContext, parseAnswer } from "../../../agent-core/edits/formats";
import { parseEditBlocks } from "../../../agent-core/edits/parse";
import { normalizeRelPath } from "../../../agent-core/edits/relpath";
import { isTestFile } from "../../../agent-core/edits/safety";
import type { AnswerApplier, CorpusCase } from "./types";

/** The answer context the loop builds: the shown files (tests read-only) and the workspace's files. */
export function corpusContext(c: CorpusCase): AnswerContext {
  return {
    shown: c.shown.map((p) => ({ path: p, content: c.files[p].replace(/\r\n/g, "\n"), readOnly: isTestFile(p) })),
    exists: (p) => p in c.files,
  };
}

/** Applies edits the way the loop's proposal does: test files refused, paths normalised, files held in memory. */
async function applyInMemory(c: CorpusCase, edits: Parameters<typeof applyFileEdits>[0], errors: string[]) {
  const { files, feedback } = await applyFileEdits(edits, {
    async resolve(written, out) {
      let rel: string;
      try {
        rel = normalizeRelPath(written);
      } catch (error) {
        out.push(`Refused: ${(error as Error).message}`);
        return undefined;
      }
      if (isTestFile(rel)) {
        out.push(`Refused: ${rel} is a test file.`);
        return undefined;
      }
      return rel;
    },
    read: async (rel) => c.files[rel],
  });
  const after = { ...c.files };
  for (const [rel, f] of files) if (f.after !== undefined) after[rel] = f.after;
  return { files: after, feedback: [...errors, ...feedback] };
}

/**
 * SEARCH/REPLACE only, as the loop read answers before edit formats: blocks parsed from the raw answer (no
 * reasoning removed, no other format, no file for a block without a path) and applied in order.
 */
export const blocksOnlyApplier: AnswerApplier = async (c) => {
  const parsed = parseEditBlocks(c.answer);
  const after = { ...c.files };
  const feedback = [...parsed.errors];
  for (const block of parsed.blocks) {
    const rel = (() => {
      try {
        return normalizeRelPath(block.path);
      } catch {
        return undefined;
      }
    })();
    if (rel === undefined || isTestFile(rel)) {
      feedback.push(`Refused: ${block.path}`);
      continue;
    }
    const current = after[rel];
    if (current === undefined) {
      if (block.search.trim() === "") after[rel] = block.replace;
      else feedback.push(`${rel} does not exist.`);
      continue;
    }
    const outcome = applyEdit(current, { ...block, path: rel });
    if (outcome.ok) after[rel] = outcome.content;
    else feedback.push(`${rel}: ${outcome.message}`);
  }
  return { files: after, feedback };
};

/** Every format, recognised from what arrived: the loop's reading of answers. */
export const answerApplier: AnswerApplier = async (c) => {
  const parsed = parseAnswer(c.answer, corpusContext(c));
  return applyInMemory(c, parsed.edits, parsed.errors);
};

/** The applier the corpus test and the benchmark measure. */
export const currentApplier: AnswerApplier = answerApplier;
