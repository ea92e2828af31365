/**
 * The CLI test most files need: a project in a temp folder, a scripted model server, `greenloop fix <target>`
 * pointed at that server, and what came of it. Everything a test made is closed and removed after it.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { type CliRun, type CliSession, cliSession, JS_CALC, makeProject, read } from "./cliHarness";
import {
  type Responder,
  type ScriptedServer,
  type ScriptedServerOptions,
  type ScriptStep,
  startScriptedModelServer,
} from "./scriptedModelServer";

export interface ScriptedFixOptions {
  /** The model's answers, in order, or a function choosing each one. */
  script: ScriptStep[] | Responder;
  server?: ScriptedServerOptions;
  /** The project (default JS_CALC). */
  files?: Record<string, string>;
  /** The file to fix, relative to the project (default "calc.js"). */
  target?: string;
  /** Flags after the model's (default `--yes`). */
  args?: string[];
  /** Runs on the project before the CLI does (a git history, an edit). */
  prepare?: (ws: string) => Promise<unknown> | unknown;
  /** Extra environment of the CLI. */
  env?: Record<string, string>;
  /** Lines typed at the CLI's prompts. */
  stdin?: string;
  /** The wire format the CLI speaks to the server (default OpenAI). */
  protocol?: "openai" | "ollama";
  /** Called as the CLI starts, with the way to interrupt it (Ctrl+C) and the server (to wait on its requests). */
  onStart?: (interrupt: () => void, server: ScriptedServer) => void;
}

export interface ScriptedFix extends CliRun {
  /** The project folder. */
  ws: string;
  server: ScriptedServer;
  cli: CliSession;
  /** A file of the project as it is now (default the target). */
  read(rel?: string): Promise<string>;
  /** `greenloop fix` once more on the same project, server and home, with the same flags unless given. */
  again(args?: string[]): Promise<CliRun>;
}

/** `--provider openai --base-url <server> --model scripted`: the CLI's model flags for a scripted server. */
export function scriptedModelFlags(server: ScriptedServer, protocol: "openai" | "ollama" = "openai"): string[] {
  const url = protocol === "openai" ? server.openaiBaseUrl : server.url;
  return ["--provider", protocol, "--base-url", url, "--model", "scripted"];
}

/**
 * Call in a `describe` block: returns the function that makes one scripted fix run, and registers the
 * `afterEach` that closes its servers and removes its folders.
 */
export function useScriptedFix(): (options: ScriptedFixOptions) => Promise<ScriptedFix> {
  const made: Array<{ server: ScriptedServer; dirs: string[] }> = [];
  afterEach(async () => {
    for (const { server, dirs } of made.splice(0)) {
      await server.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  });
  return async (options) => {
    const server = await startScriptedModelServer(options.script, options.server);
    const ws = await makeProject(options.files ?? JS_CALC);
    const cli = await cliSession(options.env);
    made.push({ server, dirs: [ws, cli.home] });
    await options.prepare?.(ws);
    const target = options.target ?? "calc.js";
    const flags = options.args ?? ["--yes"];
    const fix = (args: string[]) =>
      cli.run(["fix", path.join(ws, target), ...scriptedModelFlags(server, options.protocol), ...args], {
        stdin: options.stdin,
        onStart: options.onStart && ((interrupt) => options.onStart?.(interrupt, server)),
      });
    const result = await fix(flags);
    return {
      ...result,
      ws,
      server,
      cli,
      read: (rel = target) => read(ws, rel),
      again: (args = flags) => fix(args),
    };
  };
}
