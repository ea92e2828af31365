/** The run header (file, model, state, stop reason, Stop/Undo) and the budget meters. */
import type { StopReason } from "../../agent-core/events";
import { button, formatCount, formatDuration, h } from "../dom";
import type { UndoState } from "../protocol";
import type { BudgetView, IterationView, RunView } from "../runView";
import type { ViewActions } from "./actions";

const REASON_TEXT: Record<StopReason, string> = {
  green: "Green: all tests pass",
  "max-iterations": "Stopped: iteration limit reached",
  "token-budget": "Stopped: token budget used up",
  "time-budget": "Stopped: time budget used up",
  cancelled: "Stopped by you",
  stuck: "Stopped: stuck",
  "model-error": "Stopped: the model failed",
  "test-error": "Stopped: the tests could not run",
  error: "Stopped: error",
};

/** What the loop is doing in each phase, in the user's words. */
const PHASE_TEXT: Record<string, string> = {
  plan: "running the tests",
  edit: "asking the model",
  test: "running the tests",
  reflect: "reflecting",
};

/** Why a run got stuck, in a few words that match its stop message. */
export function stuckText(message: string | undefined): string {
  const m = message ?? "";
  if (/rejected/i.test(m)) return "Stopped: stuck on a change you rejected";
  if (/same failure/i.test(m)) return "Stopped: stuck on the same failure";
  if (/already applied|same patch|same change/i.test(m)) return "Stopped: stuck on the same change";
  return "Stopped: stuck";
}

/** Short text for a run's state, as the header pill and the live region say it. */
export function runStatusText(run: RunView, current?: IterationView, undo?: UndoState): string {
  if (undo === "undone" && run.status !== "running") return "Undone: the run's changes were taken back";
  if (run.status === "interrupted") return "Interrupted: the window was reloaded";
  if (run.status === "finished" && run.reason === "stuck") return stuckText(run.message);
  if (run.status === "finished" && run.reason === "green" && run.message?.startsWith("No test covers"))
    return "Stopped: no test covers this file";
  if (run.status === "finished" && run.reason === "green" && run.message?.startsWith("Nothing to fix"))
    return "Nothing to fix: the tests already pass";
  if (run.status === "finished" && run.reason) return REASON_TEXT[run.reason];
  if (!current) return "Running";
  const waiting = current.patches.some((p) => p.status === "proposed" && p.needsApproval);
  const doing = waiting ? "waiting for your review" : current.phase ? (PHASE_TEXT[current.phase] ?? current.phase) : "";
  return `Running · iteration ${current.iteration}${doing ? ` · ${doing}` : ""}`;
}

function statusClass(run: RunView, undo?: UndoState): string {
  if (run.status === "running") return "pill pill-running";
  if (undo === "undone") return "pill pill-stopped";
  if (
    run.status === "finished" &&
    run.reason === "green" &&
    !/^(No test covers|Nothing to fix)/.test(run.message ?? "")
  )
    return "pill pill-green";
  return "pill pill-stopped";
}

function field(label: string, value: Node | string): HTMLElement {
  return h("div", { class: "field" }, [h("dt", {}, [label]), h("dd", {}, [value])]);
}

/** The header of the current run, or an empty-state note. */
export function renderHeader(
  run: RunView | undefined,
  iterations: IterationView[],
  actions: ViewActions,
  undo?: UndoState,
): HTMLElement {
  if (!run) {
    return h("section", { class: "card empty", "aria-label": "Run" }, [
      h("h2", {}, ["No run yet"]),
      h("p", {}, ["Start a fix run on a file with failing tests; its progress shows up here."]),
    ]);
  }
  const current = run.status === "running" ? iterations[iterations.length - 1] : undefined;
  const running = run.status === "running";
  const counts = run.counts;
  const fileButton = button(
    run.file,
    { class: "link", "data-focus-key": "header-file", "aria-label": `Open ${run.file}` },
    () => actions.openFile(run.file),
  );
  const fields = [
    field("File", fileButton),
    field("Model", `${run.model} (${run.provider})`),
    field("Tests", h("code", {}, [run.testCommand])),
    counts
      ? field(
          "Result",
          h("span", {}, [
            h("span", { class: "passed" }, [`${counts.passed} passed`]),
            ", ",
            h("span", { class: counts.failed > 0 ? "failed" : "muted" }, [`${counts.failed} failed`]),
            counts.skipped > 0 ? `, ${counts.skipped} skipped` : "",
          ]),
        )
      : null,
    run.message ? field("Stop reason", run.message) : null,
    run.flaky?.length ? field("Flaky tests", `${run.flaky.join(", ")} (failed once, passed when run again)`) : null,
  ];
  const canUndo = undo === undefined ? Boolean(run.checkpointId) : undo === "available";
  const undoHint =
    undo === "undone"
      ? "This run's changes were already taken back"
      : undo === "nothing"
        ? "This run left no change to take back"
        : canUndo
          ? "Take back this run's changes"
          : "No checkpoint was taken";
  return h("section", { class: "card header", "aria-labelledby": "run-title" }, [
    h("div", { class: "header-top" }, [
      h("h2", { id: "run-title" }, ["Fix run"]),
      h("span", { class: statusClass(run, undo), "data-testid": "run-status" }, [
        running ? h("span", { class: "spinner", "aria-hidden": "true" }) : null,
        runStatusText(run, current, undo),
      ]),
      h("div", { class: "header-actions" }, [
        button(
          "Stop",
          { class: "secondary", disabled: !running, "data-focus-key": "stop", "aria-label": "Stop the run" },
          actions.stop,
        ),
        button(
          "Undo",
          {
            class: "secondary",
            disabled: running || !canUndo,
            title: undoHint,
            "data-focus-key": "undo",
            "aria-label": "Undo: take back this run's changes",
          },
          actions.undo,
        ),
      ]),
    ]),
    h("dl", { class: "fields" }, fields),
  ]);
}

function meter(label: string, value: number, max: number, text: string, key: string): HTMLElement {
  const id = `meter-${key}`;
  const ratio = max > 0 ? value / max : 0;
  return h("div", { class: "meter" }, [
    h("div", { class: "meter-label" }, [h("span", { id }, [label]), h("span", { class: "muted" }, [text])]),
    h("meter", {
      min: 0,
      max,
      value: Math.min(value, max),
      low: max * 0.7,
      high: max * 0.9,
      optimum: 0,
      "aria-labelledby": id,
      "aria-valuetext": text,
      class: ratio >= 0.9 ? "meter-high" : "",
    }),
  ]);
}

/** Iterations, tokens and time used against their limits. */
export function renderBudget(budget: BudgetView | undefined, run: RunView | undefined): HTMLElement | null {
  if (!budget || !run) return null;
  const tokens = Math.max(budget.tokens, run.promptTokens + run.completionTokens);
  const elapsed = run.durationMs ?? budget.elapsedMs;
  return h("section", { class: "card budget", "aria-label": "Budget" }, [
    h("h3", {}, ["Budget"]),
    h("div", { class: "meters" }, [
      meter(
        "Iterations",
        budget.iterations,
        budget.maxIterations,
        `${budget.iterations} of ${budget.maxIterations}`,
        "iterations",
      ),
      meter("Tokens", tokens, budget.maxTokens, `${formatCount(tokens)} of ${formatCount(budget.maxTokens)}`, "tokens"),
      meter("Time", elapsed, budget.maxMs, `${formatDuration(elapsed)} of ${formatDuration(budget.maxMs)}`, "time"),
    ]),
  ]);
}
