/** Workspace-trust guard. Pure so the refusal can be tested with an untrusted state injected. */

/** Outcome of a trust check: allowed, or refused with the message to show. */
export type TrustCheck = { allowed: true } | { allowed: false; message: string };

/**
 * Running tests or applying model edits executes workspace code, so both need a trusted workspace.
 * @param isTrusted `vscode.workspace.isTrusted`
 * @param action what the user asked for, e.g. "run tests"
 */
export function checkWorkspaceTrust(isTrusted: boolean, action: string): TrustCheck {
  if (isTrusted) return { allowed: true };
  return {
    allowed: false,
    message:
      `Greenloop cannot ${action} in Restricted Mode: running tests executes code from this workspace. ` +
      `Trust the workspace (Workspaces: Manage Workspace Trust) to continue.`,
  };
}
