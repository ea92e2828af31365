import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { renderReportHtml } from "./reportHtml";
import { parseTrainingReport, type TrainingReport, type TrainingRun } from "./reportSchema";

export const REPORT_JSON = "training-report.json";
export const REPORT_HTML = "training-report.html";

/** The report so far; a damaged file is kept aside and a new report started. */
export async function loadReport(dir: string): Promise<TrainingReport> {
  const file = path.join(dir, REPORT_JSON);
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return { generatedAt: new Date().toISOString(), runs: [] };
  try {
    return parseTrainingReport(JSON.parse(text), file);
  } catch {
    await writeFile(`${file}.damaged-${Date.now()}`, text);
    return { generatedAt: new Date().toISOString(), runs: [] };
  }
}

/** Appends runs and writes the JSON and the self-contained HTML report; returns both paths. */
export async function appendRuns(
  dir: string,
  runs: TrainingRun[],
): Promise<{ report: TrainingReport; json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const previous = await loadReport(dir);
  const report: TrainingReport = { generatedAt: new Date().toISOString(), runs: [...previous.runs, ...runs] };
  const json = path.join(dir, REPORT_JSON);
  const html = path.join(dir, REPORT_HTML);
  await writeFile(json, JSON.stringify(report, null, 2) + "\n");
  await writeFile(html, renderReportHtml(report));
  return { report, json, html };
}
