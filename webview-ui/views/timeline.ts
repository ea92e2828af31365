/** One card per iteration: phase, duration, tests, tokens, patches and what became of them. */
import type { FailureSummary } from "../../agent-core/events";
import { button, formatCount, formatDuration, h, plural } from "../dom";
import type { IterationView, PatchView, RunView, TestRunView } from "../runView";
import { parseLocation, type ViewActions } from "./actions";
import { userEditError } from "./editErrors";

function patchStatus(p: PatchView): { text: string; tone: string } {
  const total = p.files.reduce((sum, f) => sum + f.hunkCount, 0);
  switch (p.status) {
    case "proposed":
      return p.needsApproval
        ? { text: "waiting for your approval", tone: "pending" }
        : { text: "proposed", tone: "pending" };
    case "approved":
      return {
        text: p.auto ? "auto-approved" : `approved ${p.acceptedHunks ?? total}/${plural(total, "hunk")}`,
        tone: "good",
      };
    case "applied":
      return {
        text: p.auto === false ? `applied (${p.acceptedHunks ?? total}/${plural(total, "hunk")} approved)` : "applied",
        tone: "good",
      };
    case "rejected":
      // A proposal withdrawn because the user edited its lines is not a rejection.
      if (p.reason?.startsWith("Withdrawn: "))
        return { text: `withdrawn: ${p.reason.slice("Withdrawn: ".length).split(". ")[0]}`, tone: "pending" };
      return { text: `rejected${p.reason ? `: ${p.reason}` : ""}`, tone: "bad" };
    case "reverted":
      return { text: `reverted${p.reason ? `: ${p.reason}` : ""}`, tone: "bad" };
  }
}

function renderPatch(p: PatchView): HTMLElement {
  const status = patchStatus(p);
  const files = p.files
    .map(
      (f) => `${f.path} (${plural(f.hunkCount, "hunk")}${f.isNew ? ", new" : ""}${f.isTestFile ? ", test file" : ""})`,
    )
    .join(", ");
  return h("li", { class: "patch", "data-status": p.status }, [
    h("span", { class: `badge source-${p.source}` }, [p.source === "memory" ? "from memory" : "from model"]),
    h("span", { class: "patch-files" }, [files]),
    h("span", { class: `badge tone-${status.tone}`, "data-testid": "patch-status" }, [status.text]),
  ]);
}

function renderFailure(f: FailureSummary, actions: ViewActions): HTMLElement {
  const where = f.location ? parseLocation(f.location) : undefined;
  return h("li", { class: "failure" }, [
    h("div", { class: "failure-title" }, [
      h("span", { class: "failed", "aria-hidden": "true" }, ["✕ "]),
      h("strong", {}, [f.id]),
      where
        ? button(f.location ?? "", { class: "link location", "aria-label": `Open ${f.location}` }, () =>
            actions.openFile(where.path, where.line),
          )
        : null,
    ]),
    f.message ? h("pre", { class: "failure-message" }, [f.message]) : null,
    f.expected !== undefined || f.actual !== undefined
      ? h("div", { class: "expected-actual" }, [
          h("span", {}, ["expected ", h("code", { class: "passed" }, [f.expected ?? "?"])]),
          h("span", {}, ["actual ", h("code", { class: "failed" }, [f.actual ?? "?"])]),
        ])
      : null,
  ]);
}

function renderTests(t: TestRunView, actions: ViewActions): HTMLElement {
  const scope = t.scope === "full" ? "Full suite" : t.scope === "related" ? "The file's tests" : "Failing tests";
  const trouble = t.timedOut ? " · timed out" : t.crashed ? " · crashed" : "";
  return h("div", { class: "tests" }, [
    h("div", { class: "tests-summary" }, [
      h("span", { class: "label" }, [scope]),
      h("span", { class: "passed" }, [`${t.counts.passed} passed`]),
      h("span", { class: t.counts.failed > 0 ? "failed" : "muted" }, [`${t.counts.failed} failed`]),
      t.counts.skipped > 0 ? h("span", { class: "muted" }, [`${t.counts.skipped} skipped`]) : null,
      h("span", { class: "muted" }, [`${formatDuration(t.durationMs)}${trouble}`]),
    ]),
    t.failures.length > 0
      ? h(
          "ul",
          { class: "failures", "aria-label": `${scope}: failures` },
          t.failures.map((f) => renderFailure(f, actions)),
        )
      : null,
  ]);
}

function details(key: string, summary: string, body: Node): HTMLElement {
  return h("details", { "data-key": key }, [h("summary", {}, [summary]), body]);
}

function renderIteration(it: IterationView, run: RunView, isCurrent: boolean, actions: ViewActions): HTMLElement {
  const end = it.endedAt ?? (isCurrent && run.status === "running" ? undefined : run.finishedAt);
  const meta = [
    end !== undefined ? formatDuration(end - it.startedAt) : "in progress",
    it.modelCalls > 0
      ? `${formatCount(it.promptTokens)} in / ${formatCount(it.completionTokens)} out tokens`
      : "no model call",
    it.modelCalls > 1 ? plural(it.modelCalls, "model call") : "",
    it.malformed > 0 ? `${it.malformed} malformed ${it.malformed === 1 ? "answer" : "answers"}` : "",
  ].filter(Boolean);
  const best = it.memoryHits.reduce((m, x) => Math.max(m, x.similarity), 0);
  const lastTests = it.testRuns[it.testRuns.length - 1];
  const outcome = !lastTests
    ? ""
    : lastTests.counts.failed === 0 && !lastTests.crashed && !lastTests.timedOut
      ? " outcome-pass"
      : " outcome-fail";
  return h(
    "li",
    {
      class: `iteration card${isCurrent && run.status === "running" ? " current" : ""}${outcome}`,
      "data-testid": "iteration",
      "aria-label": `Iteration ${it.iteration}`,
    },
    [
      h("div", { class: "iteration-head" }, [
        h("h3", {}, [`Iteration ${it.iteration}`]),
        it.phase && run.status === "running" ? h("span", { class: "badge phase" }, [it.phase]) : null,
        h("span", { class: "muted" }, [meta.join(" · ")]),
      ]),
      it.memoryHits.length > 0
        ? h("p", { class: "memory-line" }, [
            `${plural(it.memoryHits.length, "memory hit")} · best similarity ${best.toFixed(2)}`,
          ])
        : null,
      it.patches.length > 0
        ? h("ul", { class: "patches", "aria-label": "Patches" }, it.patches.map(renderPatch))
        : null,
      it.editErrors.length > 0
        ? h(
            "ul",
            { class: "edit-errors", "aria-label": "Edits that did not apply" },
            it.editErrors.map((e) => h("li", { title: `What the model was told: ${e}` }, [userEditError(e)])),
          )
        : null,
      ...it.notes.map((n) => h("p", { class: `note note-${n.level}` }, [n.message])),
      ...it.testRuns.map((t) => renderTests(t, actions)),
      it.reflection
        ? details(`reflection-${it.iteration}`, "Reflection", h("p", { class: "reflection" }, [it.reflection]))
        : null,
      it.modelText
        ? details(`model-${it.iteration}`, "Model output", h("pre", { class: "model-text" }, [it.modelText]))
        : null,
    ],
  );
}

/** The timeline of the run, oldest iteration first. */
export function renderTimeline(
  run: RunView | undefined,
  iterations: IterationView[],
  actions: ViewActions,
): HTMLElement | null {
  if (!run || iterations.length === 0) return null;
  return h("section", { class: "timeline-section", "aria-labelledby": "timeline-title" }, [
    h("h2", { id: "timeline-title" }, ["Timeline"]),
    h(
      "ol",
      { class: "timeline" },
      iterations.map((it, i) => renderIteration(it, run, i === iterations.length - 1, actions)),
    ),
  ]);
}
