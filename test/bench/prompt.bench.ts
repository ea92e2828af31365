/**
 * Prompt size per iteration: the loop's compact prompt (target, related tests, parsed failures) against a
 * naive prompt (whole target, whole test files, raw test output), on real test runs of the bundled practice
 * projects and of one generated large project.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LoopConfig } from "../../agent-core/config";
import { buildMessages, estimateTokens } from "../../agent-core/loop/prompts";
import { listWorkspaceFiles, relatedTestFiles, todoMarkers } from "../../agent-core/loop/related";
import { crashExcerpt } from "../../agent-core/loop/testPhase";
import { parseTestOutput, runProcess } from "../../agent-core/testing";
import type { TestCommand } from "../../agent-core/testing/types";
import { bundledPracticeDir, loadPracticeProjects } from "../../agent-core/training/projects";
import { practiceTestCommand } from "../../agent-core/training/testCommand";
import { PracticeWorkspace } from "../../agent-core/training/workspace";
// Maven runs offline, from the local repository (the Java practice projects).
import "../support/mavenOffline";
import { naivePromptTokens } from "./naivePrompt";
import { createSyntheticProject, SYNTHETIC_TARGET, SYNTHETIC_TEST } from "./syntheticProject";
import { type BenchRow, mean, rowFromSamples, singleValueRow } from "./table";

/** Options of the prompt benchmark. */
export interface PromptBenchOptions {
  /** At most this many practice projects per language (sorted by id); all by default. */
  perLanguage?: number;
}

/** Token estimates of both prompts for one case. */
interface PromptSizes {
  id: string;
  loop: number;
  naive: number;
  rawOutputChars: number;
  crashed: boolean;
}

const MAX_FILE_CHARS = LoopConfig.parse({ workspace: "/", targetFile: "x" }).maxFileChars;

/** Runs the real test command once and sizes both prompts for the first iteration. */
async function sizePrompts(
  id: string,
  dir: string,
  target: string,
  testFiles: string[],
  cmd: TestCommand,
): Promise<PromptSizes> {
  const result = await runProcess(cmd, { timeoutMs: 120_000 });
  const report = parseTestOutput(cmd.framework, result.output, result.exitCode, { cwd: cmd.cwd });
  const read = (rel: string) => readFile(path.join(dir, rel), "utf8");
  const content = await read(target);

  // The loop's choice of test files, exactly as the fix session makes it.
  const failureFiles = report.failures.map((f) => (f.location ?? "").replace(/:\d+(:\d+)?$/, "")).filter(Boolean);
  const related = relatedTestFiles(target, await listWorkspaceFiles(dir), failureFiles);
  const tests = await Promise.all(related.map(async (rel) => ({ path: rel, content: await read(rel) })));
  const loopMessages = buildMessages({
    target: { path: target, content },
    tests,
    todos: todoMarkers(content),
    failures: report.failures,
    totalFailed: report.failed,
    crashOutput: crashExcerpt({ scope: "full", report, result, green: false }),
    attempts: [],
    feedback: [],
    maxFileChars: MAX_FILE_CHARS,
  });

  const allTests = await Promise.all(testFiles.map(async (rel) => ({ path: rel, content: await read(rel) })));
  const naive = naivePromptTokens(
    `Make the failing tests pass by editing \`${target}\`.`,
    [{ path: target, content }, ...allTests],
    result.output,
  );
  return {
    id,
    loop: estimateTokens(loopMessages),
    naive,
    rawOutputChars: result.output.length,
    crashed: report.crashed,
  };
}

async function practiceSizes(base: string, perLanguage: number): Promise<{ sizes: PromptSizes[]; problems: string[] }> {
  const { projects, problems } = await loadPracticeProjects(bundledPracticeDir(__dirname));
  const workspace = new PracticeWorkspace(path.join(base, "practice"));
  await workspace.create();
  const sizes: PromptSizes[] = [];
  const picked = projects.filter(
    (p, i) => projects.slice(0, i).filter((q) => q.language === p.language).length < perLanguage,
  );
  for (const project of picked) {
    const dir = await workspace.freshCopy(project, "bench");
    const cmd = await practiceTestCommand(project, dir);
    sizes.push(await sizePrompts(project.id, dir, project.target[0], project.tests, cmd));
  }
  return { sizes, problems: problems.map((p) => `${p.dir}: ${p.message}`) };
}

const kb = (chars: number) => `${(chars / 1024).toFixed(0)} KB`;

/** Sizes both prompts on every bundled practice project and on the large generated case; rows for the table. */
export async function benchPrompts(options: PromptBenchOptions = {}): Promise<BenchRow[]> {
  const base = await mkdtemp(path.join(tmpdir(), "greenloop-promptbench-"));
  try {
    const { sizes, problems } = await practiceSizes(base, options.perLanguage ?? Infinity);
    const large = path.join(base, "large");
    await createSyntheticProject(large);
    const big = await sizePrompts("large", large, SYNTHETIC_TARGET, [SYNTHETIC_TEST], {
      argv: [process.execPath, "--test", SYNTHETIC_TEST],
      cwd: large,
      framework: "node",
    });

    const loopTokens = sizes.map((s) => s.loop);
    const naiveTokens = sizes.map((s) => s.naive);
    const perProject = sizes.map((s) => s.loop / s.naive);
    const languageIds = [...new Set(sizes.map((s) => s.id.split("/")[0]))].sort();
    // Each language's mean loop prompt, so a language whose failures read badly stands out.
    const languages = languageIds
      .map((language) => {
        const own = sizes.filter((s) => s.id.startsWith(`${language}/`)).map((s) => s.loop);
        return `${language} ${mean(own).toFixed(0)}`;
      })
      .join(", ");
    const crashed = sizes.filter((s) => s.crashed).length;
    const byLanguage = [...new Set(sizes.map((s) => s.id.split("/")[0]))].map((language) => {
      const own = sizes.filter((s) => s.id.startsWith(`${language}/`));
      return `${language} ${(mean(own.map((s) => s.loop)) / mean(own.map((s) => s.naive))).toFixed(2)}`;
    });
    const practiceNote = `${sizes.length} practice projects (${languages}), stub + real test run; mean ${mean(loopTokens).toFixed(0)}`;
    const rows: BenchRow[] = [
      rowFromSamples("prompt", "practice: loop prompt, 1st iteration", loopTokens, "tokens", {
        note: `${practiceNote}; ${crashed} runs crashed before tests`,
      }),
      rowFromSamples("prompt", "practice: whole files + raw output", naiveTokens, "tokens", {
        note: `mean ${mean(naiveTokens).toFixed(0)}; raw output mean ${kb(mean(sizes.map((s) => s.rawOutputChars)))}`,
      }),
      singleValueRow("prompt", "practice: loop / naive, mean tokens", mean(loopTokens) / mean(naiveTokens), "ratio", {
        note: `per project: min ${Math.min(...perProject).toFixed(2)}, max ${Math.max(...perProject).toFixed(2)}; per language: ${byLanguage.join(", ")}; tokens = chars / 4`,
      }),
      singleValueRow("prompt", "large: loop prompt, 1st iteration", big.loop, "tokens", {
        note: `2,000-line source (shown up to ${MAX_FILE_CHARS.toLocaleString("en-US")} chars), ${kb(big.rawOutputChars)} raw output`,
      }),
      singleValueRow("prompt", "large: whole files + raw output", big.naive, "tokens", {
        note: "same case, everything sent as-is",
      }),
      singleValueRow("prompt", "large: loop / naive", big.loop / big.naive, "ratio", {
        note: "tokens = chars / 4 (estimateTokens)",
      }),
    ];
    rows[0].details = sizes;
    rows[3].details = big;
    if (problems.length) rows[0].note += `; ${problems.length} projects failed to load`;
    return rows;
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
