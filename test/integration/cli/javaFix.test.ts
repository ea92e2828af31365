import "../../support/mavenOffline";
import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { block, cliSession, makeProject, read } from "../../support/cliHarness";
import { pinnedPom } from "../../support/mavenPom";
import { scriptedModelFlags } from "../../support/scriptedFix";
import { type ScriptedServer, startScriptedModelServer } from "../../support/scriptedModelServer";

const POM = pinnedPom("demo", "calc");
const CALC = [
  "package demo;",
  "",
  "public class Calc {",
  "    public static int add(int a, int b) {",
  "        return a - b;",
  "    }",
  "",
  "    public static int twice(int a) {",
  "        return a * 2;",
  "    }",
  "}",
  "",
].join("\n");
const CALC_TEST = [
  "package demo;",
  "",
  "import static org.junit.jupiter.api.Assertions.assertEquals;",
  "",
  "import org.junit.jupiter.api.Test;",
  "",
  "class CalcTest {",
  "    @Test",
  "    void addsTwoNumbers() {",
  "        assertEquals(5, Calc.add(2, 3));",
  "    }",
  "",
  "    @Test",
  "    void doubles() {",
  "        assertEquals(8, Calc.twice(4));",
  "    }",
  "}",
  "",
].join("\n");

describe("greenloop fix on a Maven project (real mvn, scripted model)", function () {
  this.timeout(240_000);
  let server: ScriptedServer;
  after(async () => server?.close());

  it("reads Surefire's reports, shows the model the failing JUnit test, and takes the project to green", async () => {
    const fix = block("src/main/java/demo/Calc.java", "        return a - b;", "        return a + b;");
    server = await startScriptedModelServer([{ reply: fix }]);
    const dir = await makeProject({
      "pom.xml": POM,
      "src/main/java/demo/Calc.java": CALC,
      "src/test/java/demo/CalcTest.java": CALC_TEST,
    });
    const cli = await cliSession();
    const result = await cli.run([
      "fix",
      path.join(dir, "src/main/java/demo/Calc.java"),
      "--workspace",
      dir,
      "--yes",
      ...scriptedModelFlags(server),
      "--no-memory",
    ]);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stderr, /test project: the workspace folder \(nearest folder with pom\.xml\)/);
    assert.match(result.stderr, /tests: mvn -B -q test/);
    assert.match(result.stderr, /1 passed, 1 failed \(full,/, "both tests are known, from the reports");
    assert.match(result.stderr, /2 passed, 0 failed \(full,/);
    const prompt = server.chatRequests()[0].messages.at(-1)!.content;
    assert.match(prompt, /demo\.CalcTest > addsTwoNumbers/);
    assert.match(prompt, /expected: <5> but was: <-1>/);
    assert.match(prompt, /```java\n/, "the target is shown in a java fence");
    assert.match(await read(dir, "src/main/java/demo/Calc.java"), /return a \+ b;/);
    assert.deepEqual(await readdir(path.join(dir, "src/test/java/demo")), ["CalcTest.java"], "the tests are untouched");
  });
});
