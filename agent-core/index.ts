/** The public surface of the agent core, for hosts (CLI, VS Code extension, benchmarks). */

export { ShadowCheckpoints } from "./checkpoints/shadowGit";
export { ApprovalMode, describeConfigError, LoopConfig, type LoopConfigInput } from "./config";
export { applyHunkSubset, isTestFile, makeFileChange, parseEditBlocks, resolveInsideWorkspace } from "./edits";
export { rebaseChange } from "./edits/diff";
export { NotTextFile, WriteConflict } from "./edits/fileErrors";
export type { DangerFlag, EditBlock, FileChange, Hunk } from "./edits/types";
export { type Budget, LoopEvent, type LoopEventType, Phase, StopReason } from "./events";
export { RunHistory } from "./history/runLog";
export { ConfigError, type RunSummary, runFixLoop } from "./loop/runLoop";
export { HashingEmbedder, openFailureMemory, RemoteEmbedder } from "./memory";
export { GitChangeSource } from "./node/gitChanges";
export { ProcessTestExecutor } from "./node/processExecutor";
export { NodeWorkspaceFiles } from "./node/workspaceFiles";
export type * from "./ports";
export {
  type ChatMessage,
  createProvider,
  DEFAULT_PROVIDER,
  estimateTokens,
  isProviderId,
  ModelError,
  type ModelProvider,
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderId,
  type ProviderSettings,
  providerChoices,
  withRedaction,
  withResilience,
} from "./providers";
export { detectTestCommand, filterCommand, parseTestOutput, runProcess, splitArgs } from "./testing";
export { detectTestSetup, type TestSetup } from "./testing/detectProject";
export type { ProcessResult, TestCaseResult, TestCommand, TestFramework, TestReport } from "./testing/types";
export { compareMemory } from "./training/compareMemory";
export { bundledPracticeDir, loadPracticeProjects } from "./training/projects";
export { appendRuns, loadReport } from "./training/report";
export { runTrainingRun } from "./training/runner";
export { runTraining, type TrainingSessionOptions } from "./training/train";
export { PracticeWorkspace } from "./training/workspace";
