import assert from "node:assert/strict";
import { createProgressRenderer } from "../../../agent-core/cli/progress";
import type { LoopEvent } from "../../../agent-core/events";
import { JS_CALC } from "../../support/cliHarness";
import { useScriptedFix } from "../../support/scriptedFix";

type TestsFinished = Extract<LoopEvent, { type: "tests-finished" }>;

function finished(fields: Partial<TestsFinished>): TestsFinished {
  return {
    type: "tests-finished",
    runId: "r1",
    at: 0,
    iteration: 0,
    scope: "full",
    counts: { passed: 0, failed: 1, skipped: 0 },
    failures: [],
    durationMs: 1200,
    crashed: true,
    timedOut: false,
    ...fields,
  };
}

/** What the renderer prints for `event` without --verbose. */
function render(event: LoopEvent): string {
  let text = "";
  createProgressRenderer({ write: (t) => void (text += t), color: false, verbose: false })(event);
  return text;
}

describe("greenloop fix shows timeouts and missing test commands without --verbose", function () {
  this.timeout(60_000);

  describe("progress lines", () => {
    it("a timeout: marked on the tests line, and the reason on its own line", () => {
      const text = render(
        finished({
          timedOut: true,
          failures: [
            { id: "(test run)", message: "Test run timed out after 2 s and was killed (a hang or an infinite loop?)." },
          ],
        }),
      );
      assert.match(text, /tests {3}0 passed, 1 failed \(full, 1\.2 s\) · timed out\n/);
      assert.match(
        text,
        /\n {2}tests {3}Test run timed out after 2 s and was killed \(a hang or an infinite loop\?\)\.\n/,
      );
    });

    it("a timeout whose reason was not reported still says so", () => {
      assert.match(
        render(finished({ timedOut: true, durationMs: 3000 })),
        /Test run timed out after 3\.0 s and was killed/,
      );
    });

    it("a command that could not start, and a runner the shell could not find", () => {
      const spawned = render(
        finished({
          failures: [
            {
              id: "(test run)",
              message: "The test command did not finish:\nTest command not found: jestt (is it installed and on PATH?)",
            },
          ],
        }),
      );
      assert.match(
        spawned,
        /· crashed\n {2}tests {3}Test command not found: jestt \(is it installed and on PATH\?\)\n/,
      );
      const npm = render(
        finished({
          failures: [
            {
              id: "(test run)",
              message: "The test command exited with code 127:\n> calc@1.0.0 test\n> jest\n\nsh: 1: jest: not found",
            },
          ],
        }),
      );
      assert.match(npm, /Test command not found: jest\n/);
    });

    it("ordinary failures add no line", () => {
      const text = render(
        finished({ crashed: false, failures: [{ id: "add adds", message: "Expected values to be strictly equal" }] }),
      );
      assert.equal(text, "  tests   0 passed, 1 failed (full, 1.2 s)\n");
    });
  });

  describe("a real run", () => {
    const scriptedFix = useScriptedFix();

    function fix(files: Record<string, string>, extra: string[]) {
      return scriptedFix({
        script: [{ reply: "I cannot tell what to change." }],
        files,
        args: ["--yes", "--max-iterations", "1", "--no-memory", ...extra],
      });
    }

    it("a missing test command is named on stderr", async () => {
      const result = await fix(JS_CALC, ["--test", "greenloop-no-such-runner --verbose-flag"]);
      assert.match(result.stderr, /^ {2}tests {3}Test command not found: greenloop-no-such-runner/m);
    });

    it("a hanging test run is reported as timed out and killed", async () => {
      // The test never ends, so the one-second timeout always fires.
      const hanging = {
        ...JS_CALC,
        "test/calc.test.js": 'require("node:test")("hangs", () => new Promise(() => setInterval(() => {}, 1000)));\n',
      };
      const result = await fix(hanging, ["--test-timeout", "1"]);
      assert.match(result.stderr, /^ {2}tests {3}Test run timed out after 1 s and was killed/m);
    });
  });
});
