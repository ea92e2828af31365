import * as z from "zod";
import { EDIT_FORMAT_SETTINGS } from "./edits/formats";
import { TEST_FRAMEWORKS } from "./testing/runners";

/** Settings of one fix run. Hosts build it from flags, env, files or VS Code settings; the loop validates it. */
export const ApprovalMode = z.enum(["ask", "auto-target", "auto-all"]);
export type ApprovalMode = z.infer<typeof ApprovalMode>;

export const MemoryScope = z.enum(["project", "all"]);

export const LoopConfig = z.object({
  /** Absolute workspace root. */
  workspace: z.string().min(1),
  /** File to fix, relative to the workspace. */
  targetFile: z.string().min(1),
  maxIterations: z.number().int().min(1).max(100).default(8),
  tokenBudget: z.number().int().positive().default(200_000),
  /** Longest answer asked of the model per request (max_tokens / num_predict), never more than the budget has left. */
  maxAnswerTokens: z.number().int().min(256).default(8192),
  /** Sampling temperature of every model request: low, since an edit has one right answer. */
  temperature: z.number().min(0).max(2).default(0.2),
  timeBudgetMs: z
    .number()
    .int()
    .positive()
    .default(20 * 60_000),
  testTimeoutMs: z.number().int().positive().default(120_000),
  approval: ApprovalMode.default("ask"),
  allowTestEdits: z.boolean().default(false),
  /** Same failure signature this many attempts in a row ends the run as stuck. */
  stuckAfter: z.number().int().min(2).default(3),
  memory: z
    .object({
      enabled: z.boolean().default(true),
      replay: z.boolean().default(true),
      /** Hints from this project only ("project"), or from other projects too ("all"); each above its floor. */
      scope: MemoryScope.default("project"),
      /** Names the project when the workspace is a copy of one (training); else its root commit or folder does. */
      project: z.string().min(1).optional(),
    })
    .default({ enabled: true, replay: true, scope: "project" }),
  /** The test command; detected from the workspace when absent. */
  test: z
    .object({
      argv: z.array(z.string()).min(1),
      cwd: z.string(),
      framework: z.enum(TEST_FRAMEWORKS),
      env: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  /** A test command line typed by the user (`--test`), used when `test` is absent. */
  testOverride: z.string().optional(),
  /** Provider key variables (e.g. OPENAI_API_KEY) that test processes may still see; all others are removed. */
  testEnvPassthrough: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not an environment variable name"))
    .default([]),
  /** Max characters of one file shown to the model. */
  maxFileChars: z.number().int().positive().default(24_000),
  /** How the model is asked to write edits; `auto` picks per model family and file size (edits/formats/auto.ts). */
  editFormat: z.enum(EDIT_FORMAT_SETTINGS).default("auto"),
});
export type LoopConfig = z.infer<typeof LoopConfig>;
export type LoopConfigInput = z.input<typeof LoopConfig>;

/** Turns a zod error into one readable line per problem. */
export function describeConfigError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("\n");
}
