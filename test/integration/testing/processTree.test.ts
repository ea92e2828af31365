import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { type RunProcessOptions, runProcess } from "../../../agent-core/testing/processRunner";
import type { ProcessResult } from "../../../agent-core/testing/types";
import { TempProjects } from "../../unit/testing/helpers";

/**
 * A test command whose children leave the process group: `spawn(..., { detached: true })` (setsid in Node),
 * the `setsid` program, and a double fork that daemonises (its parent exits, so init adopts it). Each prints
 * its pid once it runs in its own session.
 */
const ESCAPE_SCRIPT = `
const { spawn, execFileSync } = require("node:child_process");
const sh = (script) => execFileSync("sh", ["-c", script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const detached = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
detached.unref();
console.log("escapee detached " + detached.pid);
console.log("escapee setsid " + sh("setsid sh -c 'echo $$; exec sleep 300 >/dev/null 2>&1' &"));
console.log("escapee daemon " + sh("( setsid sh -c 'echo $$; exec sleep 300 >/dev/null 2>&1' & )"));
if (process.argv[2] === "hang") setInterval(() => {}, 1000);
`;

const KINDS = ["detached", "setsid", "daemon"];

/** A process named by pid and kernel start time, so a reused pid is not taken for it. */
interface Seen {
  pid: number;
  startTime: string;
}

function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** True while the process runs: signal 0 reaches it, it is no zombie, and its pid was not reused. */
function stillRuns(p: Seen): boolean {
  try {
    process.kill(p.pid, 0);
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, "ESRCH");
    return false;
  }
  const fields = statFields(p.pid);
  return fields !== undefined && fields[0] !== "Z" && fields[0] !== "X" && fields[19] === p.startTime;
}

/** Waits until none of `seen` runs; the limit only keeps a failing test from hanging. */
async function allGone(seen: Seen[], limitMs = 10_000): Promise<Seen[]> {
  const until = Date.now() + limitMs;
  for (;;) {
    const alive = seen.filter(stillRuns);
    if (alive.length === 0 || Date.now() > until) return alive;
    await delay(20);
  }
}

/** Collects the escapees' pids from the output as they are printed (each still runs at that moment). */
function escapeWatcher(onAll?: () => void) {
  const seen = new Map<string, Seen>();
  let buffer = "";
  return {
    seen,
    onOutput(chunk: string) {
      buffer += chunk;
      for (const m of buffer.matchAll(/escapee (\w+) (\d+)\n/g)) {
        if (seen.has(m[1])) continue;
        const pid = Number(m[2]);
        seen.set(m[1], { pid, startTime: statFields(pid)?.[19] ?? "gone" });
      }
      if (seen.size === KINDS.length) onAll?.();
    },
  };
}

(process.platform === "linux" ? describe : describe.skip)(
  "runProcess kills processes that left the process group",
  function () {
    this.timeout(60_000);
    const projects = new TempProjects();
    const leftovers: Seen[] = [];
    afterEach(async () => {
      for (const p of leftovers.splice(0)) if (stillRuns(p)) process.kill(p.pid, "SIGKILL");
      await projects.cleanup();
    });

    async function run(
      mode: "exit" | "hang",
      options: RunProcessOptions,
      onAll?: () => void,
    ): Promise<{ result: ProcessResult; seen: Seen[] }> {
      const dir = await projects.make({ "escape.js": ESCAPE_SCRIPT });
      const watcher = escapeWatcher(onAll);
      const result = await runProcess(
        { argv: [process.execPath, path.join(dir, "escape.js"), mode], cwd: dir, framework: "unknown" },
        { ...options, onOutput: watcher.onOutput },
      );
      const seen = [...watcher.seen.values()];
      leftovers.push(...seen);
      assert.deepEqual(
        [...watcher.seen.keys()].sort(),
        [...KINDS].sort(),
        `not every escapee started:\n${result.output}`,
      );
      assert.deepEqual(
        seen.filter((p) => p.startTime === "gone"),
        [],
        "an escapee was gone when it reported",
      );
      return { result, seen };
    }

    it("after a normal exit", async () => {
      const { result, seen } = await run("exit", { timeoutMs: 60_000 });
      assert.equal(result.exitCode, 0, result.output);
      assert.deepEqual(await allGone(seen), [], "these escapees survived");
    });

    it("on cancel", async () => {
      const controller = new AbortController();
      const { result, seen } = await run("hang", { timeoutMs: 60_000, signal: controller.signal }, () =>
        controller.abort(),
      );
      assert.equal(result.cancelled, true);
      assert.deepEqual(await allGone(seen), [], "these escapees survived");
    });

    it("on timeout", async () => {
      // The command hangs for ever, so the timeout always fires; it only has to leave the escapees time to start.
      const { result, seen } = await run("hang", { timeoutMs: 5_000 });
      assert.equal(result.timedOut, true);
      assert.match(result.output, /Test run timed out after 5 s and was killed/);
      assert.deepEqual(await allGone(seen), [], "these escapees survived");
    });

    it("leaves processes it did not start alone", async () => {
      const bystander = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
      const exited = new Promise((resolve) => bystander.once("exit", resolve));
      try {
        const fields = statFields(bystander.pid!);
        assert.ok(fields);
        const { seen } = await run("exit", { timeoutMs: 60_000 });
        assert.deepEqual(await allGone(seen), []);
        assert.equal(
          stillRuns({ pid: bystander.pid!, startTime: fields[19] }),
          true,
          "an unrelated process was killed",
        );
      } finally {
        bystander.kill("SIGKILL");
        await exited;
      }
    });
  },
);
