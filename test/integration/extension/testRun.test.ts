import { strict as assert } from "node:assert";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { runProcess } from "../../../agent-core/testing/processRunner";
import type { TestCommand } from "../../../agent-core/testing/types";
import { TestRun } from "../../../extension/testing/testRun";

/** A test run started before any terminal shows it: real processes, terminal attached late or never. */
describe("extension TestRun", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gl-testrun-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const node = (script: string): TestCommand => ({
    argv: [process.execPath, "-e", script],
    cwd: dir,
    framework: "unknown",
  });

  it("runs and reports with no terminal at all", async () => {
    const run = new TestRun(node("console.log('1 passing')"), { runProcess, timeoutMs: 30_000 });
    const result = await run.result;
    assert.equal(result.exitCode, 0, result.output);
    assert.match(result.output, /1 passing/);
    assert.deepEqual(await run.ended, { code: 0 });
  });

  it("a terminal attaching after the end gets the command line, the output and how it ended, in CRLF", async () => {
    const run = new TestRun(node("console.log('line one'); console.error('line two'); process.exit(3)"), {
      runProcess,
      timeoutMs: 30_000,
    });
    await run.result;
    const { text } = run.attach(() => assert.fail("nothing more is written after the end"));
    assert.match(text, /^\x1b\[2m> .*node.* -e .*\(in .*gl-testrun-/);
    assert.match(text, /line one\r\n/);
    assert.match(text, /line two\r\n/);
    assert.match(text, /Finished with exit code 3 in \d+\.\d s\./);
    assert.doesNotMatch(text.replace(/\r\n/g, ""), /\n/, "every line end is CRLF");
    assert.deepEqual(await run.ended, { code: 3 });
  });

  it("a terminal attached while the tests run gets what came before, then the rest live", async () => {
    // The process waits for a file the test writes once the terminal is attached.
    const gate = path.join(dir, "go");
    const script = `console.log('before'); const fs = require('fs'); const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(gate)})) { clearInterval(t); console.log('after'); } }, 20);`;
    const run = new TestRun(node(script), { runProcess, timeoutMs: 30_000 });
    const live: string[] = [];
    let early = "";
    while (!/before\r\n/.test(early)) {
      const attached = run.attach(() => undefined);
      attached.detach();
      early = attached.text;
      await new Promise((r) => setImmediate(r));
    }
    const attached = run.attach((t) => live.push(t));
    assert.doesNotMatch(attached.text, /after\r\n/);
    await (await import("node:fs/promises")).writeFile(gate, "");
    await run.result;
    assert.match(live.join(""), /after\r\n[\s\S]*Finished with exit code 0/);
  });

  it("stop() (the user closed the terminal) and the loop's abort both stop the process", async () => {
    const endless = node("setInterval(() => {}, 1000)");
    const closed = new TestRun(endless, { runProcess, timeoutMs: 60_000 });
    closed.stop();
    assert.equal((await closed.result).cancelled, true);
    const loop = new AbortController();
    const aborted = new TestRun(endless, { runProcess, timeoutMs: 60_000, signal: loop.signal });
    loop.abort();
    const result = await aborted.result;
    assert.equal(result.cancelled, true);
    assert.match(aborted.attach(() => undefined).text, /Cancelled after/);
  });

  it("keeps the command line and the latest output when a late terminal would get too much", async () => {
    const run = new TestRun(node("for (let i = 0; i < 40000; i++) console.log('row ' + i + ' ' + 'x'.repeat(20));"), {
      runProcess,
      timeoutMs: 30_000,
      maxOutputBytes: 64 * 1024,
    });
    await run.result;
    const { text } = run.attach(() => undefined);
    assert.ok(text.length < 300 * 1024, `kept ${text.length} characters`);
    assert.match(text, /^\x1b\[2m> /);
    assert.match(text, /row 39999 /);
    assert.match(text, /earlier output cut: the terminal opened late/);
  });

  it("a runner that throws rejects the result and ends the terminal with code 1", async () => {
    const run = new TestRun(node(""), {
      runProcess: async () => {
        throw new Error("spawn exploded");
      },
      timeoutMs: 1000,
    });
    await assert.rejects(run.result, /spawn exploded/);
    assert.deepEqual(await run.ended, { code: 1 });
    assert.match(run.attach(() => undefined).text, /Could not run the tests: spawn exploded/);
  });
});
