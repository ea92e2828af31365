/** The training dashboard: latest run summary, learning curve, memory on/off comparison, per-project table. */
import { iterationsText, type TrainingReport, type TrainingRun } from "../../agent-core/training/reportSchema";
import { button, formatCount, formatPercent, h, plural } from "../dom";
import type { TrainingProgressState } from "../protocol";
import type { ViewActions } from "./actions";
import { groupedBarChart, lineChart } from "./charts";

/** Runs shown in the per-project table; older ones are left to the report file. */
const TABLE_RUNS = 6;

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function stat(label: string, value: string, text = false): HTMLElement {
  return h("div", { class: text ? "stat stat-text" : "stat" }, [
    h("div", { class: "stat-value" }, [value]),
    h("div", { class: "stat-label" }, [label]),
  ]);
}

function runLabel(run: TrainingRun, i: number): string {
  return `#${i + 1}${run.memory ? " mem" : ""}`;
}

function memoryComparison(runs: TrainingRun[]): HTMLElement {
  const on = runs.filter((r) => r.memory);
  const off = runs.filter((r) => !r.memory);
  if (on.length === 0 || off.length === 0) {
    return h("p", { class: "muted chart-note" }, [
      "Memory on/off comparison appears once the report has runs with and without memory.",
    ]);
  }
  const rates = (rs: TrainingRun[]) => [
    mean(rs.map((r) => r.passRateFirstTry)),
    mean(rs.map((r) => r.passRateFinal)),
    mean(rs.map((r) => r.wellFormedRate)),
  ];
  const perProject = (rs: TrainingRun[], pick: (p: TrainingRun["projects"][number]) => number) =>
    mean(rs.flatMap((r) => r.projects.map(pick)));
  const row = (label: string, pick: (p: TrainingRun["projects"][number]) => number, fmt: (n: number) => string) =>
    h("tr", {}, [
      h("th", { scope: "row" }, [label]),
      h("td", {}, [fmt(perProject(off, pick))]),
      h("td", {}, [fmt(perProject(on, pick))]),
    ]);
  return h("div", { class: "memory-compare" }, [
    groupedBarChart(
      "Memory off vs on (mean over runs)",
      ["Solved on 1st try", "Solved", "Well-formed answers"],
      [
        { name: `Memory off (${plural(off.length, "run")})`, tone: "off", values: rates(off) },
        { name: `Memory on (${plural(on.length, "run")})`, tone: "on", values: rates(on) },
      ],
    ),
    h("table", { class: "compact" }, [
      h("caption", {}, ["Mean per project"]),
      h("thead", {}, [
        h("tr", {}, [
          h("th", { scope: "col" }, [""]),
          h("th", { scope: "col" }, ["Memory off"]),
          h("th", { scope: "col" }, ["Memory on"]),
        ]),
      ]),
      h("tbody", {}, [
        row(
          "Iterations",
          (p) => p.iterations,
          (n) => n.toFixed(1),
        ),
        row("Tokens", (p) => p.promptTokens + p.completionTokens, formatCount),
      ]),
    ]),
  ]);
}

function projectTable(runs: TrainingRun[]): HTMLElement {
  const shown = runs.slice(-TABLE_RUNS);
  const offset = runs.length - shown.length;
  const ids = [...new Set(shown.flatMap((r) => r.projects.map((p) => `${p.id}\u0000${p.language}`)))];
  const head = h("tr", {}, [
    h("th", { scope: "col" }, ["Project"]),
    ...shown.map((r, i) =>
      h("th", { scope: "col", title: `${r.runId} · ${r.model} · ${r.startedAt}` }, [runLabel(r, i + offset)]),
    ),
  ]);
  const rows = ids.map((key) => {
    const [id, language] = key.split("\u0000");
    return h("tr", {}, [
      h("th", { scope: "row" }, [id, h("span", { class: "muted lang" }, [language])]),
      ...shown.map((r) => {
        const p = r.projects.find((x) => x.id === id && x.language === language);
        if (!p) return h("td", { class: "muted" }, ["–"]);
        const tokens = p.promptTokens + p.completionTokens;
        const verdict = (p.solved ? `✓ try ${p.solvedOnTry}` : "✗") + (p.tampered ? " · tampering" : "");
        // A project's iterations add up over its tries: say so, or "16 it" looks like a broken limit of 8.
        const its = iterationsText(p, r.maxIterations);
        const why = p.solved ? undefined : (p.reason ?? STOP_TEXT[p.stopReason] ?? p.stopReason);
        return h(
          "td",
          { class: p.solved ? "cell-solved" : "cell-failed", title: [why, its].filter(Boolean).join("\n") },
          [
            h("span", { class: "verdict" }, [verdict]),
            h("span", { class: "muted cell-sub" }, [
              `${p.iterations} it${p.tries > 1 ? ` / ${p.tries} tries` : ""} · ${formatCount(tokens)} tok`,
            ]),
            ...(why ? [h("span", { class: "cell-why" }, [why])] : []),
          ],
        );
      }),
    ]);
  });
  return h("div", { class: "table-scroll", tabindex: 0, role: "region", "aria-label": "Results per project and run" }, [
    h("table", { class: "projects", "data-testid": "training-table" }, [h("thead", {}, [head]), h("tbody", {}, rows)]),
  ]);
}

/** Older reports carry no reason per project: the stop reason in words. */
const STOP_TEXT: Record<string, string> = {
  "max-iterations": "out of iterations",
  "token-budget": "out of tokens",
  "time-budget": "out of time",
  stuck: "stuck on the same failure",
  cancelled: "cancelled",
  "model-error": "the model failed to answer",
  "test-error": "the tests could not run",
  error: "error",
};

/** The training going on (or just ended): where it is, each project's verdict, and how it ended. */
function renderProgress(p: TrainingProgressState): HTMLElement {
  const solved = p.done.filter((d) => d.solved).length;
  const title =
    p.status === "running"
      ? `Training: ${p.done.length} of ${p.total} projects done, ${solved} solved`
      : p.status === "finished"
        ? "Training finished"
        : "Training stopped";
  const line =
    p.status === "running"
      ? p.current
        ? `Practising ${p.current}…`
        : "Starting…"
      : (p.message ?? "").replace(/^Training stopped: /, "");
  return h(
    "div",
    {
      class: `card training-progress progress-${p.status}`,
      "data-testid": "training-progress",
      role: p.status === "failed" ? "alert" : undefined,
    },
    [
      h("h3", {}, [title]),
      h("p", { class: p.status === "failed" ? "failed" : "muted" }, [line]),
      p.done.length
        ? h(
            "ol",
            { class: "progress-list" },
            p.done.map((d) =>
              h("li", { class: d.solved ? "passed" : "failed" }, [
                `${d.solved ? "✓" : "✗"} ${d.id}`,
                ...(d.reason ? [h("span", { class: "muted" }, [` — ${d.reason}`])] : []),
              ]),
            ),
          )
        : null,
    ],
  );
}

/** The dashboard, or an empty state with a button that asks the host for the report; training progress on top. */
export function renderTraining(
  report: TrainingReport | undefined,
  progress: TrainingProgressState | undefined,
  actions: ViewActions,
): HTMLElement {
  const dashboard = renderDashboard(report, actions);
  return progress ? h("div", {}, [renderProgress(progress), dashboard]) : dashboard;
}

function renderDashboard(report: TrainingReport | undefined, actions: ViewActions): HTMLElement {
  if (!report || report.runs.length === 0) {
    return h("section", { class: "card empty", "aria-label": "Training" }, [
      h("h2", {}, ["No training report yet"]),
      h("p", {}, ["Run the practice projects with the training command; the results show up here."]),
      button("Load latest report", { class: "secondary", "data-focus-key": "load-training" }, actions.showTraining),
    ]);
  }
  const runs = report.runs;
  const last = runs[runs.length - 1];
  const labels = runs.map(runLabel);
  return h("section", { class: "training", "aria-labelledby": "training-title" }, [
    h("div", { class: "card" }, [
      h("div", { class: "header-top" }, [
        h("h2", { id: "training-title" }, ["Training"]),
        h("span", { class: "muted" }, [
          `${plural(runs.length, "run")} · report from ${new Date(report.generatedAt).toLocaleString("en-US")}`,
        ]),
        h("div", { class: "header-actions" }, [
          button("Reload", { class: "secondary", "data-focus-key": "reload-training" }, actions.showTraining),
        ]),
      ]),
      h("div", { class: "stats", "aria-label": "Latest run" }, [
        stat("solved on 1st try", formatPercent(last.passRateFirstTry)),
        stat("solved", formatPercent(last.passRateFinal)),
        stat("well-formed answers", formatPercent(last.wellFormedRate)),
        stat("model", last.model, true),
        stat("memory", last.memory ? "on" : "off", true),
      ]),
    ]),
    h("div", { class: "card charts" }, [
      lineChart("Pass rate per run", labels, [
        { name: "Solved", tone: "final", values: runs.map((r) => r.passRateFinal) },
        { name: "Solved on 1st try", tone: "first", values: runs.map((r) => r.passRateFirstTry) },
      ]),
      memoryComparison(runs),
    ]),
    h("div", { class: "card" }, [h("h3", {}, ["Per project"]), projectTable(runs)]),
  ]);
}
