/**
 * What the editor tells the user when a run ends or cannot start: the text (in the editor's words, not the
 * CLI's) and the buttons that lead on. Pure: the notices module shows them.
 */

import { LANGUAGES, languageOfFile } from "../../agent-core/languages";
import type { RunSummary } from "../../agent-core/loop/runLoop";
import { plural } from "../../agent-core/text/plural";

/** Buttons a notice can carry; the first one is shown as the primary button. */
export type NoticeAction =
  | "Show Panel"
  | "Undo Run"
  | "Show Log"
  | "Open Settings"
  | "Set API Key"
  | "Train on Practice Projects";

export interface Notice {
  level: "info" | "warning" | "error";
  text: string;
  actions: NoticeAction[];
  /** What "Open Settings" searches for (a setting id, or the extension's settings). */
  settingsQuery?: string;
}

/** Search text for every Greenloop setting. */
export const ALL_SETTINGS = "@ext:greenloop.greenloop";

/** Extensions of the source files Greenloop can fix: those of the language table, lower case with the dot. */
export const SOURCE_EXTENSIONS: readonly string[] = LANGUAGES.flatMap((row) => row.extensions);

/** True for a file Greenloop can fix (a source file of a language it runs the tests of). */
export function isSourceFile(relPath: string): boolean {
  const lower = relPath.toLowerCase();
  return languageOfFile(lower) !== undefined && !/\.d\.[cm]?ts$/.test(lower);
}

const LANGUAGE_NAMES = LANGUAGES.map((row) => row.displayName).join(", ");

/**
 * Message text as a notification shows it: notifications render no Markdown code, so `code` becomes 'code';
 * hints written for the CLI name the editor's settings and commands instead.
 */
export function toastText(message: string): string {
  return forEditor(message).replace(/`([^`\n]+)`/g, "'$1'");
}

/** Rewrites the CLI's hints (flags, terminal commands) into the editor's settings and commands. */
export function forEditor(message: string): string {
  return message
    .replace(
      /Give the command explicitly, e\.g\. --test "([^"]+)"\./,
      'Set the test command in the setting greenloop.testCommand (for example "$1").',
    )
    .replace(/Undo Last Run \(`greenloop undo`\) takes it back\./, "Greenloop: Undo Last Run takes it back.")
    .replace(/`greenloop undo` or Undo Last Run can still do it\./, "Greenloop: Undo Last Run can still do it.");
}

/** Why Fix refuses a file before anything runs, or undefined when it may go ahead. */
export function refusalFor(relPath: string): Notice | undefined {
  const name = relPath.split("/").pop() ?? relPath;
  if (!isSourceFile(relPath)) {
    return {
      level: "warning",
      text: `Greenloop fixes source files that have tests (${LANGUAGE_NAMES}); ${name} is not one. Run Fix on the source file whose tests fail.`,
      actions: [],
    };
  }
  // A test file is not refused: the run fixes the source it exercises (or the test itself with allowTestEdits).
  return undefined;
}

/** The setting a configuration problem is about, from the loop's stop message; undefined when it is not one. */
export function settingFor(reason: RunSummary["reason"], message: string): string | undefined {
  if (reason === "model-error") return ALL_SETTINGS;
  if (reason === "test-error") return "greenloop.testCommand";
  if (reason === "error" && /^Invalid configuration/.test(message)) return ALL_SETTINGS;
  return undefined;
}

/**
 * How a finished run is announced. `undoable`: the run left changes that Undo would take back; `forTest`: the
 * run was started from that test. The success notice leads with the panel; Undo is never offered when nothing
 * changed.
 */
export function finishNotice(
  summary: RunSummary,
  /** `needsApiKey`: the provider takes the key from the editor's key store (a model error may be about it). */
  opts: { undoable: boolean; needsApiKey: boolean; forTest?: { test: string; target: string } },
): Notice {
  const tokens = summary.promptTokens + summary.completionTokens;
  const stats = `${plural(summary.iterations, "iteration")}, ${plural(tokens, "token")}`;
  const undo: NoticeAction[] = opts.undoable ? ["Undo Run"] : [];
  const text = toastText(summary.message);
  if (summary.reason === "green") {
    if (summary.iterations === 0) return { level: "info", text: `Greenloop: ${text}`, actions: [] };
    const { forTest } = opts;
    return {
      level: "info",
      text: forTest
        ? `Greenloop: "${forTest.test}" and the rest of the suite pass; ${forTest.target} was fixed (${stats}).`
        : `Greenloop: tests pass for ${summary.file} (${stats}).`,
      actions: ["Show Panel", ...undo],
    };
  }
  if (summary.reason === "cancelled") return { level: "info", text: `Greenloop stopped: ${text}`, actions: undo };
  const setting = settingFor(summary.reason, summary.message);
  if (setting) {
    const key: NoticeAction[] = summary.reason === "model-error" && opts.needsApiKey ? ["Set API Key"] : [];
    const lead = summary.iterations === 0 ? "Greenloop could not run" : `Greenloop stopped (${summary.reason})`;
    return {
      level: "error",
      text: `${lead}: ${text}`,
      actions: ["Open Settings", ...key, "Show Log", ...undo],
      settingsQuery: setting,
    };
  }
  return { level: "warning", text: `Greenloop stopped (${summary.reason}): ${text}`, actions: ["Show Log", ...undo] };
}

/** How a run that failed to start (an exception before the loop ran) is announced. */
export function startErrorNotice(message: string): Notice {
  const text = toastText(message);
  const config = /configuration|setting|model configured|model setting|provider/i.test(message);
  return config
    ? {
        level: "error",
        text: `Greenloop could not run: ${text}`,
        actions: ["Open Settings", "Show Log"],
        settingsQuery: ALL_SETTINGS,
      }
    : { level: "error", text: `Greenloop could not run: ${text}`, actions: ["Show Log"] };
}
