/**
 * "Greenloop: Show Training Report" and the panel's "Load latest report": reads the report training writes
 * and shows it, and always says what happened: loaded (from where, how many runs), or where it looked and how
 * to make one.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { plural } from "../../agent-core/text/plural";
import type { TrainingReport } from "../../agent-core/training/reportSchema";
import { readSettings } from "../config/settings";
import { errorMessage } from "../util/logger";
import type { Notice } from "./runMessages";
import type { Services } from "./services";

/** File name of the JSON report inside `<practice workspace>/reports` (as agent-core's training writes it). */
const REPORT_JSON = "training-report.json";

/** The practice workspace training uses: the setting, else the extension's storage folder. */
export function practiceWorkspaceDir(s: Pick<Services, "context">): string {
  const settings = readSettings((key) => vscode.workspace.getConfiguration("greenloop").get(key));
  return settings.practiceWorkspaceDir || path.join(s.context.globalStorageUri.fsPath, "practice");
}

/** What to say when there is no report to load. */
export function noReportNotice(file: string, unreadable?: string): Notice {
  const why = unreadable
    ? `The training report ${file} could not be read (${unreadable}).`
    : `No training report yet: Greenloop looked for ${file}.`;
  return {
    level: unreadable ? "warning" : "info",
    text: `${why} Run 'Greenloop: Train on Practice Projects' to make one (it practises on the bundled projects and writes the report there).`,
    actions: ["Train on Practice Projects"],
  };
}

/** Loads the latest training report into the panel; resolves with it, or undefined (and a notice saying why). */
export async function loadLatestTrainingReport(
  s: Services,
  opts: { quiet?: boolean } = {},
): Promise<TrainingReport | undefined> {
  const reportsDir = path.join(practiceWorkspaceDir(s), "reports");
  const file = path.join(reportsDir, REPORT_JSON);
  if (!existsSync(file)) {
    s.log.info(`No training report at ${file}.`);
    if (!opts.quiet) s.notices.show(noReportNotice(file));
    return undefined;
  }
  let report: TrainingReport;
  try {
    report = await (await s.loadCore()).loadReport(reportsDir);
  } catch (err) {
    s.notices.show(noReportNotice(file, errorMessage(err)));
    return undefined;
  }
  if (report.runs.length === 0) {
    // A damaged report is kept aside by the loader, which then starts an empty one.
    s.notices.show(noReportNotice(file, "it holds no training run, or was damaged and kept aside"));
    return undefined;
  }
  const text = `Loaded the training report: ${plural(report.runs.length, "run")}, written ${new Date(report.generatedAt).toLocaleString()} (${file}).`;
  s.log.info(text);
  if (!opts.quiet) s.notices.show({ level: "info", text, actions: [] });
  await s.panels.showTraining(report);
  return report;
}
