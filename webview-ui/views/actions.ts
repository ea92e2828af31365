/** What the views can ask for; the app turns these into protocol messages. */
export interface ViewActions {
  decideHunk(path: string, hunk: number, accept: boolean): void;
  decideAll(accept: boolean): void;
  submit(): void;
  stop(): void;
  undo(): void;
  openFile(path: string, line?: number): void;
  showTraining(): void;
  setFeedback(text: string): void;
  /** Brings the proposal card into view (Run tab). */
  showProposal(): void;
}

/** Turns "test/cart.test.ts:21" or "src/a.py:3:7" into a path and a line. */
export function parseLocation(location: string): { path: string; line?: number } {
  const m = /^(.*?):(\d+)(?::\d+)?$/.exec(location.trim());
  if (!m) return { path: location.trim() };
  return { path: m[1], line: Number(m[2]) };
}
