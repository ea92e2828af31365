/**
 * What a failed request to an editor model (`vscode.lm`) means for the user, and what to do about it. Pure (no
 * `vscode` import) so every case is checked in plain Node.
 */
import type { ModelErrorKind } from "../../agent-core/providers/types";

/** The command that lists the editor's models. */
export const CHOOSE_MODEL_COMMAND_TITLE = "Greenloop: Choose Editor Model";

/** The parts of a thrown error looked at: `LanguageModelError` carries `code`; cancellation is named "Canceled". */
export interface EditorErrorLike {
  name?: string;
  code?: string;
  message?: string;
}

/** A failure ready for the core's ModelError. */
export interface EditorModelFailure {
  kind: ModelErrorKind;
  message: string;
  retryable: boolean;
}

/** Quota and rate limits, as model providers word them in codes and messages. */
const QUOTA = /quota|rate.?limit|too many requests|limit (?:exceeded|reached)|exceeded .*limit/i;

/** Maps a thrown value from `sendRequest` or the response stream to a clear message with the action to take. */
export function describeEditorModelError(error: unknown, model: string): EditorModelFailure {
  const e = (
    typeof error === "object" && error !== null ? error : { message: error === undefined ? "" : String(error) }
  ) as EditorErrorLike;
  const said = (e.message ?? "").trim();
  const detail = said ? ` (${said})` : "";
  const name = e.name ?? "";
  const code = e.code ?? "";
  if (name === "Canceled" || name === "AbortError" || code === "Canceled") {
    return { kind: "cancelled", message: "The request to the editor model was cancelled.", retryable: false };
  }
  if (QUOTA.test(code) || (name === "LanguageModelError" && QUOTA.test(said))) {
    return {
      kind: "rate-limited",
      message: `The editor model ${model} has used up its quota or rate limit${detail}. Wait until it resets, or choose another model with "${CHOOSE_MODEL_COMMAND_TITLE}".`,
      retryable: false,
    };
  }
  switch (code) {
    case "NoPermissions":
      return {
        kind: "auth",
        message: `Greenloop may not use the editor model ${model}${detail}. Run again and choose Allow when the editor asks, or allow Greenloop under Accounts → Manage Language Model Access.`,
        retryable: false,
      };
    case "Blocked":
      return {
        kind: "rate-limited",
        message: `The editor blocked Greenloop's request to ${model}${detail}: too many requests, or the extension is blocked from this model. Wait a minute and run again, or choose another model with "${CHOOSE_MODEL_COMMAND_TITLE}".`,
        retryable: false,
      };
    case "NotFound":
      return {
        kind: "not-found",
        message: `The editor model ${model} is not available any more${detail}: its extension was disabled, signed out or removed. Choose another with "${CHOOSE_MODEL_COMMAND_TITLE}".`,
        retryable: false,
      };
    default:
      return {
        kind: "server",
        message: `The editor model ${model} failed${detail || " without saying why"}.`,
        retryable: true,
      };
  }
}
