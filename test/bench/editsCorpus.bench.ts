/**
 * The edit-answer corpus, per answer format: how many unambiguous answers were applied correctly, how many
 * answers were rejected (and whether they had to be), how many were applied wrongly; the blocks-only parser
 * (how answers were read before edit formats) for comparison; and what each format costs in completion tokens
 * on the practice set's reference fixes.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatPatch, structuredPatch } from "diff";
import { toSearchReplace } from "../../agent-core/loop/fixText";
import { estimateTokens } from "../../agent-core/providers/tokens";
import { bundledPracticeDir, loadPracticeProjects } from "../../agent-core/training/projects";
import { answerApplier, blocksOnlyApplier } from "../support/editAnswers/appliers";
import {
  buildCorpus,
  type CorpusCase,
  correctShare,
  type FormatScore,
  judge,
  scoreCorpus,
} from "../support/editAnswers/corpus";
import { type BenchRow, rowFromSamples, singleValueRow } from "./table";

const AREA = "edits-corpus";
const FORMATS = ["search-replace", "whole", "udiff"] as const;
const pct = (s: FormatScore) => Math.round(correctShare(s) * 1000) / 10;

function formatRows(label: string, s: FormatScore, goals: boolean): BenchRow[] {
  const missed = s.rejected - s.rejectedAsExpected;
  return [
    singleValueRow(AREA, `${label}: unambiguous answers applied correctly`, pct(s), "%", {
      note: `${s.correct} of ${s.unambiguous}`,
      ...(goals ? { goal: { above: 94.99, text: "≥ 95%" } } : {}),
    }),
    singleValueRow(AREA, `${label}: rejected`, s.rejected, "answers", {
      note: `${s.rejectedAsExpected} of ${s.total - s.unambiguous} that must be; ${missed} usable ones missed`,
    }),
    singleValueRow(
      AREA,
      `${label}: applied wrongly`,
      s.wrong,
      "answers",
      goals ? { goal: { below: 0.5, text: "0" } } : {},
    ),
  ];
}

const FENCE_LANG: Record<string, string> = { javascript: "javascript", typescript: "typescript", python: "python" };

/** Each practice project's reference fix written in each format, scored by the answer reader and counted in tokens. */
async function practiceTokens(): Promise<BenchRow[]> {
  const { projects } = await loadPracticeProjects(bundledPracticeDir());
  const solutions = path.resolve(__dirname, "../fixtures/solutions");
  const tokens: Record<(typeof FORMATS)[number], number[]> = { "search-replace": [], whole: [], udiff: [] };
  let applied = 0;
  let answers = 0;
  for (const project of projects) {
    const target = project.target[0];
    const after = await readFile(path.join(solutions, project.language, project.name, target), "utf8").catch(
      () => undefined,
    );
    if (after === undefined) continue;
    const before = await readFile(path.join(project.dir, target), "utf8");
    const lf = (s: string) => s.replace(/\r\n/g, "\n");
    const written: Record<(typeof FORMATS)[number], string> = {
      "search-replace": toSearchReplace(target, before, after),
      whole: `${target}\n\`\`\`${FENCE_LANG[project.language] ?? ""}\n${lf(after)}\`\`\`\n`,
      udiff:
        "```diff\n" +
        formatPatch(
          structuredPatch(`a/${target}`, `b/${target}`, lf(before), lf(after), undefined, undefined, { context: 3 }),
        ) +
        "```\n",
    };
    for (const format of FORMATS) {
      tokens[format].push(estimateTokens(written[format]));
      const c: CorpusCase = {
        id: project.id,
        category: "practice",
        asked: format,
        answerFormat: format,
        target,
        files: { [target]: before },
        shown: [target],
        answer: written[format],
        expect: { [target]: after },
      };
      answers++;
      if (judge(c, (await answerApplier(c)).files) === "correct") applied++;
    }
  }
  const rows = tokenRows("practice set (stubs to solutions)", tokens);
  rows.push(
    singleValueRow(AREA, "practice-set reference fixes read back exactly, all formats", applied, "answers", {
      note: `of ${answers}`,
    }),
  );
  return rows;
}

type TokenSamples = Record<(typeof FORMATS)[number], number[]>;

function tokenRows(set: string, tokens: TokenSamples): BenchRow[] {
  const total = (f: (typeof FORMATS)[number]) => tokens[f].reduce((a, b) => a + b, 0);
  return FORMATS.map((f) =>
    rowFromSamples(AREA, `completion tokens per fix, ${set}: ${f}`, tokens[f], "tokens", {
      note: `${tokens[f].length} fixes${f === "search-replace" ? "" : `; ${(total(f) / total("search-replace")).toFixed(1)}× SEARCH/REPLACE in total`}`,
    }),
  );
}

/** Tokens of the corpus scenarios' fixes (a few changed lines each) written plainly in each format. */
function scenarioTokens(corpus: readonly CorpusCase[]): BenchRow[] {
  const variant: Record<(typeof FORMATS)[number], string> = {
    "search-replace": "sr-plain",
    whole: "whole-fenced",
    udiff: "udiff-clean",
  };
  const tokens: TokenSamples = { "search-replace": [], whole: [], udiff: [] };
  for (const f of FORMATS)
    for (const c of corpus) if (c.id.endsWith(`/${variant[f]}`)) tokens[f].push(estimateTokens(c.answer));
  return tokenRows("corpus scenarios (bug fixes of a few lines)", tokens);
}

export async function benchEditsCorpus(): Promise<BenchRow[]> {
  const corpus = buildCorpus();
  const now = await scoreCorpus(corpus, answerApplier);
  const before = await scoreCorpus(corpus, blocksOnlyApplier);
  const rows: BenchRow[] = [];
  for (const f of FORMATS) rows.push(...formatRows(f, now.byFormat[f], true));
  rows.push(...formatRows(`all ${corpus.length} answers`, now.all, true));
  rows.push(...formatRows("blocks-only parser (before formats), all answers", before.all, false));
  rows.push(...scenarioTokens(corpus), ...(await practiceTokens()));
  const misses = now.outcomes
    .filter((o) => o.verdict === "wrong" || (!o.expectedReject && o.verdict !== "correct"))
    .map((o) => o.id);
  if (misses.length) rows[rows.length - 1].details = { misses };
  return rows;
}
