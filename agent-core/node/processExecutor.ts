import { runProcess } from "../testing/processRunner";
import type { TestExecutor, TestExecOptions } from "../ports";
import type { ProcessResult, TestCommand } from "../testing/types";

/** Runs tests as child processes (the CLI's and training's test port). */
export class ProcessTestExecutor implements TestExecutor {
  constructor(private readonly onOutput?: (chunk: string) => void, private readonly extraEnv: Record<string, string> = {}) {}

  execute(command: TestCommand, options: TestExecOptions): Promise<ProcessResult> {
    const env = { ...this.extraEnv, ...command.env };
    return runProcess(
      { ...command, env },
      { timeoutMs: options.timeoutMs, signal: options.signal, onOutput: this.onOutput },
    );
  }
}
