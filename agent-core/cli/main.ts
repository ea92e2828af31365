import { ConfigError } from "../loop/runLoop";
import { FIX_USAGE, fixCommand } from "./fixCommand";
import { type CliIO, processIO } from "./io";
import { memoryCommand } from "./memoryCommand";
import { historyCommand } from "./runCommands";
import { UsageError } from "./settings";
import { trainCommand, workspaceCommand } from "./trainCommand";
import { undoCommand } from "./undoCommand";

const USAGE = `greenloop — fix code until its tests pass

Commands:
  greenloop fix <file> [options]     loop plan → edit → test → reflect until green (see \`greenloop fix --help\`)
  greenloop undo [--list] [--run ID] [--force] [--checkpoint ID]
                                     take back what the last run wrote (see \`greenloop undo --help\`)
  greenloop history [--limit N]      list past runs
  greenloop memory stats | search "<text>" | export <file> | import <file> | prune [--older-than DAYS]
  greenloop train [--project P ...] [--language L] [--runs R] [--memory on|off] [--tries N]
  greenloop workspace create | info | clean
Exit codes: 0 green, 1 not green, 2 usage or configuration error.`;

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "fix":
        return await fixCommand(rest, io);
      case "undo":
        return await undoCommand(rest, io);
      case "history":
        return await historyCommand(rest, io);
      case "memory":
        return await memoryCommand(rest, io);
      case "train":
        return await trainCommand(rest, io);
      case "workspace":
        return await workspaceCommand(rest, io);
      case "--version":
      case "-V":
        io.out(`${version()}\n`);
        return 0;
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(`${USAGE}\n\n${FIX_USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || isParseArgsError(error)) {
      io.err(`greenloop: ${(error as Error).message}\n`);
      return 2;
    }
    io.err(`greenloop: ${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? "";
  return code.startsWith("ERR_PARSE_ARGS");
}

function version(): string {
  return typeof GREENLOOP_VERSION === "string" ? GREENLOOP_VERSION : "dev";
}
declare const GREENLOOP_VERSION: string | undefined;

if (require.main === module) {
  process.env.LANCEDB_LOG ??= "error";
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
