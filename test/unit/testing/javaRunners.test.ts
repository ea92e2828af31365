import assert from "node:assert/strict";
import { readFile, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { isTestFileName, languageOfFile } from "../../../agent-core/languages";
import { detectTestCommand, guessFramework } from "../../../agent-core/testing/detect";
import { perTestTimeoutFor } from "../../../agent-core/testing/detectTimeout";
import { filterCommand, filterFiles, withPerTestTimeout } from "../../../agent-core/testing/filter";
import { listReports, newReports } from "../../../agent-core/testing/junitReports";
import type { TestCommand } from "../../../agent-core/testing/types";
import { TempProjects } from "./helpers";

const POM = "<project><modelVersion>4.0.0</modelVersion></project>\n";

describe("Java test runners", () => {
  const temp = new TempProjects();
  afterEach(() => temp.cleanup());

  it("detects Maven from pom.xml (its wrapper when present), reading the modules' reports too", async () => {
    const plain = await temp.make({ "pom.xml": POM });
    const cmd = await detectTestCommand(plain);
    assert.deepEqual(
      [cmd.argv, cmd.framework, cmd.reports],
      [["mvn", "-B", "-q", "test"], "maven", ["target/surefire-reports"]],
    );
    const multi = await temp.make({
      "pom.xml":
        "<project><modules><module>core</module><!-- <module>old</module> --><module> app </module></modules></project>",
      mvnw: "#!/bin/sh\n",
    });
    const wrapped = await detectTestCommand(multi);
    assert.equal(wrapped.argv[0], path.join(multi, "mvnw"));
    assert.deepEqual(wrapped.reports, [
      "target/surefire-reports",
      "core/target/surefire-reports",
      "app/target/surefire-reports",
    ]);
  });

  it("detects Gradle only through its wrapper, beside build.gradle or build.gradle.kts", async () => {
    const wrapped = await temp.make({ "build.gradle.kts": "", gradlew: "#!/bin/sh\n" });
    const cmd = await detectTestCommand(wrapped);
    assert.deepEqual(
      [cmd.argv, cmd.framework, cmd.reports],
      [[path.join(wrapped, "gradlew"), "test", "--console=plain"], "gradle", ["build/test-results/test"]],
    );
    const bare = await temp.make({ "build.gradle": "" });
    await assert.rejects(detectTestCommand(bare), /No tests found/);
  });

  it("recognises mvn, mvnw and gradlew in typed commands", () => {
    assert.equal(guessFramework("mvn -q test"), "maven");
    assert.equal(guessFramework("./mvnw test -pl core"), "maven");
    assert.equal(guessFramework("./gradlew test"), "gradle");
    assert.equal(guessFramework("pytest tests/mvn"), "pytest");
  });

  it("narrows Maven to the failing methods with -Dtest, one pattern per class", () => {
    const cmd: TestCommand = { argv: ["mvn", "-B", "-q", "test"], cwd: "/p", framework: "maven" };
    const ids = [
      "demo.CalcTest > addsTwoNumbers",
      "demo.CalcTest > addsPairs(int, int, int)[1]",
      "demo.TextTest > shouts",
    ];
    assert.deepEqual(filterCommand(cmd, ids)?.argv.slice(4), [
      "-Dtest=demo.CalcTest#addsTwoNumbers+addsPairs,demo.TextTest#shouts",
      "-Dsurefire.failIfNoSpecifiedTests=false",
    ]);
    // A compile error's file or a synthetic failure cannot be narrowed to.
    assert.equal(filterCommand(cmd, ["src/main/java/demo/Calc.java"]), undefined);
    assert.equal(filterCommand(cmd, ["(build)"]), undefined);
    assert.deepEqual(filterFiles(cmd, ["src/test/java/demo/CalcTest.java"])?.argv.slice(4, 5), [
      "-Dtest=demo.CalcTest",
    ]);
    assert.equal(filterFiles(cmd, ["test/helpers.js"]), undefined);
  });

  it("narrows Gradle with --tests Class.method", () => {
    const cmd: TestCommand = { argv: ["/p/gradlew", "test"], cwd: "/p", framework: "gradle" };
    assert.deepEqual(filterCommand(cmd, ["demo.CalcTest > addsTwoNumbers()", "demo.TextTest > shouts()"])?.argv, [
      "/p/gradlew",
      "test",
      "--tests",
      "demo.CalcTest.addsTwoNumbers",
      "--tests",
      "demo.TextTest.shouts",
    ]);
  });

  it("gives Maven JUnit Jupiter's per-test timeout unless the project sets one", async () => {
    const dir = await temp.make({ "pom.xml": POM });
    const cmd = await detectTestCommand(dir);
    const option = await perTestTimeoutFor(cmd);
    assert.ok(option);
    assert.deepEqual(withPerTestTimeout({ ...cmd, perTestTimeout: option }, 5000)?.argv.slice(4), [
      "-Djunit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD",
      "-Djunit.jupiter.execution.timeout.default=5",
    ]);
    const own = await temp.make({
      "pom.xml": POM,
      "src/test/resources/junit-platform.properties": "junit.jupiter.execution.timeout.default = 60 s\n",
    });
    assert.equal(await perTestTimeoutFor(await detectTestCommand(own)), undefined);
  });

  it("knows Java files and Surefire's test class names", () => {
    assert.equal(languageOfFile("src/main/java/demo/Calc.java"), "java");
    for (const name of ["CalcTest.java", "CalcTests.java", "TestCalc.java", "CalcIT.java", "CalcTestCase.java"])
      assert.ok(isTestFileName(name), name);
    for (const name of ["Calc.java", "Testimony.java", "Latest.java"]) assert.ok(!isTestFileName(name), name);
  });
});

describe("JUnit XML reports of a run", () => {
  const temp = new TempProjects();
  afterEach(() => temp.cleanup());

  it("appends only the reports written or rewritten since the listing, without the JVM's properties", async () => {
    const report = (name: string, body: string) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${name}"><properties><property name="java.class.path" value="/secret/cp"/></properties>${body}</testsuite>\n`;
    const dir = await temp.make({
      "target/surefire-reports/TEST-a.OldTest.xml": report("a.OldTest", '<testcase name="old" classname="a.OldTest"/>'),
      "target/surefire-reports/TEST-a.SameTest.xml": report(
        "a.SameTest",
        '<testcase name="x" classname="a.SameTest"/>',
      ),
      "target/surefire-reports/a.OldTest.txt": "plain text report",
    });
    const reports = ["target/surefire-reports", "missing/target/surefire-reports"];
    const before = await listReports(dir, reports);
    assert.equal(before.size, 2);
    const folder = path.join(dir, "target/surefire-reports");
    // What a run does: rewrites one report (a new time), adds another.
    const same = path.join(folder, "TEST-a.SameTest.xml");
    await writeFile(same, report("a.SameTest", '<testcase name="y" classname="a.SameTest"/>'));
    await utimes(same, new Date(), new Date(Date.now() + 5000));
    await writeFile(
      path.join(folder, "TEST-a.NewTest.xml"),
      report("a.NewTest", '<testcase name="n" classname="a.NewTest"/>'),
    );
    const text = await newReports(dir, reports, before);
    assert.deepEqual(
      text.split("\n").filter((l) => l.startsWith("[junit report")),
      [
        "[junit report: target/surefire-reports/TEST-a.NewTest.xml]",
        "[junit report: target/surefire-reports/TEST-a.SameTest.xml]",
      ],
    );
    assert.doesNotMatch(text, /OldTest|<\?xml|java\.class\.path/);
    assert.match(text, /<testcase name="y"/);
    assert.equal(
      await newReports(dir, reports, await listReports(dir, reports)),
      "",
      "nothing new after a fresh listing",
    );
    assert.match(await readFile(same, "utf8"), /<properties>/, "the report files themselves are left as they are");
  });
});
