/** Memory hits of the run: similar past failures, how well they matched, and the fixes they pointed to. */
import { h } from "../dom";
import { collectMemoryHits, type IterationView } from "../runView";

/** The memory card, or null when the run recalled nothing. */
export function renderMemory(iterations: IterationView[]): HTMLElement | null {
  const hits = collectMemoryHits(iterations);
  if (hits.length === 0) return null;
  return h("section", { class: "card memory", "aria-labelledby": "memory-title" }, [
    h("h2", { id: "memory-title" }, ["Memory hits"]),
    h("p", { class: "muted" }, [
      "Similar failures from earlier runs and the fixes that made them pass. Similarity: how close that failure is to this one (1 = the same). ",
      "Ranking: similarity weighed with how often the fix worked; the best ranked comes first.",
    ]),
    h(
      "ul",
      { class: "memory-hits" },
      hits.map(({ hit, iterations: seenIn }) =>
        h("li", { class: "memory-hit", "data-testid": "memory-hit" }, [
          h("div", { class: "memory-hit-head" }, [
            h("strong", {}, [hit.testId]),
            h("span", { class: "score", title: "How close that failure is to this one (1 = the same)" }, [
              `similarity ${hit.similarity.toFixed(2)}`,
            ]),
            h("span", { class: "score", title: "Ranking: similarity weighed with how often this fix worked before" }, [
              `ranking ${hit.score.toFixed(2)}`,
            ]),
            hit.editMatch === undefined
              ? null
              : h("span", { class: "score", title: "How much its fix looks like undoing your uncommitted change" }, [
                  `edit match ${hit.editMatch.toFixed(2)}`,
                ]),
            h("span", { class: "muted" }, [`iteration ${seenIn.join(", ")}`]),
          ]),
          h("meter", {
            min: 0,
            max: 1,
            value: hit.similarity,
            "aria-label": `Similarity ${hit.similarity.toFixed(2)}`,
          }),
          h("pre", { class: "failure-message" }, [hit.message]),
          h("details", { "data-key": `fix-${hit.id}` }, [
            h("summary", {}, ["Fix it pointed to"]),
            h("pre", { class: "fix" }, [hit.fix]),
          ]),
        ]),
      ),
    ),
  ]);
}
