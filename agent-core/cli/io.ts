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
  /** Aborted by the first Ctrl+C or SIGTERM, however early: commands check it before and during their work. */
  interrupted: AbortSignal;
  onInterrupt: (listener: () => void) => void;
  offInterrupt: (listener: () => void) => void;
}

/**
 * The real process's IO. Signal handlers are installed here, first thing: a first Ctrl+C or SIGTERM at any moment
 * stops the command cleanly (files restored); a second Ctrl+C quits at once. Everything written passes through a
 * redactor of this process's secrets (environment values and key shapes), test output streamed in --verbose included.
 */
export function processIO(redactor: Redactor = Redactor.fromEnvironment(process.env)): CliIO {
  const interrupted = new AbortController();
  process.on("SIGINT", () => {
    if (interrupted.signal.aborted) process.exit(130);
    interrupted.abort();
  });
  process.on("SIGTERM", () => interrupted.abort());
  return {
    interrupted: interrupted.signal,
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
