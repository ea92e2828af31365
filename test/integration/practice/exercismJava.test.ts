import "../../support/mavenOffline";
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { importExercism } from "../../../agent-core/training/projects";
import { pinnedPom } from "../../support/mavenPom";
import { runTestCommand } from "../../unit/practice/project-runner";

/** An exercise in Exercism's Java layout (src/main/java, src/test/java, .meta/src/reference), built with Maven. */
const JAVA_EXERCISE: Record<string, string> = {
  ".meta/config.json": JSON.stringify({
    authors: ["someone"],
    files: {
      solution: ["src/main/java/Leap.java"],
      test: ["src/test/java/LeapTest.java"],
      example: [".meta/src/reference/java/Leap.java"],
    },
    blurb: "Tell whether a year is a leap year.",
  }),
  "pom.xml": pinnedPom("exercism", "leap"),
  "src/main/java/Leap.java":
    'class Leap {\n    boolean isLeapYear(int year) {\n        throw new UnsupportedOperationException("Delete this statement and write your own implementation.");\n    }\n}\n',
  "src/test/java/LeapTest.java": [
    "import static org.junit.jupiter.api.Assertions.assertFalse;",
    "import static org.junit.jupiter.api.Assertions.assertTrue;",
    "",
    "import org.junit.jupiter.api.Test;",
    "",
    "class LeapTest {",
    "    private final Leap leap = new Leap();",
    "",
    "    @Test",
    "    void divisibleByFour() {",
    "        assertTrue(leap.isLeapYear(1996));",
    "    }",
    "",
    "    @Test",
    "    void centuryIsNot() {",
    "        assertFalse(leap.isLeapYear(1900));",
    "    }",
    "",
    "    @Test",
    "    void fourHundredIs() {",
    "        assertTrue(leap.isLeapYear(2000));",
    "    }",
    "}",
    "",
  ].join("\n"),
  ".meta/src/reference/java/Leap.java":
    "class Leap {\n    boolean isLeapYear(int year) {\n        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);\n    }\n}\n",
};

describe("Exercism import (Java)", function () {
  this.timeout(180_000);
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "greenloop-exercism-java-"));
  });
  after(async () => rm(tmp, { recursive: true, force: true }));

  it("imports a Java exercise whose Maven test command really runs the listed test class", async () => {
    const dir = path.join(tmp, "leap");
    for (const [file, content] of Object.entries(JAVA_EXERCISE)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    const project = await importExercism(dir);
    assert.deepEqual(
      [project.id, project.language, project.target, project.tests, project.testCommand, project.exampleFiles],
      [
        "java/leap",
        "java",
        ["src/main/java/Leap.java"],
        ["src/test/java/LeapTest.java"],
        ["mvn", "-q", "test", "-Dtest=LeapTest.java"],
        [".meta/src/reference/java/Leap.java"],
      ],
    );
    const stub = await runTestCommand(project, dir);
    assert.deepEqual([stub.exitCode, stub.passed, stub.failed], [1, 0, 3], stub.output);
    await cp(path.join(dir, ".meta/src/reference/java/Leap.java"), path.join(dir, "src/main/java/Leap.java"));
    const solved = await runTestCommand(project, dir);
    assert.deepEqual([solved.exitCode, solved.passed, solved.failed], [0, 3, 0], solved.output);
  });
});
