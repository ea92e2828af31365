import type { Logger, MemoryPort } from "../../agent-core/ports";
import type { ModelProvider } from "../../agent-core/providers/types";
import type { GreenloopSettings } from "../config/settings";
import { errorMessage } from "../util/logger";
import type { CoreModule } from "./coreModule";

type OpenMemory = MemoryPort & { close(): Promise<void> };
type Embedder = NonNullable<Parameters<CoreModule["openFailureMemory"]>[0]["embedder"]>;

/**
 * Keeps the failure memory open between runs (opening LanceDB costs time) and closes it on dispose.
 * A memory that cannot open never blocks a run: the run goes on without memory and says why in the log.
 */
export class MemoryHolder {
  private opened?: { key: string; memory: Promise<OpenMemory | undefined> };

  constructor(
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** The memory for the configured embedder, reopened when the embedder changed. */
  async get(core: CoreModule, settings: GreenloopSettings, model: ModelProvider): Promise<MemoryPort | undefined> {
    const embedder = this.embedderFor(core, settings, model);
    const key = embedder?.name ?? "hash";
    if (this.opened?.key !== key) {
      // Claim the slot before any await: callers at the same moment then share one memory, and a close()
      // meanwhile sees (and closes) the one being opened instead of leaving it open.
      const previousClosed = this.close();
      const memory = previousClosed
        .then(() => core.openFailureMemory({ dir: this.dir, log: this.log, ...(embedder ? { embedder } : {}) }))
        .catch((err: unknown) => {
          this.log.warn(`Failure memory is off for this session: ${errorMessage(err)}`);
          return undefined;
        });
      this.opened = { key, memory };
    }
    return this.opened.memory;
  }

  /** undefined means the core's default (offline hashing) embedder. */
  private embedderFor(core: CoreModule, settings: GreenloopSettings, model: ModelProvider): Embedder | undefined {
    if (settings.memoryEmbedder !== "provider") return undefined;
    const embed = model.embed?.bind(model);
    if (!embed) {
      this.log.warn(
        `The ${settings.provider} provider cannot embed; the failure memory uses the built-in hashing embedder.`,
      );
      return undefined;
    }
    return new core.RemoteEmbedder(`${settings.provider}:${settings.model}`, (texts, signal) => embed(texts, signal));
  }

  /** Closes the memory, including one still being opened; a failing close is logged, never thrown. */
  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    const memory = await opened?.memory;
    try {
      await memory?.close();
    } catch (err) {
      this.log.warn(`Closing the failure memory failed: ${errorMessage(err)}`);
    }
  }
}
