/**
 * The core, loaded on first use. Only type imports of agent-core appear elsewhere in the activation path,
 * so the bundle evaluates the core (zod, model clients, git, LanceDB glue) when a command first needs it.
 */
import type { TrainingEntry } from "../training";

/** The parts of agent-core the editor uses. */
export interface CoreModule {
  runFixLoop: typeof import("../../agent-core/loop/runLoop").runFixLoop;
  createProvider: typeof import("../../agent-core/providers").createProvider;
  ShadowCheckpoints: typeof import("../../agent-core/checkpoints/shadowGit").ShadowCheckpoints;
  openFailureMemory: typeof import("../../agent-core/memory/port").openFailureMemory;
  RemoteEmbedder: typeof import("../../agent-core/memory/embedder").RemoteEmbedder;
  detectTestCommand: typeof import("../../agent-core/testing/detect").detectTestCommand;
  runProcess: typeof import("../../agent-core/testing/processRunner").runProcess;
  /** Training over the practice projects, when the core provides it. */
  runTraining?: TrainingEntry;
}

/** Loads agent-core; the module system caches it after the first call. */
export async function loadCore(): Promise<CoreModule> {
  const [loop, providers, checkpoints, memory, embedder, detect, processRunner] = await Promise.all([
    import("../../agent-core/loop/runLoop"),
    import("../../agent-core/providers"),
    import("../../agent-core/checkpoints/shadowGit"),
    import("../../agent-core/memory/port"),
    import("../../agent-core/memory/embedder"),
    import("../../agent-core/testing/detect"),
    import("../../agent-core/testing/processRunner"),
  ]);
  return {
    runFixLoop: loop.runFixLoop,
    createProvider: providers.createProvider,
    ShadowCheckpoints: checkpoints.ShadowCheckpoints,
    openFailureMemory: memory.openFailureMemory,
    RemoteEmbedder: embedder.RemoteEmbedder,
    detectTestCommand: detect.detectTestCommand,
    runProcess: processRunner.runProcess,
  };
}
