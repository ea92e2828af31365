import type { TestExecOptions, TestExecutor } from "../ports";
import { runProcess } from "../testing/processRunner";
import type { ProcessResult, TestCommand } from "../testing/types";

/** Where a {@link ProcessTestExecutor}'s processes get their environment. */
export interface ProcessTestEnv {
  /** Environment to inherit (the CLI's); default `process.env`. Provider keys are removed from it. */
  parentEnv?: NodeJS.ProcessEnv;
  /** Set on every run, under the command's own variables. */
  extraEnv?: Record<string, string>;
}

/** Runs tests as child processes (the CLI's and training's test port). */
export class ProcessTestExecutor implements TestExecutor {
  constructor(
    private readonly onOutput?: (chunk: string) => void,
    private readonly env: ProcessTestEnv = {},
  ) {}

  execute(command: TestCommand, options: TestExecOptions): Promise<ProcessResult> {
    const env = { ...this.env.extraEnv, ...command.env };
    return runProcess(
      { ...command, env },
      {
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        onOutput: this.onOutput,
        parentEnv: this.env.parentEnv,
        envPassthrough: options.envPassthrough,
      },
    );
  }
}
