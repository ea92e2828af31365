/** Named bug classes and the shape of one injected bug. */

/** The bug classes of the labeled set. */
export const BUG_CLASSES = [
  "off-by-one",
  "wrong-comparison",
  "missing-guard",
  "wrong-return",
  "swapped-arguments",
  "string-case",
  "wrong-key",
  "missing-await",
  "wrong-exception",
] as const;

/** One named bug class. */
export type BugClass = (typeof BUG_CLASSES)[number];

/**
 * One bug injected into a correct program: `find` (which must occur exactly once in the program) is
 * replaced by `bug`. Reverting that replacement is the labeled fix.
 */
export interface Mutation {
  /** Unique, stable id, e.g. "js-collections-chunk-slice". */
  id: string;
  /** "<language>/<name>" of a practice project (bug goes into its reference solution) or a bug-corpus project. */
  project: string;
  bugClass: BugClass;
  find: string;
  bug: string;
}
