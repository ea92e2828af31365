/** The pending proposal: its diff per file with Accept/Reject per hunk, all/none, and Submit. */
import { button, h, plural } from "../dom";
import type { HunkDecisionValue, ProposalFile, ProposalState } from "../protocol";
import { decisionCounts } from "../state";
import type { ViewActions } from "./actions";

type Hunk = ProposalFile["hunks"][number];

const DECISION_TEXT: Record<HunkDecisionValue, string> = {
  pending: "undecided",
  accepted: "accepted",
  rejected: "rejected",
};

function diffLines(hunk: Hunk): HTMLElement {
  let oldNo = hunk.oldStart;
  let newNo = hunk.newStart;
  const rows = hunk.lines.map((line) => {
    const mark = line[0];
    const text = line.slice(1);
    if (mark === "\\")
      return h("div", { class: "dl dl-meta" }, [
        h("span", { class: "ln" }),
        h("span", { class: "ln" }),
        h("span", { class: "code" }, [line]),
      ]);
    const kind = mark === "+" ? "add" : mark === "-" ? "del" : "ctx";
    const o = kind === "add" ? "" : String(oldNo++);
    const n = kind === "del" ? "" : String(newNo++);
    return h("div", { class: `dl dl-${kind}` }, [
      h("span", { class: "ln", "aria-hidden": "true" }, [o]),
      h("span", { class: "ln", "aria-hidden": "true" }, [n]),
      h("span", { class: "mark", "aria-hidden": "true" }, [kind === "ctx" ? " " : mark]),
      h("span", { class: "code" }, [text]),
    ]);
  });
  return h("div", { class: "diff", role: "group", "aria-label": "Changed lines" }, rows);
}

function renderHunk(
  file: ProposalFile,
  index: number,
  decision: HunkDecisionValue,
  locked: boolean,
  actions: ViewActions,
): HTMLElement {
  const label = `hunk ${index + 1} of ${file.hunks.length} in ${file.path}`;
  const hunk = file.hunks[index];
  const range = `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
  const key = `${file.path}#${index}`;
  return h("div", { class: `hunk decision-${decision}`, "data-testid": "hunk", "data-decision": decision }, [
    h("div", { class: "hunk-head" }, [
      h("span", { class: "hunk-title" }, [`Hunk ${index + 1}`]),
      h("code", { class: "muted" }, [range]),
      h(
        "span",
        {
          class: `badge decision-badge tone-${decision === "accepted" ? "good" : decision === "rejected" ? "bad" : "pending"}`,
        },
        [DECISION_TEXT[decision]],
      ),
      h("span", { class: "hunk-actions" }, [
        button(
          "Accept",
          {
            class: "accept",
            disabled: locked,
            "aria-pressed": String(decision === "accepted"),
            "aria-label": `Accept ${label}`,
            "data-focus-key": `accept:${key}`,
          },
          () => actions.decideHunk(file.path, index, true),
        ),
        button(
          "Reject",
          {
            class: "reject secondary",
            disabled: locked,
            "aria-pressed": String(decision === "rejected"),
            "aria-label": `Reject ${label}`,
            "data-focus-key": `reject:${key}`,
          },
          () => actions.decideHunk(file.path, index, false),
        ),
      ]),
    ]),
    diffLines(hunk),
  ]);
}

function renderFile(
  file: ProposalFile,
  decisions: HunkDecisionValue[],
  locked: boolean,
  actions: ViewActions,
): HTMLElement {
  return h("div", { class: "proposal-file" }, [
    h("div", { class: "file-head" }, [
      button(
        file.path,
        { class: "link file-path", "aria-label": `Open ${file.path}`, "data-focus-key": `open:${file.path}` },
        () => actions.openFile(file.path, file.hunks[0]?.newStart),
      ),
      file.isNew ? h("span", { class: "badge" }, ["new file"]) : null,
      file.isTestFile ? h("span", { class: "badge tone-bad" }, ["test file"]) : null,
      h("span", { class: "muted" }, [plural(file.hunks.length, "hunk")]),
    ]),
    file.dangers.length > 0
      ? h(
          "ul",
          { class: "dangers", "aria-label": "Risky lines" },
          file.dangers.map((d) => h("li", {}, [h("strong", {}, [`${d.kind}: `]), h("code", {}, [d.line])])),
        )
      : null,
    ...file.hunks.map((_, i) => renderHunk(file, i, decisions[i] ?? "pending", locked, actions)),
  ]);
}

/** The proposal card, or null when nothing waits for a decision. */
export function renderProposal(
  p: ProposalState | undefined,
  feedback: string,
  actions: ViewActions,
): HTMLElement | null {
  if (!p) return null;
  const counts = decisionCounts(p);
  const total = counts.accepted + counts.rejected + counts.pending;
  const locked = p.submitted;
  const some = counts.pending > 0 && counts.pending < total;
  const summary = locked
    ? "Decision sent; waiting for the loop."
    : counts.pending > 0
      ? `${counts.pending} of ${plural(total, "hunk")} undecided (undecided hunks are rejected on submit).`
      : `${counts.accepted} accepted, ${counts.rejected} rejected.`;
  return h("section", { class: "card proposal", "aria-labelledby": "proposal-title", "data-testid": "proposal" }, [
    h("div", { class: "proposal-head" }, [
      h("h2", { id: "proposal-title" }, [`Change waiting for approval · iteration ${p.iteration}`]),
      h("span", { class: `badge source-${p.source}` }, [p.source === "memory" ? "from memory" : "from model"]),
    ]),
    p.reasons.length > 0
      ? h(
          "ul",
          { class: "reasons", "aria-label": "Why approval is needed" },
          p.reasons.map((r) => h("li", {}, [r])),
        )
      : null,
    ...p.files.map((f, i) => renderFile(f, p.decisions[i] ?? [], locked, actions)),
    h("label", { class: "feedback-label", for: "feedback" }, ["Note for the model (optional)"]),
    h(
      "textarea",
      {
        id: "feedback",
        class: "feedback",
        rows: 2,
        disabled: locked,
        "data-focus-key": "feedback",
        placeholder: "e.g. keep the debug output out of the source",
      },
      [feedback],
      {
        input: (ev) => actions.setFeedback((ev.target as HTMLTextAreaElement).value),
      },
    ),
    h("div", { class: "proposal-actions" }, [
      button(
        some ? "Accept the rest" : "Accept all",
        { class: "secondary", disabled: locked || counts.pending === 0, "data-focus-key": "accept-all" },
        () => actions.decideAll(true),
      ),
      button(
        some ? "Reject the rest" : "Reject all",
        { class: "secondary", disabled: locked || counts.pending === 0, "data-focus-key": "reject-all" },
        () => actions.decideAll(false),
      ),
      button(
        "Submit decision",
        { class: "primary", disabled: locked, "data-focus-key": "submit", "aria-describedby": "proposal-summary" },
        actions.submit,
      ),
      h("span", { id: "proposal-summary", class: "muted", "data-testid": "proposal-summary" }, [summary]),
    ]),
  ]);
}

/**
 * The review's one-line bar under the tabs: stays in view while the page scrolls, so Accept / Reject are
 * reachable whatever covers the lower part of the panel (VS Code's progress notifications sit there).
 */
export function renderReviewBar(p: ProposalState | undefined, actions: ViewActions): HTMLElement | null {
  if (!p || p.submitted) return null;
  const counts = decisionCounts(p);
  const total = counts.accepted + counts.rejected + counts.pending;
  const some = counts.pending > 0 && counts.pending < total;
  return h("div", { class: "review-bar", role: "region", "aria-label": "Review", "data-testid": "review-bar" }, [
    button(
      counts.pending === total
        ? `Review: ${plural(total, "change")} waiting`
        : `Review: ${counts.pending} of ${total} undecided`,
      { class: "link review-bar-title", "data-focus-key": "bar-show" },
      actions.showProposal,
    ),
    h("span", { class: "review-bar-actions" }, [
      button(
        some ? "Accept the rest" : "Accept all",
        {
          disabled: counts.pending === 0,
          "data-focus-key": "bar-accept-all",
          "aria-label": some ? "Accept the rest of the changes" : "Accept all changes",
        },
        () => actions.decideAll(true),
      ),
      button(
        some ? "Reject the rest" : "Reject all",
        {
          class: "secondary",
          disabled: counts.pending === 0,
          "data-focus-key": "bar-reject-all",
          "aria-label": some ? "Reject the rest of the changes" : "Reject all changes",
        },
        () => actions.decideAll(false),
      ),
    ]),
  ]);
}
