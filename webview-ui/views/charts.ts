/** Small inline SVG charts: a line chart of rates over runs and a grouped bar chart. No chart library. */
import { h, s } from "../dom";

/** One line of a line chart; `tone` picks the CSS colour class. */
export interface Series {
  name: string;
  tone: string;
  values: number[];
}

const W = 560;
const H = 220;
const PAD = { left: 44, right: 24, top: 14, bottom: 34 };

function yFor(rate: number): number {
  return PAD.top + (1 - rate) * (H - PAD.top - PAD.bottom);
}

function gridAndAxis(svg: SVGSVGElement): void {
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const y = yFor(tick);
    svg.append(
      s("line", { class: "grid", x1: PAD.left, x2: W - PAD.right, y1: y, y2: y }),
      s("text", { class: "axis-label", x: PAD.left - 8, y: y + 4, "text-anchor": "end" }, [`${tick * 100}%`]),
    );
  }
}

function legend(series: Array<{ name: string; tone: string }>): HTMLElement {
  return h(
    "ul",
    { class: "legend", "aria-hidden": "true" },
    series.map((x) => h("li", {}, [h("span", { class: `swatch tone-${x.tone}` }), x.name])),
  );
}

/** A line chart of 0..1 rates, one point per label. */
export function lineChart(title: string, labels: string[], series: Series[]): HTMLElement {
  const summary = series
    .map((x) => `${x.name}: ${x.values.map((v) => `${Math.round(v * 100)}%`).join(", ")}`)
    .join("; ");
  const svg = s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": `${title}. ${summary}` },
    [s("title", {}, [title])],
  );
  gridAndAxis(svg);
  const span = W - PAD.left - PAD.right;
  const xFor = (i: number) => PAD.left + (labels.length === 1 ? span / 2 : (i * span) / (labels.length - 1));
  // The outer labels hug the plot's edges so they are not clipped.
  const anchor = (i: number) =>
    labels.length === 1 ? "middle" : i === 0 ? "start" : i === labels.length - 1 ? "end" : "middle";
  labels.forEach((label, i) =>
    svg.append(s("text", { class: "axis-label", x: xFor(i), y: H - 12, "text-anchor": anchor(i) }, [label])),
  );
  for (const x of series) {
    const points = x.values.map((v, i) => `${xFor(i).toFixed(1)},${yFor(v).toFixed(1)}`).join(" ");
    svg.append(s("polyline", { class: `line tone-${x.tone}`, points, fill: "none" }));
    x.values.forEach((v, i) =>
      svg.append(
        s("circle", { class: `dot tone-${x.tone}`, cx: xFor(i), cy: yFor(v), r: 4 }, [
          s("title", {}, [`${x.name}, ${labels[i]}: ${Math.round(v * 100)}%`]),
        ]),
      ),
    );
  }
  return h("figure", { class: "chart-figure", "data-testid": "chart-learning" }, [
    h("figcaption", {}, [title]),
    svg,
    legend(series),
  ]);
}

/** A grouped bar chart of 0..1 rates: one group per category, one bar per series. */
export function groupedBarChart(title: string, categories: string[], series: Series[]): HTMLElement {
  const summary = categories
    .map((c, ci) => `${c}: ${series.map((x) => `${x.name} ${Math.round(x.values[ci] * 100)}%`).join(", ")}`)
    .join("; ");
  const svg = s(
    "svg",
    { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": `${title}. ${summary}` },
    [s("title", {}, [title])],
  );
  gridAndAxis(svg);
  const groupWidth = (W - PAD.left - PAD.right) / categories.length;
  const barWidth = Math.min(48, (groupWidth * 0.7) / series.length);
  categories.forEach((category, ci) => {
    const left = PAD.left + ci * groupWidth + (groupWidth - barWidth * series.length) / 2;
    series.forEach((x, si) => {
      const v = x.values[ci];
      const y = yFor(v);
      const bx = left + si * barWidth;
      svg.append(
        s(
          "rect",
          { class: `bar tone-${x.tone}`, x: bx + 2, y, width: barWidth - 4, height: Math.max(0, yFor(0) - y), rx: 2 },
          [s("title", {}, [`${x.name}, ${category}: ${Math.round(v * 100)}%`])],
        ),
        s("text", { class: "bar-label", x: bx + barWidth / 2, y: y - 4, "text-anchor": "middle" }, [
          `${Math.round(v * 100)}%`,
        ]),
      );
    });
    svg.append(
      s(
        "text",
        { class: "axis-label", x: PAD.left + ci * groupWidth + groupWidth / 2, y: H - 12, "text-anchor": "middle" },
        [category],
      ),
    );
  });
  return h("figure", { class: "chart-figure", "data-testid": "chart-memory" }, [
    h("figcaption", {}, [title]),
    svg,
    legend(series),
  ]);
}
