import path from "node:path";
import { pytestCommand } from "../testing/detectPython";
import type { TestCommand } from "../testing/types";
import type { PracticeProject } from "./projects";

/**
 * Turns a manifest's test argv into a runnable command in `dir`: `tsx` runs from Greenloop's own
 * dependencies (practice projects install nothing) and `python3` becomes an interpreter that has pytest.
 */
export async function practiceTestCommand(project: PracticeProject, dir: string): Promise<TestCommand> {
  const [program, ...args] = project.testCommand;
  // ELECTRON_RUN_AS_NODE lets process.execPath act as node inside an editor host.
  const env = { PYTEST_DISABLE_PLUGIN_AUTOLOAD: "1", PYTHONDONTWRITEBYTECODE: "1", ELECTRON_RUN_AS_NODE: "1" };
  if (program === "tsx") {
    return { argv: [process.execPath, require.resolve("tsx/cli"), ...args], cwd: dir, framework: "node", env };
  }
  if (/^python3?$/.test(path.basename(program)) && args[0] === "-m" && args[1] === "pytest") {
    const detected = await pytestCommand(dir);
    const rest = args.slice(2).filter((a) => a !== "-q");
    return { argv: [detected.argv[0], "-m", "pytest", "-q", "-rA", ...rest], cwd: dir, framework: "pytest", env };
  }
  const framework = program === "node" && args.includes("--test") ? "node" : "unknown";
  return { argv: [program === "node" ? process.execPath : program, ...args], cwd: dir, framework, env };
}
