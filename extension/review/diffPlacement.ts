/** Where a review diff may open without taking an editor from the user. Pure, so it can be tested anywhere. */

/** The active text editor as the review sees it. */
export interface ActiveEditorState {
  /** A document of the user's (a file or an untitled buffer), not a Greenloop proposal. */
  isUserDocument: boolean;
  isDirty: boolean;
  /** The user changed its text since it became the active editor. */
  typedIn: boolean;
}

/**
 * "beside" when the active editor is one the user is working in (unsaved, or typed in since it became active):
 * the diff then opens in the group next to it and never covers it; "active" otherwise.
 */
export function diffPlacement(active: ActiveEditorState | undefined): "beside" | "active" {
  return active?.isUserDocument && (active.isDirty || active.typedIn) ? "beside" : "active";
}
