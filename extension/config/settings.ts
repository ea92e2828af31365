/**
 * Typed view of the `greenloop.*` settings. Pure: takes a getter so it works with any configuration source
 * (VS Code's WorkspaceConfiguration in the host, a plain object in tests).
 */
import type { ApprovalMode, LoopConfigInput } from "../../agent-core/config";
import type { EditFormatSetting } from "../../agent-core/edits/formats";
import type { ProviderId } from "../../agent-core/providers/registry";
import type { ProviderSettings } from "../../agent-core/providers/types";

/** The `greenloop.editFormat` values (a type-only import keeps the core out of activation). */
const EDIT_FORMAT_CHOICES = [
  "auto",
  "search-replace",
  "whole",
  "udiff",
] as const satisfies readonly EditFormatSetting[];
// Fails to compile when the core adds a format this list lacks.
const everyEditFormat: Exclude<EditFormatSetting, (typeof EDIT_FORMAT_CHOICES)[number]> extends never ? true : never =
  true;
void everyEditFormat;

/** Settings of the extension, with defaults applied and bad values replaced by defaults. */
export interface GreenloopSettings {
  /**
   * A provider id of `extension/providers/registry.ts` ("vscode": a language model of the editor itself, chosen
   * by the `lm*` settings). An id that names no provider is refused, with the choices, when a run starts.
   */
  provider: string;
  model: string;
  /** Empty means the provider's default endpoint. */
  baseUrl: string;
  maxIterations: number;
  tokenBudget: number;
  timeBudgetMinutes: number;
  approvalMode: ApprovalMode;
  allowTestEdits: boolean;
  /** How the model is asked to write edits; `auto` picks per model family and file size. */
  editFormat: EditFormatSetting;
  memoryEnabled: boolean;
  memoryEmbedder: "hash" | "provider";
  /** Hints from this project only, or from other projects too (each above its floor; see FLOORS). */
  memoryScope: "project" | "all";
  /** Shell-free command line overriding detection; empty means detect. */
  testCommand: string;
  /** Name of a tasks.json task to run instead of the test command; empty means none. */
  testTask: string;
  testTimeoutSeconds: number;
  temperature: number;
  /** Provider key variables the tests may still see; all others are removed from their environment. */
  testEnvPassthrough: string[];
  practiceWorkspaceDir: string;
  /** Which editor model the "vscode" provider uses; empty fields match any. */
  lmVendor: string;
  lmFamily: string;
  lmId: string;
}

/** Reads one setting below `greenloop.`; returns undefined when unset. */
export type SettingGetter = (key: string) => unknown;

function str(v: unknown, fallback: string): string {
  return typeof v === "string" ? v.trim() : fallback;
}

/** A temperature between 0 and 2; anything else falls back to 0.2. */
function temperatureOf(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 2 ? v : 0.2;
}

function int(v: unknown, fallback: number, min: number, max: number): number {
  return typeof v === "number" && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;
}

/** Environment variable names from a string array; anything else is dropped. */
function envNames(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((name): name is string => typeof name === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name.trim()))
    .map((name) => name.trim());
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === "string" && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** Builds typed settings from raw values; out-of-range numbers are clamped, unknown enum values fall back. */
export function readSettings(get: SettingGetter): GreenloopSettings {
  return {
    provider: str(get("provider"), "") || "ollama",
    model: str(get("model"), "") || "qwen2.5-coder:7b",
    baseUrl: str(get("baseUrl"), ""),
    maxIterations: int(get("maxIterations"), 8, 1, 100),
    tokenBudget: int(get("tokenBudget"), 200_000, 1_000, 100_000_000),
    timeBudgetMinutes: int(get("timeBudgetMinutes"), 20, 1, 24 * 60),
    approvalMode: oneOf(get("approvalMode"), ["ask", "auto-target", "auto-all"] as const, "ask"),
    allowTestEdits: get("allowTestEdits") === true,
    editFormat: oneOf(get("editFormat"), EDIT_FORMAT_CHOICES, "auto"),
    memoryEnabled: get("memory.enabled") !== false,
    memoryEmbedder: oneOf(get("memory.embedder"), ["hash", "provider"] as const, "hash"),
    memoryScope: oneOf(get("memory.scope"), ["project", "all"] as const, "project"),
    testCommand: str(get("testCommand"), ""),
    testTask: str(get("testTask"), ""),
    testTimeoutSeconds: int(get("testTimeoutSeconds"), 120, 1, 24 * 3600),
    temperature: temperatureOf(get("temperature")),
    testEnvPassthrough: envNames(get("testEnvPassthrough")),
    practiceWorkspaceDir: str(get("practice.workspaceDir"), ""),
    lmVendor: str(get("lm.vendor"), ""),
    lmFamily: str(get("lm.family"), ""),
    lmId: str(get("lm.id"), ""),
  };
}

/** The loop configuration for fixing `targetFile` (relative to `workspace`). */
export function toLoopConfig(s: GreenloopSettings, workspace: string, targetFile: string): LoopConfigInput {
  return {
    workspace,
    targetFile,
    maxIterations: s.maxIterations,
    tokenBudget: s.tokenBudget,
    timeBudgetMs: s.timeBudgetMinutes * 60_000,
    testTimeoutMs: s.testTimeoutSeconds * 1000,
    temperature: s.temperature,
    approval: s.approvalMode,
    allowTestEdits: s.allowTestEdits,
    editFormat: s.editFormat,
    memory: { enabled: s.memoryEnabled, replay: true, scope: s.memoryScope },
    ...(s.testEnvPassthrough.length > 0 ? { testEnvPassthrough: s.testEnvPassthrough } : {}),
    ...(s.testCommand ? { testOverride: s.testCommand } : {}),
  };
}

/**
 * Provider settings for one of the core's providers; the key comes from SecretStorage and is never logged. The
 * registry (`extension/providers/registry.ts`) calls this for the core's ids only; the core refuses any other.
 */
export function toProviderSettings(s: GreenloopSettings, apiKey: string | undefined): ProviderSettings {
  return {
    provider: s.provider as ProviderId,
    model: s.model,
    ...(s.baseUrl ? { baseUrl: s.baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}
