/**
 * JUnit XML reports (Maven Surefire, Gradle): a run that writes them (`TestCommand.reports`) gets the ones it
 * wrote appended to its output, so the parsers see every test with its exact message and stack, not only what
 * the console printed. Reports left by earlier runs are told apart by a listing taken before the run starts,
 * not by the clock.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

/** Starts each appended report: `[junit report: target/surefire-reports/TEST-x.Y.xml]`. */
export const REPORT_HEADER = /^\[junit report: (.+)\]$/;

/** Most characters kept of one report, and of all of them, so a run's output stays bounded. */
const MAX_REPORT_CHARS = 64 * 1024;
const MAX_TOTAL_CHARS = 512 * 1024;

/** Each report file's modification time and size, by absolute path. */
export type ReportListing = Map<string, string>;

/** The XML reports in `dirs` (relative to `cwd`) as they are now; missing folders are empty. */
export async function listReports(cwd: string, dirs: readonly string[]): Promise<ReportListing> {
  const listing: ReportListing = new Map();
  for (const dir of dirs) {
    const folder = path.resolve(cwd, dir);
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(".xml")).sort()) {
      const file = path.join(folder, name);
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) listing.set(file, `${info.mtimeMs}:${info.size}`);
    }
  }
  return listing;
}

/**
 * The reports in `dirs` that are new or changed since `before`, each after a header line, with the parts no
 * parser reads (the XML declaration, the JVM's system properties) left out. Empty when there are none.
 */
export async function newReports(cwd: string, dirs: readonly string[], before: ReportListing): Promise<string> {
  const after = await listReports(cwd, dirs);
  const parts: string[] = [];
  let total = 0;
  for (const [file, version] of after) {
    if (before.get(file) === version || total >= MAX_TOTAL_CHARS) continue;
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const body = compactReport(text);
    const relative = path.relative(cwd, file).split(path.sep).join("/");
    parts.push(`[junit report: ${relative}]\n${body}`);
    total += body.length;
  }
  return parts.join("\n");
}

function compactReport(xml: string): string {
  const body = xml
    .replace(/^\uFEFF?<\?xml[^>]*\?>\s*/, "")
    .replace(/<properties>[\s\S]*?<\/properties>\s*/g, "")
    .replace(/<properties\s*\/>\s*/g, "")
    .trim();
  return body.length > MAX_REPORT_CHARS ? `${body.slice(0, MAX_REPORT_CHARS)}\n[… report cut]` : body;
}
