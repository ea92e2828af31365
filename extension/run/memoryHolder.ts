import type { Logger, MemoryPort } from "../../agent-core/ports";
import { errorMessage } from "../util/logger";
import type { CoreModule } from "./coreModule";

type OpenMemory = MemoryPort & { close(): Promise<void> };

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

  /** The memory for `embedder`, reopened when the embedder setting changed. */
  async get(core: CoreModule, embedder: "hash" | "provider"): Promise<MemoryPort | undefined> {
    if (this.opened?.key !== embedder) {
      await this.close();
      const memory = core
        .openFailureMemory({ dir: this.dir, log: this.log })
        .catch((err: unknown) => {
          this.log.warn(`Failure memory is off for this session: ${errorMessage(err)}`);
          return undefined;
        });
      this.opened = { key: embedder, memory };
    }
    return this.opened.memory;
  }

  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    const memory = await opened?.memory;
    await memory?.close().catch((err: unknown) => this.log.warn(`Closing the failure memory failed: ${errorMessage(err)}`));
  }
}
