// Test task timings as the extension logs them ("Test task (label): N ms in all, the command M ms; …"), read
// from the workbench's log folder after a run, to report how much a task adds around the test command.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

export interface TaskTiming {
  label: string;
  totalMs: number;
  commandMs: number;
  /** From the start of the run until VS Code opened the terminal showing it (undefined: not by the run's end). */
  terminalMs?: number;
  line: string;
}

const LINE =
  /Test task \((?<label>[^)]*)\): (?<total>\d+) ms in all, the command (?<command>\d+) ms; its terminal (?:opened after (?<terminal>\d+) ms|had not opened yet)/;

/** Every test task timing in the `.log` files below `logDir`, in file order. */
export function readTaskTimings(logDir: string): TaskTiming[] {
  const out: TaskTiming[] = [];
  if (!existsSync(logDir)) return out;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = path.join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (name.endsWith(".log")) {
        for (const line of readFileSync(abs, "utf8").split("\n")) {
          const m = LINE.exec(line);
          if (!m?.groups) continue;
          const { label, total, command, terminal } = m.groups;
          out.push({
            label,
            totalMs: Number(total),
            commandMs: Number(command),
            terminalMs: terminal === undefined ? undefined : Number(terminal),
            line: line.trim(),
          });
        }
      }
    }
  };
  walk(logDir);
  return out;
}

/** One line per task: the overhead is the task's wall time minus the command's own. */
export function formatTaskTimings(timings: readonly TaskTiming[]): string {
  if (timings.length === 0) return "no test task timings found in the logs";
  return timings
    .map(
      (t) =>
        `task "${t.label}": ${t.totalMs} ms in all, command ${t.commandMs} ms, overhead ${t.totalMs - t.commandMs} ms ` +
        `(terminal ${t.terminalMs === undefined ? "not open by the end" : `open after ${t.terminalMs} ms`})`,
    )
    .join("\n");
}
