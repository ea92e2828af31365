/** Runs git for the harness with a fixed, isolated environment (no user or system config, fixed dates). */
import { execFile } from "node:child_process";

export interface GitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("GIT_")) env[key] = value;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_AUTHOR_NAME: "Chaos",
    GIT_AUTHOR_EMAIL: "chaos@localhost",
    GIT_COMMITTER_NAME: "Chaos",
    GIT_COMMITTER_EMAIL: "chaos@localhost",
    GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
    // Read-only commands must not refresh the index behind the snapshot's back.
    GIT_OPTIONAL_LOCKS: "0",
  };
}

/** Runs `git args` in `cwd`; throws unless it exits with one of `okCodes` (default 0) and no signal. */
export function git(cwd: string, args: string[], okCodes: number[] = [0]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      args,
      { cwd, env: gitEnv(), encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failure = error as
          | (NodeJS.ErrnoException & { code?: number | string; signal?: NodeJS.Signals | null })
          | null;
        if (failure && typeof failure.code === "string")
          return reject(new Error(`git ${args.join(" ")} could not start: ${failure.message}`));
        const result: GitResult = {
          code: failure ? ((failure.code as number | undefined) ?? null) : 0,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
        };
        if (result.signal || result.code === null || !okCodes.includes(result.code)) {
          return reject(
            new Error(
              `git ${args.join(" ")} in ${cwd} ended with ${result.signal ?? `exit code ${result.code}`}: ${stderr.trim()}`,
            ),
          );
        }
        resolve(result);
      },
    );
  });
}
