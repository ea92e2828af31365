import { existsSync } from "node:fs";
import path from "node:path";
import { guessFramework, reportsOf } from "../testing/detect";
import { choosePython, pytestPluginPolicy } from "../testing/detectPython";
import { runnerFor } from "../testing/runners";
import type { TestCommand } from "../testing/types";
import type { PracticeProject } from "./projects";

/**
 * Python interpreters already chosen (key: "" for the shared one, else the project folder with a virtualenv);
 * share one per training run so the interpreter is probed once instead of once per project.
 */
export type InterpreterCache = Map<string, Promise<string>>;

/**
 * Turns a manifest's test argv into a runnable command in `dir`: `tsx` runs from Greenloop's own
 * dependencies (practice projects install nothing) and `python3` becomes an interpreter that has pytest.
 */
export async function practiceTestCommand(
  project: PracticeProject,
  dir: string,
  interpreters?: InterpreterCache,
): Promise<TestCommand> {
  const [program, ...args] = project.testCommand;
  // ELECTRON_RUN_AS_NODE lets process.execPath act as node inside an editor host.
  const env: Record<string, string> = { PYTHONDONTWRITEBYTECODE: "1", ELECTRON_RUN_AS_NODE: "1" };
  if (program === "tsx") {
    return { argv: [process.execPath, require.resolve("tsx/cli"), ...args], cwd: dir, framework: "node", env };
  }
  if (/^python3?$/.test(path.basename(program)) && args[0] === "-m" && args[1] === "pytest") {
    // A project with its own virtualenv gets its own interpreter; all others share the system's.
    const key = [".venv", "venv"].some((d) => existsSync(path.join(dir, d))) ? dir : "";
    // The interpreter `fix` would choose: one resolution path for both.
    const python = await cached(interpreters, key, () => choosePython(dir).then((c) => c.executable));
    const rest = args.slice(2).filter((a) => a !== "-q");
    // Plugin auto-loading off unless the project needs its plugins, exactly as for `fix`.
    const plugins = await pytestPluginPolicy([dir]);
    return {
      argv: [python, "-m", "pytest", "-q", "-rA", ...rest],
      cwd: dir,
      framework: "pytest",
      env: { ...env, ...plugins.env },
    };
  }
  const framework =
    program === "node" && args.includes("--test") ? "node" : guessFramework(project.testCommand.join(" "));
  // A toolchain the runner knows how to find off PATH (cargo in ~/.cargo/bin).
  const executable = program === "node" ? process.execPath : (runnerFor(framework)?.findProgram?.(program) ?? program);
  return { argv: [executable, ...args], cwd: dir, framework, env, ...reportsOf(framework) };
}

function cached(cache: InterpreterCache | undefined, key: string, find: () => Promise<string>): Promise<string> {
  if (!cache) return find();
  let found = cache.get(key);
  if (!found) {
    found = find();
    // A failed probe is not remembered: the next project gets the clear error again, or a fixed setup.
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}
