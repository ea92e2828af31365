/** `go test -json` for Go modules (`go.mod`). */
import { existsSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ID_SEPARATOR } from "../parsers/common";
import { GO_LIBRARY_FRAME } from "../parsers/goMessages";
import { isGoTestJson, parseGoTest, readGoStream } from "../parsers/goTest";
import { isGoTestText } from "../parsers/goText";
import { runProcess } from "../processRunner";
import { anchoredAlternation, appendArgs, baseName } from "./args";
import type { TestRunner } from "./types";

/** Every package of the module, from its root. */
const ALL_PACKAGES = "./...";

export const goRunner: TestRunner<"go"> = {
  id: "go",
  sniffCommand: (text) => /(?:^|[\s/\\])go(?:\.exe)?\s+test\b/.test(text),
  sniffOutput: (text) => isGoTestJson(text) || isGoTestText(text),
  parse: parseGoTest,
  filterTests(cmd, ids, viaNpm) {
    // Only ids the parser made for tests; a package that did not build is not narrowed.
    if (!ids.every((id) => id.includes(ID_SEPARATOR))) return undefined;
    const packages = [...new Set(ids.map((id) => id.slice(0, id.indexOf(ID_SEPARATOR))))];
    // `-run` splits its pattern at slashes, one level each: a failing subtest runs with its whole test.
    const names = [...new Set(ids.map((id) => id.slice(id.indexOf(ID_SEPARATOR) + 3).split("/")[0]))];
    const run = `-run=${anchoredAlternation(names)}`;
    const [program, ...args] = cmd.argv;
    if (!viaNpm && isGo(program) && args.at(-1) === ALL_PACKAGES)
      return { ...cmd, argv: [program, ...args.slice(0, -1), run, ...packages] };
    return appendArgs(cmd, [run]);
  },
  filterFiles(cmd, program, args, files) {
    // Go tests run by package: the packages (folders) that hold the files, in place of every package.
    if (!isGo(program) || args[0] !== "test" || args.at(-1) !== ALL_PACKAGES) return undefined;
    const folders = [...new Set(files.map((f) => `./${path.posix.dirname(f.replace(/\\/g, "/"))}`))];
    return { ...cmd, argv: [program, ...args.slice(0, -1), ...folders.map((f) => (f === "./." ? "." : f))] };
  },
  // `-timeout` limits the whole test binary of a package, not one test, and takes a unit ("5s") the shared
  // per-test option cannot glue on: a hanging test is named from the stream instead (`stillRunning`).
  perTestTimeout: async () => undefined,
  // A project's own `-timeout` panics with "panic: test timed out after 5s" (minutes print as "1m0s").
  timeoutMessage: { pattern: /test timed out after (\d+(?:\.\d+)?)s\b/, unit: "s" },
  libraryFrame: GO_LIBRARY_FRAME,
  stillRunning(output) {
    const stream = readGoStream(output);
    const running = [...stream.tests.values()].filter((t) => !t.end && !stream.packages.has(t.pkg));
    // The innermost: a running subtest's parents are running too.
    const leaf = running.find((t) => !running.some((o) => o.pkg === t.pkg && o.name.startsWith(`${t.name}/`)));
    return leaf ? `${leaf.name} in ${leaf.pkg}` : undefined;
  },
  async detectProject(cwd) {
    if (!existsSync(path.join(cwd, "go.mod"))) return undefined;
    if (!onPath("go"))
      throw new Error(
        `${cwd} is a Go module (go.mod), but the go command is not on PATH. Install Go ` +
          `(Debian and Ubuntu: apt-get install golang-go), or give the test command with --test.`,
      );
    const env = goCacheEnv(process.env);
    return {
      argv: ["go", "test", "-json", ...fullPathFlag(await goVersion(cwd, env)), ALL_PACKAGES],
      cwd,
      framework: "go",
      env,
      notes: ["Go module: every package's tests (go test -json ./...)"],
    };
  },
};

/**
 * `-fullpath` (Go 1.21 on) for the go command that printed `version`: a failing test's `t.Errorf` position is
 * then the file's path rather than its base name, which names the file in a package below the module root.
 */
export function fullPathFlag(version: string): string[] {
  const match = /\bgo(\d+)\.(\d+)/.exec(version);
  if (!match) return [];
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 1 || (major === 1 && minor >= 21) ? ["-fullpath"] : [];
}

/** What `go version` prints, or "" when it cannot say. */
async function goVersion(cwd: string, env: Record<string, string>): Promise<string> {
  const probe = await runProcess(
    { argv: ["go", "version"], cwd, framework: "go", env },
    { timeoutMs: 30_000, maxOutputBytes: 4096 },
  );
  return probe.exitCode === 0 ? probe.output : "";
}

function isGo(program: string | undefined): boolean {
  return /^go(?:\.exe)?$/i.test(baseName(program ?? ""));
}

/**
 * The go command keeps its build cache under $HOME (or $XDG_CACHE_HOME) and refuses to test without one: where
 * neither is set (a service account, a bare CI step) it gets one in the temp folder.
 */
export function goCacheEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  if (env.GOCACHE || env.HOME || env.XDG_CACHE_HOME || env.LOCALAPPDATA) return {};
  return { GOCACHE: path.join(os.tmpdir(), "greenloop-go-build") };
}

/** True when `program` is an executable file in a PATH folder. */
function onPath(program: string): boolean {
  const names = process.platform === "win32" ? [`${program}.exe`, `${program}.cmd`] : [program];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      try {
        if (statSync(path.join(dir, name)).isFile()) return true;
      } catch {
        // not in this folder
      }
    }
  }
  return false;
}
