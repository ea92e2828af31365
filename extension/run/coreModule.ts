/**
 * The core, loaded on first use. Elsewhere in the activation path agent-core appears only as type imports and
 * two tiny file modules the editor's WorkspaceFiles shares (edits/fileErrors, edits/paths: no dependencies),
 * so the bundle evaluates the core (zod, model clients, git, LanceDB glue) when a command first needs it.
 */
import * as path from "node:path";
import type { TrainingEntry } from "../training";

/** The parts of agent-core the editor uses. */
export interface CoreModule {
  runFixLoop: typeof import("../../agent-core/loop/runLoop").runFixLoop;
  createProvider: typeof import("../../agent-core/providers").createProvider;
  ShadowCheckpoints: typeof import("../../agent-core/checkpoints/shadowGit").ShadowCheckpoints;
  GitChangeSource: typeof import("../../agent-core/node/gitChanges").GitChangeSource;
  openFailureMemory: typeof import("../../agent-core/memory/port").openFailureMemory;
  RemoteEmbedder: typeof import("../../agent-core/memory/embedder").RemoteEmbedder;
  detectTestCommand: typeof import("../../agent-core/testing/detect").detectTestCommand;
  runProcess: typeof import("../../agent-core/testing/processRunner").runProcess;
  /** What the review needs to redraw a proposal on top of the user's edits. */
  reviewDiffs: import("../review/reviewController").ReviewDiffs;
  detectTestSetup: typeof import("../../agent-core/testing/detectProject").detectTestSetup;
  filterCommand: typeof import("../../agent-core/testing/filter").filterCommand;
  parseTestOutput: typeof import("../../agent-core/testing/parsers").parseTestOutput;
  /** For providers built outside the core (the editor's models): the same error class, wrappers and estimate. */
  ModelError: typeof import("../../agent-core/providers/types").ModelError;
  withResilience: typeof import("../../agent-core/providers/resilience").withResilience;
  withRedaction: typeof import("../../agent-core/providers/redacting").withRedaction;
  estimateTokens: typeof import("../../agent-core/providers/tokens").estimateTokens;
  /** Training over the practice projects, when the core provides it. */
  runTraining?: TrainingEntry;
}

/**
 * Loads agent-core from its own bundle (dist/core.js) on first use, so activation never compiles it.
 * Node's module cache makes later calls free.
 */
export async function loadCore(): Promise<CoreModule> {
  const core = require(path.join(__dirname, "core.js")) as typeof import("../../agent-core");
  return {
    runFixLoop: core.runFixLoop,
    createProvider: core.createProvider,
    ShadowCheckpoints: core.ShadowCheckpoints,
    GitChangeSource: core.GitChangeSource,
    openFailureMemory: core.openFailureMemory,
    RemoteEmbedder: core.RemoteEmbedder,
    detectTestCommand: core.detectTestCommand,
    runProcess: core.runProcess,
    reviewDiffs: { rebaseChange: core.rebaseChange, makeFileChange: core.makeFileChange },
    detectTestSetup: core.detectTestSetup,
    filterCommand: core.filterCommand,
    parseTestOutput: core.parseTestOutput,
    ModelError: core.ModelError,
    withResilience: core.withResilience,
    withRedaction: core.withRedaction,
    estimateTokens: core.estimateTokens,
    runTraining: core.runTraining,
  };
}
