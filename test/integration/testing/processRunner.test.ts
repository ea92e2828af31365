import assert from "node:assert/strict";
import { setTimeout as delay } from "node:timers/promises";
import { runProcess } from "../../../agent-core/testing/processRunner";
import type { TestCommand } from "../../../agent-core/testing/types";
import { isRunning, TempProjects } from "../../unit/testing/helpers";

const cmd = (argv: string[], cwd = process.cwd()): TestCommand => ({ argv, cwd, framework: "unknown" });

/** Waits until `pid` stops running, giving up after `limitMs` (the caller asserts on the answer). */
async function stopsRunning(pid: number, limitMs = 5000): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    if (!(await isRunning(pid))) return true;
    await delay(20);
  }
  return false;
}

describe("runProcess", () => {
  const projects = new TempProjects();
  const leftovers: number[] = [];
  afterEach(async () => {
    await projects.cleanup();
    for (const pid of leftovers.splice(0)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  });

  it("returns exit code and combined stdout+stderr", async () => {
    const r = await runProcess(cmd(["node", "-e", "console.log('out'); console.error('err'); process.exit(3)"]));
    assert.equal(r.exitCode, 3);
    assert.match(r.output, /out/);
    assert.match(r.output, /err/);
    assert.equal(r.timedOut, false);
    assert.equal(r.cancelled, false);
    assert.equal(r.truncated, false);
  });

  it("passes arguments without a shell (no word splitting, no expansion)", async () => {
    const r = await runProcess(
      cmd(["node", "-e", "console.log(JSON.stringify(process.argv.slice(1)))", "a b", "$HOME", "*"]),
    );
    assert.deepEqual(JSON.parse(r.output.trim()), ["a b", "$HOME", "*"]);
  });

  it("sets CI, NO_COLOR, FORCE_COLOR=0, keeps the command's env, and strips ANSI codes", async () => {
    const script =
      "console.log([process.env.CI, process.env.NO_COLOR, process.env.FORCE_COLOR, process.env.EXTRA].join(',')); console.log('\\u001b[31mred\\u001b[0m')";
    const r = await runProcess({ ...cmd(["node", "-e", script]), env: { EXTRA: "yes" } });
    assert.equal(r.output, "1,1,0,yes\nred\n");
  });

  it("keeps a line one stream has half written whole while the other stream writes", async () => {
    // libtest's "test name ... " waits for its result while cargo writes to stderr.
    const script = [
      "const fs = require('fs'); const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);",
      "fs.writeSync(1, 'running 1 test\\ntest spins ... '); nap(150);",
      "fs.writeSync(2, '     Running tests/other.rs\\n'); nap(150);",
      "fs.writeSync(1, 'ok\\n'); fs.writeSync(2, 'tail without newline'); fs.writeSync(1, 'half');",
    ].join(" ");
    const r = await runProcess(cmd(["node", "-e", script]));
    const lines = r.output.split("\n");
    assert.ok(lines.includes("test spins ... ok"), r.output);
    assert.ok(lines.includes("     Running tests/other.rs"), r.output);
    assert.deepEqual(lines.slice(-2), ["half", "tail without newline"], "unfinished lines last, each on its own");
  });

  it("passes on a line that never ends rather than holding it", async () => {
    const r = await runProcess(cmd(["node", "-e", "process.stdout.write('x'.repeat(300_000))"]));
    assert.equal(r.output, "x".repeat(300_000));
  });

  it("streams output chunks to onOutput", async () => {
    const chunks: string[] = [];
    await runProcess(cmd(["node", "-e", "console.log('one'); setTimeout(() => console.log('two'), 20)"]), {
      onOutput: (c) => chunks.push(c),
    });
    assert.match(chunks.join(""), /one\ntwo/);
  });

  it("reports a missing command clearly instead of throwing", async () => {
    const r = await runProcess(cmd(["greenloop-no-such-runner-xyz", "--flag"]));
    assert.equal(r.exitCode, null);
    assert.match(r.output, /Test command not found: greenloop-no-such-runner-xyz/);
  });

  it("reports a missing working directory and an empty command", async () => {
    const missing = await runProcess(cmd(["node", "-v"], "/definitely/not/here"));
    assert.equal(missing.exitCode, null);
    assert.match(missing.output, /working directory does not exist: \/definitely\/not\/here/);
    const empty = await runProcess(cmd([]));
    assert.equal(empty.exitCode, null);
    assert.match(empty.output, /empty/);
  });

  it("kills the whole process tree on timeout, grandchildren included", async () => {
    const r = await runProcess(cmd(["sh", "-c", 'sleep 1000 & echo "grandchild $!"; wait']), { timeoutMs: 300 });
    const pid = Number(/grandchild (\d+)/.exec(r.output)?.[1]);
    assert.ok(pid > 0, r.output);
    leftovers.push(pid);
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    assert.match(r.output, /timed out after 0.3 s/);
    assert.equal(await stopsRunning(pid), true, `grandchild ${pid} survived`);
  });

  it("escalates to SIGKILL when the tree ignores SIGTERM", async () => {
    const script = "trap '' TERM; sleep 1000 & echo \"grandchild $!\"; wait; wait";
    const r = await runProcess(cmd(["sh", "-c", script]), { timeoutMs: 200, killGraceMs: 200 });
    const pid = Number(/grandchild (\d+)/.exec(r.output)?.[1]);
    leftovers.push(pid);
    assert.equal(r.timedOut, true);
    assert.equal(r.signal, "SIGKILL");
    assert.equal(await stopsRunning(pid), true, `grandchild ${pid} survived`);
  });

  it("cancels mid-run through an AbortSignal and kills the tree", async () => {
    const controller = new AbortController();
    let pid = 0;
    const r = await runProcess(cmd(["sh", "-c", 'sleep 1000 & echo "grandchild $!"; wait']), {
      signal: controller.signal,
      onOutput: (chunk) => {
        const m = /grandchild (\d+)/.exec(chunk);
        if (m) {
          pid = Number(m[1]);
          controller.abort();
        }
      },
    });
    leftovers.push(pid);
    assert.equal(r.cancelled, true);
    assert.equal(r.timedOut, false);
    assert.equal(r.exitCode, null);
    assert.ok(pid > 0);
    assert.equal(await stopsRunning(pid), true, `grandchild ${pid} survived`);
  });

  it("does not start when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await runProcess(cmd(["node", "-e", "require('fs').writeFileSync('should-not-exist', '')"]), {
      signal: controller.signal,
    });
    assert.equal(r.cancelled, true);
    assert.equal(r.exitCode, null);
  });

  it("stops a process whose abort came while it was being started", async () => {
    const controller = new AbortController();
    const pending = runProcess(cmd(["node", "-e", "setInterval(() => {}, 1000)"]), {
      signal: controller.signal,
      timeoutMs: 60_000,
    });
    // runProcess has checked the signal and is looking at the working directory: the abort event fires now.
    controller.abort();
    const r = await pending;
    assert.equal(r.cancelled, true, r.output);
    assert.equal(r.timedOut, false);
  });

  it("does not wait forever on a background process that keeps the pipes open", async () => {
    const r = await runProcess(cmd(["sh", "-c", 'sleep 1000 & echo "grandchild $!"; exit 0']), { timeoutMs: 60_000 });
    const pid = Number(/grandchild (\d+)/.exec(r.output)?.[1]);
    leftovers.push(pid);
    assert.equal(r.exitCode, 0);
    assert.equal(r.timedOut, false);
    assert.equal(await stopsRunning(pid), true, `background process ${pid} was left running`);
  });

  it("keeps 100 MB of output within the cap: head, marker, tail", async function () {
    this.timeout(60_000);
    const script = [
      "process.stdout.write('HEAD-START\\n');",
      "const line = 'y'.repeat(1023) + '\\n'; const block = line.repeat(1024);",
      "let left = 100; (function pump() { while (left > 0) { left--; if (!process.stdout.write(block)) return process.stdout.once('drain', pump); }",
      "process.stdout.write('TAIL-END\\n'); })();",
    ].join(" ");
    const cap = 1024 * 1024;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    let seen = 0;
    const r = await runProcess(cmd(["node", "-e", script]), {
      maxOutputBytes: cap,
      onOutput: (chunk) => {
        seen += chunk.length;
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      },
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.truncated, true);
    assert.ok(seen > 100 * 1024 * 1024, `only ${seen} chars streamed`);
    assert.ok(r.output.length <= cap + 100, `output is ${r.output.length} chars`);
    assert.ok(r.output.startsWith("HEAD-START\n"));
    assert.ok(r.output.endsWith("TAIL-END\n"));
    const omitted = Number(/\[… (\d+) bytes omitted …\]/.exec(r.output)?.[1]);
    assert.ok(omitted > 99 * 1024 * 1024, `omitted ${omitted}`);
    // Accumulating the whole output would need > 100 MB of heap.
    assert.ok(heapPeak - heapBefore < 60 * 1024 * 1024, `heap grew by ${(heapPeak - heapBefore) / 1e6} MB`);
  });

  it("runs in the command's working directory", async () => {
    const dir = await projects.make({ "marker.txt": "here" });
    const r = await runProcess(
      cmd(["node", "-e", "process.stdout.write(require('fs').readFileSync('marker.txt','utf8'))"], dir),
    );
    assert.equal(r.output, "here");
  });
});
