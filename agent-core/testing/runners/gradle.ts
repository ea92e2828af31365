/** Gradle through its wrapper (`gradlew` beside `build.gradle` or `build.gradle.kts`), results from its JUnit XML. */
import { existsSync } from "node:fs";
import path from "node:path";
import { isGradleOutput, parseGradle } from "../parsers/gradle";
import { JAVA_LIBRARY_FRAME } from "../parsers/javaStack";
import { appendArgs, baseName } from "./args";
import { javaTests, junitTimeoutMessage } from "./junitPlatform";
import type { TestRunner } from "./types";

const BUILD_FILES = ["build.gradle", "build.gradle.kts"];
const REPORTS = "build/test-results/test";

export const gradleRunner: TestRunner<"gradle"> = {
  id: "gradle",
  sniffCommand: (text) => /(?:^|[\s/\\])gradlew?(?:\.bat)?(?:\s|$)/.test(text),
  sniffOutput: isGradleOutput,
  parse: parseGradle,
  filterTests(cmd, ids) {
    const tests = javaTests(ids);
    return tests
      ? appendArgs(
          cmd,
          tests.flatMap((t) => ["--tests", `${t.className}.${t.method}`]),
        )
      : undefined;
  },
  filterFiles(cmd, program, _args, files) {
    if (!/^gradlew?(?:\.bat)?$/.test(baseName(program))) return undefined;
    const classes = files.map((f) =>
      /(?:^|\/)src\/test\/(?:java|kotlin)\/(.+)\.(?:java|kt)$/.exec(f.replace(/\\/g, "/")),
    );
    if (classes.some((m) => m === null)) return undefined;
    return appendArgs(
      cmd,
      classes.flatMap((m) => ["--tests", m![1].replace(/\//g, ".")]),
    );
  },
  // System properties on Gradle's command line reach Gradle, not the test JVM: no per-test timeout option.
  perTestTimeout: async () => undefined,
  timeoutMessage: junitTimeoutMessage,
  libraryFrame: JAVA_LIBRARY_FRAME,
  reports: [REPORTS],
  async detectProject(cwd) {
    const wrapper = path.join(cwd, process.platform === "win32" ? "gradlew.bat" : "gradlew");
    if (!existsSync(wrapper) || !BUILD_FILES.some((f) => existsSync(path.join(cwd, f)))) return undefined;
    return {
      argv: [wrapper, "test", "--console=plain"],
      cwd,
      framework: "gradle",
      reports: [REPORTS],
      notes: ["Gradle through the project's wrapper"],
    };
  },
};
