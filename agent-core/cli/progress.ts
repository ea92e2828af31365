import type { LoopEvent } from "../events";
import { plural } from "../text/plural";

type TestsFinished = Extract<LoopEvent, { type: "tests-finished" }>;

export interface ProgressOptions {
  write: (text: string) => void;
  color: boolean;
  verbose: boolean;
}

const paint = (on: boolean, code: number) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Renders loop events as readable progress lines (to stderr, so stdout stays for results). */
export function createProgressRenderer(options: ProgressOptions): (event: LoopEvent) => void {
  const green = paint(options.color, 32);
  const red = paint(options.color, 31);
  const dim = paint(options.color, 2);
  const bold = paint(options.color, 1);
  const out = (line: string) => options.write(line + "\n");
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const tokens = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));

  return (event) => {
    switch (event.type) {
      case "run-started":
        out(`${bold("greenloop")} fixing ${bold(event.file)} with ${event.provider}:${event.model}`);
        out(
          dim(
            `  tests: ${event.testCommand} · budget: ${plural(event.budget.maxIterations, "iteration")}, ${tokens(event.budget.maxTokens)} tokens`,
          ),
        );
        for (const note of event.testNotes ?? []) out(dim(`    ${note}`));
        break;
      case "checkpoint-created":
        out(
          dim(
            `  checkpoint ${event.checkpointId.slice(0, 8)} (${event.files === undefined ? "? files" : plural(event.files, "file")}, ${event.durationMs} ms) — undo with \`greenloop undo\``,
          ),
        );
        if (event.skipped?.length)
          out(
            dim(
              `  not in the checkpoint (dependencies and caches): ${event.skipped.slice(0, 5).join(", ")}${event.skipped.length > 5 ? " …" : ""}`,
            ),
          );
        break;
      case "iteration-started":
        out(bold(`#${event.iteration}`));
        break;
      case "memory-hits":
        for (const hit of event.hits)
          out(`  memory  ${hit.testId} (similarity ${hit.similarity.toFixed(2)}, score ${hit.score.toFixed(2)})`);
        break;
      case "model-response":
        out(
          `  model   ${tokens(event.promptTokens)} → ${tokens(event.completionTokens)} tokens in ${seconds(event.durationMs)}` +
            (event.wellFormed ? "" : red(" · malformed answer")),
        );
        break;
      case "edit-failed":
        for (const error of event.errors) out(red(`  edit    ${error.split("\n")[0]}`));
        break;
      case "patch-proposed":
        out(
          `  patch   ${event.source === "memory" ? "replayed from memory: " : ""}${event.files.map((f) => `${f.path} (${plural(f.hunkCount, "hunk")})`).join(", ")}`,
        );
        break;
      case "patch-rejected":
        out(red(`  rejected: ${event.reason}`));
        break;
      case "patch-reverted":
        out(red(`  reverted: ${event.reason}`));
        break;
      case "tests-finished": {
        const c = event.counts;
        const trouble = event.timedOut ? " · timed out" : event.crashed ? " · crashed" : "";
        const line = `  tests   ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""} (${event.scope}, ${seconds(event.durationMs)})${trouble}`;
        out(c.failed === 0 && !event.crashed && !event.timedOut ? green(line) : line);
        // Why the run as a whole failed: shown always, not only with --verbose.
        const problem = testRunProblem(event);
        if (problem) out(red(`  tests   ${problem}`));
        if (options.verbose)
          for (const f of event.failures.slice(0, 5))
            out(dim(`          ✗ ${f.id}: ${(f.message ?? "").split("\n")[0]}`));
        break;
      }
      case "reflection":
        if (options.verbose) out(dim(`  reflect ${event.text}`));
        break;
      case "log":
        if (event.level !== "debug" || options.verbose)
          out((event.level === "error" ? red : dim)(`  ${event.level}: ${event.message}`));
        break;
      case "run-finished": {
        if (event.flaky?.length) out(`  flaky   ${event.flaky.join(", ")} (failed once, passed when run again)`);
        const used = `${plural(event.iterations, "iteration")} · ${tokens(event.promptTokens + event.completionTokens)} tokens · ${seconds(event.durationMs)}`;
        out(
          event.reason === "green"
            ? green(`✔ ${event.message} (${used})`)
            : red(`✘ ${event.reason}: ${event.message} (${used})`),
        );
        break;
      }
      default:
        break;
    }
  };
}

/** A shell's "not found" for the runner an npm script calls, e.g. "sh: 1: jest: not found". */
const SHELL_NOT_FOUND = /^.*?([^\s:'"]+): (?:command )?not found\s*$/m;

/** The one-line reason a whole test run failed (a timeout, a missing command), or undefined. */
export function testRunProblem(event: TestsFinished): string | undefined {
  const lines = event.failures.flatMap((f) => (f.message ?? "").split("\n"));
  if (event.timedOut) {
    return (
      lines.find((l) => /^Test run timed out after /.test(l)) ??
      `Test run timed out after ${(event.durationMs / 1000).toFixed(1)} s and was killed`
    );
  }
  if (!event.crashed) return undefined;
  const missing = lines.find((l) => /^Test command not found: /.test(l));
  if (missing) return missing;
  const fromShell = event.failures.map((f) => SHELL_NOT_FOUND.exec(f.message ?? "")).find(Boolean);
  return fromShell ? `Test command not found: ${fromShell[1]}` : undefined;
}
