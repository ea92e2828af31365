/**
 * Opening the failure memory. LanceDB is preferred; the run must go on without it: on CPUs the prebuilt
 * binary cannot run, when the native module is missing, when the table is damaged (moved aside, never
 * deleted) and when the folder is read-only (memory lasts for this run only).
 */
import { existsSync, promises as fs, readFileSync } from "node:fs";
import * as path from "node:path";
import type { Logger } from "../ports";
import { type Embedder, HashingEmbedder } from "./embedder";
import { JsonStore } from "./jsonStore";
import { CorruptStoreError, type LanceModules, LanceStore } from "./lanceStore";
import { FailureMemory, type FailureMemoryOptions } from "./memory";
import { type MemoryLog, type MemoryStore, tableNameFor } from "./store";
import { VectorLayout } from "./vectorLayout";

/** Options for openMemoryStore. */
export interface OpenMemoryStoreOptions {
  embedder: Embedder;
  log?: MemoryLog;
  /** "auto" (default) tries LanceDB first; "builtin" uses the JSONL store in `dir` without trying. */
  backend?: "auto" | "builtin";
  /** Replaces the dynamic import of LanceDB (tests simulate a machine where it cannot load). */
  loadLance?: () => Promise<LanceModules>;
}

/** What was opened, and why it is not LanceDB when it is not. */
export interface OpenedMemoryStore {
  store: MemoryStore;
  backend: "lancedb" | "builtin";
  /** Set when memory is degraded (fallback store, data moved aside, or in-memory only); already logged once. */
  warning?: string;
  /** False when nothing is written to disk (read-only folder). */
  persistent: boolean;
  /** Where a damaged store was moved to. */
  movedAsideTo?: string;
}

/**
 * Open the failure memory in `dir` for `opts.embedder` (one table per embedder and vector layout, see
 * vectorLayout.ts). Never throws for environment problems; those come back as `warning` with a working
 * fallback store.
 */
export async function openMemoryStore(dir: string, opts: OpenMemoryStoreOptions): Promise<OpenedMemoryStore> {
  const { name: embedder, dim } = new VectorLayout(opts.embedder, await discoverDim(opts.embedder));
  const log = opts.log ?? (() => undefined);
  const file = path.join(dir, `${tableNameFor(embedder, dim)}.jsonl`);
  const builtin = () => JsonStore.open({ embedder, dim, log, path: file });
  const inMemory = () => JsonStore.open({ embedder, dim, log });
  /** Opens with `open`, then logs the one warning (a failing open leaves the warning to the next fallback). */
  const degraded = async (warning: string, open: () => Promise<MemoryStore> = builtin, movedAsideTo?: string) => {
    const store = await open();
    log("warn", warning);
    const backend: OpenedMemoryStore["backend"] = store instanceof LanceStore ? "lancedb" : "builtin";
    return { store, backend, persistent: !(store instanceof JsonStore && !store.path), warning, movedAsideTo };
  };
  const notWritable = await checkWritable(dir);
  const forThisRun = "failures are remembered for this run only.";
  const useBuiltin = "using the built-in memory store.";
  if (notWritable)
    return degraded(`Failure memory folder ${dir} is not writable (${notWritable}); ${forThisRun}`, inMemory);
  if (opts.backend === "builtin") return { store: await builtin(), backend: "builtin", persistent: true };
  const unsupported = cpuLacksLanceFeatures();
  if (unsupported) return degraded(`LanceDB cannot run on this CPU (${unsupported}); ${useBuiltin}`);
  let modules: LanceModules;
  try {
    modules = await (opts.loadLance ?? loadLanceModules)();
  } catch (err) {
    return degraded(`LanceDB could not be loaded (${firstLine(err)}); ${useBuiltin}`);
  }
  const openLance = () => LanceStore.open({ dir, embedder, dim, ...modules, log });
  try {
    return { store: await openLance(), backend: "lancedb", persistent: true };
  } catch (err) {
    if (!(err instanceof CorruptStoreError))
      return degraded(`LanceDB failed to open ${dir} (${firstLine(err)}); ${useBuiltin}`);
    const damaged = `The failure memory in ${dir} is damaged (${firstLine(err)})`;
    let movedAsideTo: string;
    try {
      movedAsideTo = await moveAside(dir);
    } catch (moveErr) {
      const warning = `${damaged} and could not be moved aside (${firstLine(moveErr)}); it was left untouched and ${forThisRun}`;
      return degraded(warning, inMemory);
    }
    const reason = `${damaged}; it was moved to ${movedAsideTo} and a fresh memory was started.`;
    return degraded(reason, openLance, movedAsideTo).catch((again) =>
      degraded(`${reason} LanceDB still failed (${firstLine(again)}); ${useBuiltin}`, builtin, movedAsideTo),
    );
  }
}

/**
 * Options for openFailureMemory: the folder (created if missing), the embedder (default: the offline
 * HashingEmbedder), other floors (the evaluation that calibrates them), the redactor (default: from `process.env`).
 */
export interface OpenFailureMemoryOptions extends Pick<FailureMemoryOptions, "floors" | "redactor"> {
  dir: string;
  log?: Logger;
  embedder?: Embedder;
  backend?: OpenMemoryStoreOptions["backend"];
}

/**
 * Open the failure memory in `dir` for a host. Environment trouble (LanceDB missing, damaged table, read-only
 * folder) does not throw: the memory falls back, logs one warning and reports it in `memory.status`.
 */
export async function openFailureMemory(options: OpenFailureMemoryOptions): Promise<FailureMemory> {
  const log: MemoryLog = (level, message) => options.log?.[level](message);
  const embedder = options.embedder ?? new HashingEmbedder();
  const { store, backend, persistent, warning } = await openMemoryStore(options.dir, { ...options, embedder, log });
  log("debug", `memory: ${backend} store in ${options.dir} (${embedder.name}, ${store.dim} dims)`);
  const status = { backend, persistent, warning };
  return new FailureMemory({ floors: options.floors, store, embedder, log, redactor: options.redactor, status });
}

/** Load LanceDB and apache-arrow on first use only: the native module is 190 MB and may not load at all. */
export async function loadLanceModules(): Promise<LanceModules> {
  process.env.LANCEDB_LOG ??= "error";
  return {
    lance: interop(await import("@lancedb/lancedb"), "connect"),
    arrow: interop(await import("apache-arrow"), "Schema"),
  };
}

/** A CJS module imported from ESM (or bundled) may arrive under `default`. */
function interop<T extends object>(mod: T, probe: string): T {
  const fallback = (mod as { default?: T }).default;
  return !(probe in mod) && fallback && probe in fallback ? fallback : mod;
}

/**
 * Prebuilt LanceDB binaries for x64 use AVX2 and FMA; loading them elsewhere kills the process with an
 * illegal instruction instead of throwing, so check first. Returns the reason, or undefined if fine/unknown.
 */
export function cpuLacksLanceFeatures(cpuinfo?: string, arch: string = process.arch): string | undefined {
  if (arch !== "x64") return undefined;
  try {
    cpuinfo ??= readFileSync("/proc/cpuinfo", "utf8");
  } catch {
    return undefined; // not Linux: no cheap way to tell, and those platforms' builds are not affected here
  }
  const flags = new Set(/^flags\s*:(.*)$/m.exec(cpuinfo)?.[1].trim().split(/\s+/));
  const missing = ["avx2", "fma"].filter((flag) => !flags.has(flag));
  return flags.size && missing.length ? `missing ${missing.join(" and ")}` : undefined;
}

/** Create `dir` and prove a file can be written there; returns the error code when not. */
async function checkWritable(dir: string): Promise<string | undefined> {
  try {
    await fs.mkdir(dir, { recursive: true });
    const probe = path.join(dir, `.write-test-${process.pid}-${Date.now()}`);
    await fs.writeFile(probe, "");
    await fs.rm(probe, { force: true });
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? firstLine(err);
  }
}

/** Rename a damaged store out of the way (never delete: the user may want it back) and recreate `dir`. */
async function moveAside(dir: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  let target = `${dir}.corrupt-${stamp}`;
  for (let n = 1; existsSync(target); n++) target = `${dir}.corrupt-${stamp}-${n}`;
  await fs.rename(dir, target);
  await fs.mkdir(dir, { recursive: true });
  return target;
}

async function discoverDim(embedder: Embedder): Promise<number> {
  if (embedder.dim > 0) return embedder.dim;
  const [probe] = await embedder.embed(["dimension probe"]);
  if (!probe?.length) throw new Error(`embedder ${embedder.name} returned no vector`);
  return probe.length;
}

const firstLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split("\n")[0].slice(0, 300);
