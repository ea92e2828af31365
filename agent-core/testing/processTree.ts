/**
 * Kills everything a test run started. A process-group kill misses processes that called `setsid` (servers,
 * daemons, `spawn(..., { detached: true })`), so on Linux the tree is found in /proc: descendants through
 * parent links, plus any process whose environment carries the run's tag (orphans reparented to init keep it).
 * Elsewhere the group kill stays the fallback.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { setTimeout as delay } from "node:timers/promises";

/** Environment variable set on every test process to a value unique to its run. */
export const PROCESS_TAG_VARIABLE = "GREENLOOP_PROC_TAG";

/** A fresh tag for one run. */
export function newProcessTag(): string {
  return randomBytes(12).toString("hex");
}

interface ProcEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** Kernel start time in clock ticks: with the pid, it names one process even after pids are reused. */
  startTime: number;
  /** False for zombies and dead entries: they no longer run. */
  running: boolean;
}

/** Walks at most this many times: each walk stops what it found, so the tree cannot grow forever. */
const MAX_WALKS = 64;

/**
 * Everything one test run started. On Linux: every process started after the run's child that descends from
 * it, belongs to its process group, or carries the run's tag (orphans reparented to init keep it), also after
 * the child itself has exited. Elsewhere: the child's process group (Windows: `taskkill /T`).
 */
export class ProcessTree {
  /** The child as it started; undefined off Linux or when /proc does not show it (then the group kill serves). */
  private readonly root?: ProcessId;
  private readonly needle: Buffer;
  private queue: Promise<unknown> = Promise.resolve();

  /** Call right after spawning, before the child can be reaped. */
  constructor(
    private readonly child: ChildProcess,
    tag: string,
  ) {
    this.needle = Buffer.from(`${PROCESS_TAG_VARIABLE}=${tag}\0`);
    if (process.platform === "linux" && child.pid !== undefined) {
      const entry = parseStat(child.pid, readTextSync(`/proc/${child.pid}/stat`));
      // Our child's parent is us; anything else means a /proc of another pid namespace.
      if (entry?.ppid === process.pid) this.root = { pid: entry.pid, startTime: entry.startTime };
    }
  }

  /**
   * Signals the whole tree, one kill at a time (a slow SIGTERM walk must not overlap the final SIGKILL).
   * Returns the processes signalled (Linux).
   */
  kill(signal: NodeJS.Signals): Promise<ProcessId[]> {
    const next = this.queue.then(() => this.killNow(signal)).catch(() => []);
    this.queue = next;
    return next;
  }

  private async killNow(signal: NodeJS.Signals): Promise<ProcessId[]> {
    const pid = this.child.pid;
    if (pid === undefined) return [];
    if (process.platform === "win32") {
      spawn("taskkill", ["/pid", String(pid), "/T", "/F"], { stdio: "ignore", windowsHide: true }).on(
        "error",
        () => {},
      );
      return [];
    }
    const found = this.root ? await signalLinuxTree(this.root, this.needle, signal).catch(() => undefined) : undefined;
    // The walk covers the group too; without /proc the group kill is all there is.
    if (!found) killGroup(this.child, signal);
    return found ?? [];
  }
}

/** One process, named so a reused pid is not mistaken for it. */
export interface ProcessId {
  pid: number;
  startTime: number;
}

/** Resolves once none of `ids` runs (zombies count as gone), or after `limitMs`; true when all are gone. */
export async function waitUntilGone(ids: readonly ProcessId[], limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  let left = [...ids];
  for (;;) {
    const alive = await Promise.all(left.map(async (id) => ({ id, alive: await isSameRunning(id) })));
    left = alive.filter((a) => a.alive).map((a) => a.id);
    if (left.length === 0) return true;
    if (Date.now() >= until) return false;
    await delay(10);
  }
}

/** True while the process `id` names still runs (a zombie or a reused pid counts as gone). */
async function isSameRunning(id: ProcessId): Promise<boolean> {
  const entry = await readStat(id.pid);
  return entry?.running === true && entry.startTime === id.startTime;
}

/**
 * Stops every member of the tree with SIGSTOP while walking (a stopped process cannot fork, and a stopped
 * parent keeps its children's parent links intact), then sends `signal` to all and lets them continue.
 */
async function signalLinuxTree(root: ProcessId, needle: Buffer, signal: NodeJS.Signals): Promise<ProcessId[]> {
  const tagged = new Map<string, boolean>();
  const members = new Map<string, ProcessId>();
  for (let walk = 0; walk < MAX_WALKS; walk++) {
    const table = await readProcTable();
    // Nothing of the run is older than its child; skipping older processes also keeps reused pids out.
    const candidates = [...table.values()].filter(
      (e) => e.running && e.pid !== process.pid && e.startTime >= root.startTime,
    );
    const unchecked = candidates.filter((e) => !tagged.has(keyOf(e)));
    const answers = await Promise.all(unchecked.map((e) => hasTag(e.pid, needle)));
    unchecked.forEach((e, i) => tagged.set(keyOf(e), answers[i]));
    const seeds = candidates.filter((e) => e.pid === root.pid || e.pgid === root.pid || tagged.get(keyOf(e)));
    const fresh = withDescendants(seeds, candidates).filter((e) => !members.has(keyOf(e)));
    if (fresh.length === 0) break;
    for (const entry of fresh) {
      members.set(keyOf(entry), { pid: entry.pid, startTime: entry.startTime });
      send(entry.pid, "SIGSTOP");
    }
  }
  const all = [...members.values()];
  for (const { pid } of all) send(pid, signal);
  if (signal !== "SIGKILL") for (const { pid } of all) send(pid, "SIGCONT");
  return all;
}

const keyOf = (e: ProcessId): string => `${e.pid}:${e.startTime}`;

function withDescendants(seeds: ProcEntry[], candidates: ProcEntry[]): ProcEntry[] {
  const children = new Map<number, ProcEntry[]>();
  for (const entry of candidates) {
    const list = children.get(entry.ppid);
    if (list) list.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  const out = new Map<number, ProcEntry>();
  const queue = [...seeds];
  while (queue.length > 0) {
    const entry = queue.pop()!;
    if (out.has(entry.pid) || entry.pid === process.pid) continue;
    out.set(entry.pid, entry);
    queue.push(...(children.get(entry.pid) ?? []));
  }
  return [...out.values()];
}

async function readProcTable(): Promise<Map<number, ProcEntry>> {
  const names = await readdir("/proc");
  const entries = await Promise.all(names.filter((n) => /^\d+$/.test(n)).map((n) => readStat(Number(n))));
  const table = new Map<number, ProcEntry>();
  for (const entry of entries) if (entry) table.set(entry.pid, entry);
  return table;
}

async function readStat(pid: number): Promise<ProcEntry | undefined> {
  return parseStat(pid, await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined));
}

function readTextSync(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parseStat(pid: number, text: string | undefined): ProcEntry | undefined {
  if (!text) return undefined;
  // "pid (comm) state ppid pgrp session …": comm may hold spaces and parentheses, so split after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const state = fields[0];
  return {
    pid,
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    startTime: Number(fields[19]),
    running: state !== "Z" && state !== "X" && state !== "x",
  };
}

async function hasTag(pid: number, needle: Buffer): Promise<boolean> {
  try {
    // Readable only for our own processes (or all, as root); the rest cannot be ours.
    return (await readFile(`/proc/${pid}/environ`)).includes(needle);
  } catch {
    return false;
  }
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* gone already */
  }
}

/** Signals the child's process group (it was spawned detached, so it leads one), else the child alone. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already exited */
    }
  }
}
