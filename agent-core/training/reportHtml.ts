import { compareMemory } from "./compareMemory";
import { iterationsText, type TrainingReport } from "./reportSchema";

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A self-contained HTML report (inline CSS and SVG, no scripts, no remote resources). */
export function renderReportHtml(report: TrainingReport): string {
  const last = report.runs.at(-1);
  const rows = (last?.projects ?? [])
    .map(
      (p) =>
        `<tr><td>${esc(p.id)}</td><td class="${p.solved ? "ok" : "bad"}">${p.solved ? `solved (try ${p.solvedOnTry})` : `✗ ${esc(p.stopReason)}`}${p.tampered ? " · tampering" : ""}` +
        `${!p.solved && p.reason ? `<div class="why">${esc(p.reason)}</div>` : ""}</td>` +
        `<td>${esc(iterationsText(p, last?.maxIterations))}</td><td>${p.modelCalls}</td><td>${p.promptTokens + p.completionTokens}</td><td>${(p.durationMs / 1000).toFixed(1)} s</td></tr>`,
    )
    .join("");
  const comparison = compareMemory(report)
    .map(
      (c) =>
        `<tr><td>memory ${c.memory ? "on" : "off"}</td><td>${c.runs}</td><td>${pct(c.passRate)}</td><td>${c.meanIterations.toFixed(2)}</td><td>${c.meanModelCalls.toFixed(2)}</td><td>${Math.round(c.meanPromptTokens)}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Greenloop training report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left}.ok{color:#1a7f37}.bad{color:#cf222e}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.4rem}.why{color:#57606a;font-size:.9em}svg text{font-size:11px;fill:#57606a}
@media (prefers-color-scheme: dark){body{background:#0d1117;color:#e6edf3}td,th,.card{border-color:#30363d}svg text{fill:#8b949e}.why{color:#8b949e}}
</style></head><body>
<h1>Greenloop training report</h1>
<p>Generated ${esc(report.generatedAt.replace("T", " ").slice(0, 16))} UTC · ${report.runs.length} run${report.runs.length === 1 ? "" : "s"}${last ? ` · model ${esc(last.model)}` : ""}</p>
${last ? `<div class="cards"><div class="card"><b>${pct(last.passRateFinal)}</b>solved (last run)</div><div class="card"><b>${pct(last.passRateFirstTry)}</b>solved on try 1</div><div class="card"><b>${pct(last.wellFormedRate)}</b>well-formed answers</div></div>` : "<p>No runs yet.</p>"}
<h2>Learning curve</h2>
${learningCurve(report)}
<h2>Memory on vs off</h2>
${comparison ? `<table><tr><th></th><th>runs</th><th>pass rate</th><th>iterations</th><th>model calls</th><th>prompt tokens</th></tr>${comparison}</table>` : "<p>No runs yet.</p>"}
<h2>Last run, per project</h2>
<table><tr><th>project</th><th>result</th><th>iterations</th><th>model calls</th><th>tokens</th><th>time</th></tr>${rows}</table>
</body></html>
`;
}

/** Pass rate (final and first try) per run as an inline SVG line chart. */
function learningCurve(report: TrainingReport): string {
  const runs = report.runs;
  if (runs.length === 0) return "<p>No runs yet.</p>";
  const w = 640,
    h = 200,
    pad = 32;
  const x = (i: number) => pad + (runs.length === 1 ? (w - 2 * pad) / 2 : (i * (w - 2 * pad)) / (runs.length - 1));
  const y = (v: number) => h - pad - v * (h - 2 * pad);
  const line = (values: number[], color: string, label: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}"><title>${label}</title></polyline>` +
    values
      .map((v, i) => {
        // Hollow points: runs with memory off, so the ablation shows in the curve itself.
        const fill = runs[i].memory ? color : "none";
        return `<circle cx="${x(i)}" cy="${y(v)}" r="4" fill="${fill}" stroke="${color}" stroke-width="2"><title>${label}, run ${i + 1} (memory ${runs[i].memory ? "on" : "off"}): ${pct(v)}</title></circle>`;
      })
      .join("");
  const grid = [0, 0.5, 1]
    .map(
      (v) =>
        `<line x1="${pad}" x2="${w - pad}" y1="${y(v)}" y2="${y(v)}" stroke="#8884"/><text x="2" y="${y(v) + 4}">${pct(v)}</text>`,
    )
    .join("");
  const labels = runs.map((_, i) => `<text x="${x(i) - 4}" y="${h - 10}">${i + 1}</text>`).join("");
  return (
    `<svg role="img" aria-label="Pass rate per training run" viewBox="0 0 ${w} ${h}" width="100%">${grid}${labels}` +
    line(
      runs.map((r) => r.passRateFinal),
      "#1a7f37",
      "solved",
    ) +
    line(
      runs.map((r) => r.passRateFirstTry),
      "#0969da",
      "solved on try 1",
    ) +
    `</svg><p><span class="ok">■</span> solved · <span style="color:#0969da">■</span> solved on try 1 · hollow points: memory off</p>`
  );
}
