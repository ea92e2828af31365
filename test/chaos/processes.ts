/** Finds processes a trial's run left behind: they carry its marker variable or work inside its workspace. */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export const TRIAL_MARKER = "GREENLOOP_CHAOS_TRIAL";

export interface LiveProcess {
  pid: number;
  command: string;
}

function readOr(file: string): string | undefined {
  try {
    return readFileSync(file, "latin1");
  } catch {
    return undefined; // gone, or not ours to read
  }
}

/** Live (not zombie) processes of a trial: its marker in the environment, or a working folder inside `workspace`. */
export function trialProcesses(token: string, workspace: string): LiveProcess[] {
  const found: LiveProcess[] = [];
  const marker = `${TRIAL_MARKER}=${token}\0`;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const environ = readOr(`/proc/${pid}/environ`);
    let cwd = "";
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      // gone, or not ours
    }
    const inside = cwd === workspace || cwd.startsWith(workspace + "/");
    if (!inside && !(environ ?? "").includes(marker)) continue;
    const stat = readOr(`/proc/${pid}/stat`) ?? "";
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state === "Z" || state === "X" || stat === "") continue;
    const command = (readOr(`/proc/${pid}/cmdline`) ?? "").split("\0").join(" ").trim();
    found.push({ pid, command });
  }
  return found;
}

/**
 * Waits until the trial's processes are gone; returns those still alive after `guardMs` (then kills them).
 * Processes that end on their own (a test run finishing after its parent was killed) are not leftovers; the
 * guard only bounds the wait, it decides nothing for processes that end in time.
 */
export async function awaitNoLeftovers(token: string, workspace: string, guardMs: number): Promise<LiveProcess[]> {
  const deadline = Date.now() + guardMs;
  let alive = trialProcesses(token, workspace);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    alive = trialProcesses(token, workspace);
  }
  for (const p of alive) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // ended meanwhile
    }
  }
  return alive;
}
