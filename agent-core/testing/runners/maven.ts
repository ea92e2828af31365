/** Maven with Surefire (`pom.xml`): `mvn -q test`, results from Surefire's XML reports. */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { JAVA_LIBRARY_FRAME } from "../parsers/javaStack";
import { isMavenOutput, parseMaven } from "../parsers/maven";
import type { TestCommand } from "../types";
import { appendArgs, baseName } from "./args";
import { javaTestFilter, junitTimeout, junitTimeoutMessage } from "./junitPlatform";
import type { TestRunner } from "./types";

const REPORTS = "target/surefire-reports";

export const mavenRunner: TestRunner<"maven"> = {
  id: "maven",
  sniffCommand: (text) => /(?:^|[\s/\\])(?:mvnw?|mvnd)(?:\.cmd)?(?:\s|$)/.test(text),
  sniffOutput: isMavenOutput,
  parse: parseMaven,
  filterTests(cmd, ids) {
    const pattern = javaTestFilter(ids);
    return pattern ? appendArgs(cmd, [`-Dtest=${pattern}`, "-Dsurefire.failIfNoSpecifiedTests=false"]) : undefined;
  },
  filterFiles(cmd, program, _args, files) {
    if (!/^(?:mvnw?|mvnd)(?:\.cmd)?$/.test(baseName(program))) return undefined;
    const classes = files.map(testClassOfFile);
    if (classes.some((c) => c === undefined)) return undefined;
    return appendArgs(cmd, [`-Dtest=${classes.join(",")}`, "-Dsurefire.failIfNoSpecifiedTests=false"]);
  },
  perTestTimeout: (cmd) => junitTimeout(cmd, "src/test/resources"),
  timeoutMessage: junitTimeoutMessage,
  libraryFrame: JAVA_LIBRARY_FRAME,
  reports: [REPORTS],
  async detectProject(cwd) {
    if (!existsSync(path.join(cwd, "pom.xml"))) return undefined;
    return mavenCommand(cwd, ["-q", "test"], await moduleFolders(cwd));
  },
};

/** `mvn <args>` in `cwd` (the project's own `mvnw` when it has one), reading the reports of `modules` too. */
export function mavenCommand(cwd: string, args: string[], modules: string[] = []): TestCommand {
  const wrapper = process.platform === "win32" ? "mvnw.cmd" : "mvnw";
  const program = existsSync(path.join(cwd, wrapper)) ? path.join(cwd, wrapper) : "mvn";
  // Batch mode: no colours, no download progress.
  return {
    argv: [program, "-B", ...args],
    cwd,
    framework: "maven",
    reports: [REPORTS, ...modules.map((m) => `${m}/${REPORTS}`)],
  };
}

/** "src/test/java/demo/CalcTest.java" → "demo.CalcTest"; undefined for a file outside a test source folder. */
function testClassOfFile(file: string): string | undefined {
  const m = /(?:^|\/)src\/test\/java\/(.+)\.java$/.exec(file.replace(/\\/g, "/"));
  return m ? m[1].replace(/\//g, ".") : undefined;
}

/** The `<modules>` of the pom (one level), whose reports are in their own folders. */
async function moduleFolders(cwd: string): Promise<string[]> {
  const pom = await readFile(path.join(cwd, "pom.xml"), "utf8").catch(() => "");
  const block = /<modules>([\s\S]*?)<\/modules>/.exec(pom.replace(/<!--[\s\S]*?-->/g, ""));
  if (!block) return [];
  return [...block[1].matchAll(/<module>\s*([^<]+?)\s*<\/module>/g)].map((m) => m[1]).filter((m) => !m.includes(".."));
}
