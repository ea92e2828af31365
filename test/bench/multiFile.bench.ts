/**
 * Prompt size per iteration when the bug is in another file: the loop's prompt (target whole, the sources in
 * the failing stacks and the target's imports whole or outlined within half the file budget, the related tests,
 * parsed failures) against sending every involved file whole plus the raw test output. Real test runs of the
 * multi-file integration projects (JS, TS, Python, a two-file bug, a run started from a test) and of one
 * generated project whose helpers are a few hundred lines long.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { LoopConfig } from "../../agent-core/config";
import { isTestFile } from "../../agent-core/edits/safety";
import { buildMessages, estimateTokens } from "../../agent-core/loop/prompts";
import { listWorkspaceFiles, ownTestFiles, relatedTestFiles } from "../../agent-core/loop/related";
import { collectSources, fitSources, stackSources } from "../../agent-core/loop/sourceContext";
import { parseTestOutput, runProcess } from "../../agent-core/testing";
import { detectTestSetup } from "../../agent-core/testing/detectProject";
import {
  JS_HELPER_THROWS,
  JS_TWO_FILES,
  PY_FROM_TEST,
  PY_HELPER_RAISES,
  TS_HELPER_WRONG,
} from "../support/multiFileProjects";
import { naivePromptTokens } from "./naivePrompt";
import { type BenchRow, mean, singleValueRow } from "./table";

const MAX_FILE_CHARS = LoopConfig.parse({ workspace: "/", targetFile: "x" }).maxFileChars;

interface MultiFileCase {
  id: string;
  files: Record<string, string>;
  target: string;
  /** The test file the run starts from, when it does. */
  fromTest?: string;
  testCommand?: string;
}

interface CaseSizes {
  id: string;
  loop: number;
  naive: number;
  sources: Array<{ path: string; whole: boolean }>;
}

/** A target importing three helpers of a few hundred lines each; the bug throws inside one of them. */
function largeCase(): MultiFileCase {
  const helper = (name: string, count: number, buggy?: number) => {
    const out = [`/** ${name}: one small rule per function. */`, ""];
    for (let i = 0; i < count; i++) {
      out.push(`/** Applies ${name} rule ${i} to an amount in cents. */`, `function ${name}${i}(cents, qty) {`);
      out.push(`  const base = cents * qty + ${i};`, `  if (base < ${i * 10}) return 0;`);
      out.push(i === buggy ? "  return base.toFixd(0);" : `  return Math.round(base * ${1 + (i % 5) / 100});`, "}", "");
    }
    out.push(`module.exports = { ${Array.from({ length: count }, (_, i) => `${name}${i}`).join(", ")} };`, "");
    return out.join("\n");
  };
  const target = [
    'const discounts = require("./lib/discounts");',
    'const taxes = require("./lib/taxes");',
    'const shipping = require("./lib/shipping");',
    "",
    "/** The order's total in cents: discount, tax and shipping applied line by line. */",
    "function orderTotal(lines) {",
    "  let total = 0;",
    "  for (const line of lines) {",
    "    const discounted = discounts.discounts7(line.cents, line.qty);",
    "    const taxed = taxes.taxes3(discounted, 1);",
    "    total += shipping.shipping1(taxed, 1);",
    "  }",
    "  return total;",
    "}",
    "",
    "module.exports = { orderTotal };",
    "",
  ].join("\n");
  const tests = ['const test = require("node:test");', 'const assert = require("node:assert/strict");'];
  tests.push('const { orderTotal } = require("../orders");', "");
  for (let t = 0; t < 6; t++)
    tests.push(
      `test("order ${t} totals", () => {`,
      `  assert.ok(orderTotal([{ cents: ${100 + t}, qty: 2 }]) > 0);`,
      "});",
      "",
    );
  return {
    id: "large: 3 helpers of ~30 rules",
    target: "orders.js",
    files: {
      "package.json": JSON.stringify({ name: "orders", scripts: { test: "node --test" } }),
      "orders.js": target,
      "lib/discounts.js": helper("discounts", 30, 7),
      "lib/taxes.js": helper("taxes", 30),
      "lib/shipping.js": helper("shipping", 30),
      "test/orders.test.js": tests.join("\n"),
    },
  };
}

const CASES: MultiFileCase[] = [
  { id: "js: helper throws", ...JS_HELPER_THROWS },
  { id: "ts: helper returns wrong", ...TS_HELPER_WRONG },
  { id: "py: helper raises", ...PY_HELPER_RAISES },
  { id: "js: bug in two files", ...JS_TWO_FILES },
  { id: "py: started from the test", ...PY_FROM_TEST, fromTest: PY_FROM_TEST.test },
];

/** Runs the case's real tests once and sizes both prompts for the first iteration, as the fix session builds it. */
async function sizeCase(base: string, c: MultiFileCase): Promise<CaseSizes> {
  const dir = await mkdtemp(path.join(base, "case-"));
  for (const [rel, content] of Object.entries(c.files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), content);
  }
  const all = await listWorkspaceFiles(dir);
  const { command } = await detectTestSetup(dir, c.target, {
    override: c.testCommand,
    ownTests: [...(c.fromTest ? [c.fromTest] : []), ...ownTestFiles(c.target, all)],
    allTests: all.filter((f) => isTestFile(f)),
  });
  const result = await runProcess(command, { timeoutMs: 120_000 });
  const report = parseTestOutput(command.framework, result.output, result.exitCode, { cwd: command.cwd });
  const read = (rel: string) => readFile(path.join(dir, rel), "utf8");
  const target = { path: c.target, content: await read(c.target) };
  const failureFiles = report.failures.map((f) => (f.location ?? "").replace(/:\d+$/, "")).filter(Boolean);
  let testFiles = relatedTestFiles(c.target, all, failureFiles);
  if (c.fromTest) testFiles = [c.fromTest, ...testFiles.filter((f) => f !== c.fromTest).slice(0, 1)];
  const tests = await Promise.all(testFiles.map(async (rel) => ({ path: rel, content: await read(rel) })));
  const involved = await collectSources({
    root: dir,
    target,
    stack: stackSources(dir, command.cwd, report.failures.slice(0, 10)),
    importers: tests.filter((t) => t.path === c.fromTest),
    read,
  });
  const sources = fitSources(involved, Math.floor(MAX_FILE_CHARS / 2));
  const loop = buildMessages({
    target,
    sources,
    tests,
    todos: [],
    failures: report.failures,
    totalFailed: report.failed,
    attempts: [],
    feedback: [],
    maxFileChars: MAX_FILE_CHARS,
  });
  const naive = naivePromptTokens(
    `Make the failing tests pass by editing \`${c.target}\` or the files it uses.`,
    [target, ...involved, ...tests],
    result.output,
  );
  return {
    id: c.id,
    loop: estimateTokens(loop),
    naive,
    sources: sources.map((s) => ({ path: s.path, whole: s.whole })),
  };
}

/** Sizes both prompts on every multi-file case; rows for the table. */
export async function benchMultiFilePrompts(): Promise<BenchRow[]> {
  const base = await mkdtemp(path.join(tmpdir(), "greenloop-multifile-"));
  try {
    const sizes: CaseSizes[] = [];
    for (const c of [...CASES, largeCase()]) sizes.push(await sizeCase(base, c));
    const small = sizes.slice(0, CASES.length);
    const large = sizes[sizes.length - 1];
    const perCase = sizes.map((s) => s.loop / s.naive);
    const totals = (s: CaseSizes[]) => mean(s.map((x) => x.loop)) / mean(s.map((x) => x.naive));
    const rows = [
      singleValueRow("prompt", "multi-file: loop / (involved files whole + raw output)", mean(perCase), "ratio", {
        goal: { below: 0.5, text: "< 0.5" },
        note: `mean of ${sizes.length} per-case ratios (${perCase.map((r) => r.toFixed(2)).join(", ")}); ratio of mean tokens ${totals(sizes).toFixed(2)}; 1st iteration; tokens = chars / 4`,
      }),
      singleValueRow("prompt", "multi-file, small projects: loop / naive", totals(small), "ratio", {
        note: `${small.length} integration projects (JS, TS, Python, two-file bug, from a test): 5-10 line files shown whole in both, so only the raw output shrinks`,
      }),
      singleValueRow("prompt", "multi-file, large: loop / naive", large.loop / large.naive, "ratio", {
        note: `${large.loop} vs ${large.naive} tokens; ${large.sources.map((s) => `${s.path} ${s.whole ? "whole" : "outline"}`).join(", ")}`,
      }),
    ];
    rows[0].details = sizes;
    return rows;
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
