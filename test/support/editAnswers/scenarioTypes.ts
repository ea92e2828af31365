/** The shape of a corpus scenario: a source file with a bug, its intended fix, and the fix as minimal regions. */

export interface Region {
  search: string;
  replace: string;
}

export interface Scenario {
  name: string;
  target: string;
  before: string;
  after: string;
  regions: Region[];
  /** Fence language tag a model would use. */
  lang: string;
  /** Line comment prefix. */
  comment: string;
  tests: Record<string, string>;
  /** The changed lines' surrounding context also occurs elsewhere: a diff without line numbers cannot be placed. */
  duplicateContext?: boolean;
}

export const lines = (...l: string[]) => l.join("\n") + "\n";
export const crlf = (s: string) => s.replace(/\n/g, "\r\n");
