/** The public surface of the agent core, for hosts (CLI, VS Code extension, benchmarks). */
export { runFixLoop, ConfigError, type RunSummary } from "./loop/runLoop";
export { LoopConfig, ProviderConfig, ApprovalMode, describeConfigError, type LoopConfigInput } from "./config";
export { LoopEvent, StopReason, Phase, type LoopEventType, type Budget } from "./events";
export type * from "./ports";
export { detectTestCommand, runProcess, parseTestOutput, filterCommand, splitArgs } from "./testing";
export type { TestCommand, TestReport, TestCaseResult, ProcessResult, TestFramework } from "./testing/types";
export { applyHunkSubset, makeFileChange, parseEditBlocks, isTestFile, resolveInsideWorkspace } from "./edits";
export type { FileChange, Hunk, EditBlock, DangerFlag } from "./edits/types";
export { createProvider, ModelError, type ModelProvider, type ProviderSettings, type ChatMessage } from "./providers";
export { ShadowCheckpoints } from "./checkpoints/shadowGit";
export { openFailureMemory, RemoteEmbedder, HashingEmbedder } from "./memory";
export { NodeWorkspaceFiles } from "./node/workspaceFiles";
export { ProcessTestExecutor } from "./node/processExecutor";
export { RunHistory } from "./history/runLog";
export { runTrainingRun } from "./training/runner";
export { PracticeWorkspace } from "./training/workspace";
export { loadPracticeProjects, bundledPracticeDir } from "./training/projects";
export { appendRuns, loadReport, compareMemory } from "./training/report";
