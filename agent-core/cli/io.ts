import { Redactor } from "../secrets/redact";
import { createRedactingWriter } from "../secrets/stream";

/** What commands need from the process, so tests can run them in-process with captured output. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
  onInterrupt: (listener: () => void) => void;
  offInterrupt: (listener: () => void) => void;
}

/**
 * The real process's IO. A first Ctrl+C stops the run cleanly (files restored); a second one quits at once.
 * Everything written passes through a redactor of this process's secrets (environment values and key shapes),
 * test output streamed in --verbose included.
 */
export function processIO(redactor: Redactor = Redactor.fromEnvironment(process.env)): CliIO {
  let interrupts = 0;
  const hard = () => {
    if (++interrupts > 1) process.exit(130);
  };
  process.on("SIGINT", hard);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    out: createRedactingWriter((text) => void process.stdout.write(text), redactor),
    err: createRedactingWriter((text) => void process.stderr.write(text), redactor),
    color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
    onInterrupt: (listener) => {
      process.on("SIGINT", listener);
      process.on("SIGTERM", listener);
    },
    offInterrupt: (listener) => {
      process.off("SIGINT", listener);
      process.off("SIGTERM", listener);
    },
  };
}
