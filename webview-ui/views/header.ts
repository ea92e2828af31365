/** The run header (file, model, state, stop reason, Stop/Undo) and the budget meters. */
import type { StopReason } from "../../agent-core/events";
import { button, formatCount, formatDuration, h } from "../dom";
import type { BudgetView, IterationView, RunView } from "../runView";
import type { ViewActions } from "./actions";

const REASON_TEXT: Record<StopReason, string> = {
  green: "Green: all tests pass",
  "max-iterations": "Stopped: iteration limit reached",
  "token-budget": "Stopped: token budget used up",
  "time-budget": "Stopped: time budget used up",
  cancelled: "Stopped by you",
  stuck: "Stopped: stuck on the same failure",
  "model-error": "Stopped: the model failed",
  "test-error": "Stopped: the tests could not run",
  error: "Stopped: error",
};

/** Short text for a run's state, as the header pill and the live region say it. */
export function runStatusText(run: RunView, current?: IterationView): string {
  if (run.status === "interrupted") return "Interrupted: the window was reloaded";
  if (run.status === "finished" && run.reason) return REASON_TEXT[run.reason];
  const phase = current?.phase ? ` · ${current.phase}` : "";
  return current ? `Running · iteration ${current.iteration}${phase}` : "Running";
}

function statusClass(run: RunView): string {
  if (run.status === "running") return "pill pill-running";
  if (run.status === "finished" && run.reason === "green") return "pill pill-green";
  return "pill pill-stopped";
}

function field(label: string, value: Node | string): HTMLElement {
  return h("div", { class: "field" }, [h("dt", {}, [label]), h("dd", {}, [value])]);
}

/** The header of the current run, or an empty-state note. */
export function renderHeader(run: RunView | undefined, iterations: IterationView[], actions: ViewActions): HTMLElement {
  if (!run) {
    return h("section", { class: "card empty", "aria-label": "Run" }, [
      h("h2", {}, ["No run yet"]),
      h("p", {}, ["Start a fix run on a file with failing tests; its progress shows up here."]),
    ]);
  }
  const current = run.status === "running" ? iterations[iterations.length - 1] : undefined;
  const running = run.status === "running";
  const counts = run.counts;
  const fileButton = button(run.file, { class: "link", "data-focus-key": "header-file", "aria-label": `Open ${run.file}` }, () => actions.openFile(run.file));
  const fields = [
    field("File", fileButton),
    field("Model", `${run.model} (${run.provider})`),
    field("Tests", h("code", {}, [run.testCommand])),
    counts
      ? field("Result", h("span", {}, [
          h("span", { class: "passed" }, [`${counts.passed} passed`]),
          ", ",
          h("span", { class: counts.failed > 0 ? "failed" : "muted" }, [`${counts.failed} failed`]),
          counts.skipped > 0 ? `, ${counts.skipped} skipped` : "",
        ]))
      : null,
    run.message ? field("Stop reason", run.message) : null,
    run.flaky?.length ? field("Flaky tests", `${run.flaky.join(", ")} (failed once, passed when run again)`) : null,
  ];
  const undoHint = run.checkpointId ? "Restore the files as they were before this run" : "No checkpoint was taken";
  return h("section", { class: "card header", "aria-labelledby": "run-title" }, [
    h("div", { class: "header-top" }, [
      h("h2", { id: "run-title" }, ["Fix run"]),
      h("span", { class: statusClass(run), "data-testid": "run-status" }, [
        running ? h("span", { class: "spinner", "aria-hidden": "true" }) : null,
        runStatusText(run, current),
      ]),
      h("div", { class: "header-actions" }, [
        button("Stop", { class: "secondary", disabled: !running, "data-focus-key": "stop", "aria-label": "Stop the run" }, actions.stop),
        button("Undo", { class: "secondary", disabled: running || !run.checkpointId, title: undoHint, "data-focus-key": "undo", "aria-label": "Undo: restore the checkpoint taken before the run" }, actions.undo),
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
    h("meter", { min: 0, max, value: Math.min(value, max), low: max * 0.7, high: max * 0.9, optimum: 0, "aria-labelledby": id, "aria-valuetext": text, class: ratio >= 0.9 ? "meter-high" : "" }),
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
      meter("Iterations", budget.iterations, budget.maxIterations, `${budget.iterations} of ${budget.maxIterations}`, "iterations"),
      meter("Tokens", tokens, budget.maxTokens, `${formatCount(tokens)} of ${formatCount(budget.maxTokens)}`, "tokens"),
      meter("Time", elapsed, budget.maxMs, `${formatDuration(elapsed)} of ${formatDuration(budget.maxMs)}`, "time"),
    ]),
  ]);
}
