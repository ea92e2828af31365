import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { EDIT_FORMAT_SETTINGS } from "../edits/formats";
import { PROVIDER_IDS } from "../providers/registry";
import { PROJECT_MARKERS } from "../testing/detectProject";
import { ENV_NAME } from "../testing/testEnv";
import { findJsonSyntaxError } from "./jsonPosition";

/** Settings a config file may hold. Keys are refused here: they come from the environment only. */
export const FileSettings = z
  .object({
    provider: z.enum(PROVIDER_IDS),
    model: z.string().min(1),
    baseUrl: z.string().url(),
    maxIterations: z.number().int().min(1).max(100),
    tokenBudget: z.number().int().positive(),
    timeBudgetMinutes: z.number().positive(),
    approval: z.enum(["ask", "auto-target", "auto-all"]),
    testCommand: z.string().min(1),
    testTimeoutSeconds: z.number().positive(),
    /** Provider key variables the tests may still see (all others are removed from their environment). */
    testEnvPassthrough: z.array(z.string().regex(ENV_NAME, "not an environment variable name")),
    numCtx: z.number().int().positive(),
    temperature: z.number().min(0).max(2),
    memory: z.boolean(),
    memoryDir: z.string(),
    editFormat: z.enum(EDIT_FORMAT_SETTINGS),
    /** Memory hints from this project only, or from other projects too (each above its floor). */
    memoryScope: z.enum(["project", "all"]),
  })
  .partial()
  .strict();
export type FileSettings = z.infer<typeof FileSettings>;

/** Where Greenloop keeps memory, checkpoints and run history. */
export function greenloopHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.GREENLOOP_HOME || path.join(os.homedir(), ".greenloop");
}

/** Reads and validates a config file; a clear error names the file and the bad field. */
export function readSettingsFile(file: string): FileSettings {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`Cannot read config file ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, and that text may be a key: say only where it is.
    const problem = findJsonSyntaxError(text);
    const where = problem ? ` (line ${problem.line}, column ${problem.column}: expected ${problem.expected})` : "";
    throw new UsageError(`Config file ${file} is not valid JSON${where}.`);
  }
  if (raw && typeof raw === "object" && "apiKey" in raw) {
    throw new UsageError(
      `${file} contains "apiKey": keys are read only from GREENLOOP_API_KEY or OPENAI_API_KEY, never from files.`,
    );
  }
  const parsed = FileSettings.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(
      `Invalid config file ${file}:\n${parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`,
    );
  }
  return parsed.data;
}

/** Settings from the environment (GREENLOOP_*). */
export function envSettings(env: NodeJS.ProcessEnv = process.env): FileSettings {
  const out: Record<string, unknown> = {};
  if (env.GREENLOOP_PROVIDER) out.provider = env.GREENLOOP_PROVIDER;
  if (env.GREENLOOP_MODEL) out.model = env.GREENLOOP_MODEL;
  if (env.GREENLOOP_BASE_URL) out.baseUrl = env.GREENLOOP_BASE_URL;
  if (env.GREENLOOP_TEST) out.testCommand = env.GREENLOOP_TEST;
  if (env.GREENLOOP_MAX_ITERATIONS) out.maxIterations = Number(env.GREENLOOP_MAX_ITERATIONS);
  if (env.GREENLOOP_EDIT_FORMAT) out.editFormat = env.GREENLOOP_EDIT_FORMAT;
  const parsed = FileSettings.safeParse(out);
  if (!parsed.success) {
    throw new UsageError(
      `Invalid GREENLOOP_* environment variable:\n${parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`,
    );
  }
  return parsed.data;
}

/** The API key, from the environment only. */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.GREENLOOP_API_KEY || env.OPENAI_API_KEY || undefined;
}

/** Config file precedence: --config, then <workspace>/.greenloop.json, then ~/.greenloop/config.json. */
export function loadSettings(workspace: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): FileSettings {
  const candidates = explicit
    ? [explicit]
    : [path.join(workspace, ".greenloop.json"), path.join(greenloopHome(env), "config.json")];
  let fromFile: FileSettings = {};
  for (const file of candidates) {
    if (existsSync(file)) {
      fromFile = readSettingsFile(file);
      break;
    }
    if (explicit) throw new UsageError(`Config file not found: ${explicit}`);
  }
  return { ...fromFile, ...envSettings(env) };
}

/** A problem with how the command was called (exit code 2). */
export class UsageError extends Error {}

/** The project folder a file belongs to: the nearest ancestor with a project marker (any test project's, or git's). */
export function findWorkspaceRoot(file: string): string {
  // The test projects' own files (package.json, pyproject.toml, Cargo.toml, go.mod, pom.xml …), then the repository.
  const markers = [...PROJECT_MARKERS, "greenloop.json", ".git"];
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (markers.some((m) => existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(path.resolve(file));
    dir = parent;
  }
}
