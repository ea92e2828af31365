import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ShadowCheckpoints } from "../checkpoints/shadowGit";
import { EDIT_FORMAT_SETTINGS, type EditFormatSetting } from "../edits/formats";
import { RunHistory } from "../history/runLog";
import { type RunSummary, runFixLoop } from "../loop/runLoop";
import { RemoteEmbedder } from "../memory/embedder";
import { openFailureMemory } from "../memory/openStore";
import { GitChangeSource } from "../node/gitChanges";
import { ProcessTestExecutor } from "../node/processExecutor";
import { NodeWorkspaceFiles } from "../node/workspaceFiles";
import type { ApprovalGate, Logger, MemoryPort } from "../ports";
import { createProvider, DEFAULT_PROVIDER, isProviderId, PROVIDERS, providerChoices } from "../providers";
import type { ModelProvider } from "../providers/types";
import { Redactor } from "../secrets/redact";
import { createTerminalApproval } from "./approvalPrompt";
import type { CliIO } from "./io";
import { createProgressRenderer } from "./progress";
import { apiKeyFromEnv, findWorkspaceRoot, greenloopHome, loadSettings, UsageError } from "./settings";

const isEditFormatSetting = (v: string): v is EditFormatSetting =>
  (EDIT_FORMAT_SETTINGS as readonly string[]).includes(v);

export const FIX_USAGE = `Usage: greenloop fix <file> [options]

Loops plan → edit → test → reflect until the tests pass or a budget runs out.

Options:
  --test <cmd>             test command (default: detected from package.json or pytest)
  --provider <name>        ollama (default) or openai (any OpenAI-compatible endpoint)
  --model <name>           model name
  --base-url <url>         server URL (default Ollama: http://127.0.0.1:11434)
  --max-iterations <n>     default 8
  --token-budget <n>       default 200000
  --time-budget <minutes>  default 20
  --test-timeout <seconds> default 120
  --edit-format <format>   auto (default: by model and file size), search-replace, whole or udiff
  --yes                    approve patches without asking (test-file edits and dangerous changes still ask)
  --allow-test-edits       let the agent change test files
  --no-memory              neither use nor update the failure memory
  --memory-dir <dir>       default ~/.greenloop/memory
  --memory-scope <scope>   project: this project's fixes only, none close enough to show (default); all: other projects' too, when very close
  --embedder <hash|provider>  hash: offline (default); provider: the endpoint's embeddings
  --embedding-model <name> embedding model for --embedder provider
  --workspace <dir>        project root (default: nearest folder with package.json, pyproject.toml, Cargo.toml, .git …)
  --config <file>          settings file (default: <workspace>/.greenloop.json, then ~/.greenloop/config.json)
  --verbose                show failing tests and reflections
Keys: GREENLOOP_API_KEY or OPENAI_API_KEY (never read from files or flags).`;

/** `greenloop fix`: returns the exit code (0 green, 1 not green, 2 usage or configuration error, or tests that cannot run). */
export async function fixCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      test: { type: "string" },
      provider: { type: "string" },
      model: { type: "string" },
      "base-url": { type: "string" },
      "max-iterations": { type: "string" },
      "token-budget": { type: "string" },
      "time-budget": { type: "string" },
      "test-timeout": { type: "string" },
      "edit-format": { type: "string" },
      yes: { type: "boolean", short: "y" },
      "allow-test-edits": { type: "boolean" },
      "no-memory": { type: "boolean" },
      "memory-dir": { type: "string" },
      "memory-scope": { type: "string" },
      embedder: { type: "string" },
      "embedding-model": { type: "string" },
      workspace: { type: "string" },
      config: { type: "string" },
      verbose: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.out(FIX_USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Expected one file to fix.\n\n${FIX_USAGE}`);
  const file = path.resolve(io.cwd, positionals[0]);
  if (!existsSync(file)) throw new UsageError(`File not found: ${positionals[0]}`);
  const workspace = values.workspace ? path.resolve(io.cwd, values.workspace) : findWorkspaceRoot(file);
  const settings = loadSettings(workspace, values.config, io.env);
  const num = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} must be a positive number, got "${v}"`);
    return n;
  };
  const provider: string = values.provider ?? settings.provider ?? DEFAULT_PROVIDER;
  if (!isProviderId(provider)) throw new UsageError(`--provider must be ${providerChoices()}, got "${provider}"`);
  const editFormat = values["edit-format"] ?? settings.editFormat ?? "auto";
  if (!isEditFormatSetting(editFormat))
    throw new UsageError(`--edit-format must be one of ${EDIT_FORMAT_SETTINGS.join(", ")}; got "${editFormat}"`);
  const home = greenloopHome(io.env);
  const logger = cliLogger(io, values.verbose ?? false);
  const redactor = Redactor.fromEnvironment(io.env, [apiKeyFromEnv(io.env)]);

  const embedderKind = values.embedder ?? "hash";
  if (embedderKind !== "hash" && embedderKind !== "provider")
    throw new UsageError(`--embedder must be "hash" or "provider", got "${embedderKind}"`);
  const model = createProvider({
    redactor,
    provider,
    model: values.model ?? settings.model ?? PROVIDERS[provider].defaultModel,
    baseUrl: values["base-url"] ?? settings.baseUrl,
    apiKey: apiKeyFromEnv(io.env),
    numCtx: settings.numCtx,
    embeddingModel: values["embedding-model"],
  });
  const useMemory = !(values["no-memory"] ?? false) && settings.memory !== false;
  const memoryScope = values["memory-scope"] ?? settings.memoryScope ?? "project";
  if (memoryScope !== "project" && memoryScope !== "all")
    throw new UsageError(`--memory-scope must be "project" or "all", got "${memoryScope}"`);
  let memory: (MemoryPort & { close(): Promise<void> }) | undefined;
  if (useMemory) {
    const embedder = embedderKind === "provider" ? providerEmbedder(model, values["embedding-model"]) : undefined;
    memory = await openFailureMemory({
      dir: values["memory-dir"] ?? settings.memoryDir ?? path.join(home, "memory"),
      log: logger,
      embedder,
      redactor,
    }).catch((error: Error) => {
      logger.warn(`Running without failure memory: ${error.message}`);
      return undefined;
    });
  }
  const autoApprove = values.yes ?? false;
  // Even with --yes the loop asks here for test-file edits and dangerous changes; without an answer they are rejected.
  const terminal = createTerminalApproval(io.stdin, io.err);
  const approve: ApprovalGate = terminal.gate;
  const history = new RunHistory(path.join(home, "runs"), redactor);
  const render = createProgressRenderer({ write: io.err, color: io.color, verbose: values.verbose ?? false });
  if (io.interrupted.aborted) {
    // Ctrl+C while settings, the model client or memory were loading: nothing has been touched yet.
    io.err("Cancelled before the run started; nothing was changed.\n");
    await memory?.close().catch(() => undefined);
    terminal.close();
    return 130;
  }

  let summary: RunSummary;
  try {
    summary = await runFixLoop(
      {
        workspace,
        targetFile: path.relative(workspace, file),
        maxIterations: num("max-iterations", values["max-iterations"]) ?? settings.maxIterations,
        tokenBudget: num("token-budget", values["token-budget"]) ?? settings.tokenBudget,
        timeBudgetMs: minutesToMs(num("time-budget", values["time-budget"]) ?? settings.timeBudgetMinutes),
        temperature: settings.temperature,
        testTimeoutMs: secondsToMs(num("test-timeout", values["test-timeout"]) ?? settings.testTimeoutSeconds),
        testOverride: values.test ?? settings.testCommand,
        testEnvPassthrough: settings.testEnvPassthrough,
        approval: autoApprove ? "auto-all" : (settings.approval ?? "ask"),
        allowTestEdits: values["allow-test-edits"] ?? false,
        editFormat,
        memory: { enabled: memory !== undefined, replay: true, scope: memoryScope },
      },
      {
        files: new NodeWorkspaceFiles(workspace),
        tests: new ProcessTestExecutor(values.verbose ? (chunk) => io.err(chunk) : undefined, { parentEnv: io.env }),
        approve,
        model,
        checkpoints: new ShadowCheckpoints({ workspace, storageDir: path.join(home, "checkpoints") }),
        memory,
        changes: new GitChangeSource(workspace),
        log: logger,
        redactor,
        onEvent: (event) => {
          render(event);
          history.record(event);
        },
      },
      io.interrupted,
    );
  } finally {
    terminal.close();
    await memory?.close().catch(() => undefined);
  }
  await history.finish(summary);
  // Nothing ran: the file, the workspace or the test command is wrong — a configuration error.
  if (summary.reason === "error" && summary.iterations === 0 && !summary.checkpointId) return 2;
  // The tests could not run before the first iteration: the test command is wrong, not the code.
  if (summary.reason === "test-error" && summary.iterations === 0) return 2;
  return summary.reason === "green" ? 0 : 1;
}

/** Embeddings from the model endpoint; vectors of another embedder live in their own table. */
function providerEmbedder(model: ModelProvider, embeddingModel: string | undefined): RemoteEmbedder {
  const embed = model.embed?.bind(model);
  if (!embed) throw new UsageError(`The ${model.id} provider cannot embed; use --embedder hash.`);
  return new RemoteEmbedder(`${model.id}:${embeddingModel ?? model.model}`, (texts, signal) => embed(texts, signal));
}

const minutesToMs = (m: number | undefined) => (m === undefined ? undefined : Math.round(m * 60_000));
const secondsToMs = (s: number | undefined) => (s === undefined ? undefined : Math.round(s * 1000));

function cliLogger(io: CliIO, verbose: boolean): Logger {
  return {
    debug: (m) => verbose && io.err(`  debug: ${m}\n`),
    info: (m) => verbose && io.err(`  ${m}\n`),
    warn: (m) => io.err(`  warning: ${m}\n`),
    error: (m) => io.err(`  error: ${m}\n`),
  };
}
