/**
 * Test processes must not outlive Greenloop, even when Greenloop itself is killed with SIGKILL and can clean
 * nothing up. Every test process carries its owner's pid in OWNER_VARIABLE; a small watchdog process, started
 * once per Greenloop process, waits for the owner to disappear and then kills every process still carrying it.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export const OWNER_VARIABLE = "GREENLOOP_OWNER_PID";

let started = false;

/** The environment entry that ties a test process to this Greenloop process. */
export function ownerEnv(): Record<string, string> {
  return { [OWNER_VARIABLE]: `${process.pid}:${startTimeOf(process.pid) ?? "?"}` };
}

/** Starts the watchdog once (Linux only: it reads /proc). A failure to start is not a reason to stop a run. */
export function ensureOrphanGuard(): void {
  if (started || process.platform !== "linux") return;
  started = true;
  try {
    const child = spawn(process.execPath, ["-e", WATCHDOG, ownerEnv()[OWNER_VARIABLE]], {
      detached: true,
      stdio: "ignore",
      // An editor's extension host is Electron: run its binary as plain Node. No owner tag here, or the
      // watchdog would kill itself.
      env: { PATH: process.env.PATH ?? "", ELECTRON_RUN_AS_NODE: "1" },
    });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    /* the run goes on; only a SIGKILLed Greenloop would leave its tests behind */
  }
}

function startTimeOf(pid: number): string | undefined {
  try {
    // Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/**
 * The watchdog's whole program. It polls rather than waits on a pipe: the owner may be an editor host whose
 * descriptors are not ours to hold open. Once the owner (pid and start time, so a reused pid is not mistaken for
 * it) is gone, it kills the tagged processes, twice, in case one forked in between.
 */
const WATCHDOG = `
const fs = require("fs");
const owner = process.argv[1];
const [pid, start] = owner.split(":");
const alive = () => {
  try {
    const stat = fs.readFileSync("/proc/" + pid + "/stat", "utf8");
    return start === "?" || stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] === start;
  } catch { return false; }
};
const sweep = () => {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ = "";
    try { environ = fs.readFileSync("/proc/" + entry + "/environ", "latin1"); } catch { continue; }
    if (environ.split("\\0").includes("${OWNER_VARIABLE}=" + owner)) {
      try { process.kill(Number(entry), "SIGKILL"); } catch {}
    }
  }
};
const timer = setInterval(() => {
  if (alive()) return;
  clearInterval(timer);
  sweep();
  setTimeout(sweep, 200);
}, 500);
`;
