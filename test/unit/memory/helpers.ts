/** Shared fixtures for memory tests: temp folders, records and typical failures. */

import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type Embedder,
  type FailureRecord,
  HashingEmbedder,
  type LanceModules,
  LanceStore,
  l2Normalise,
  loadLanceModules,
  VectorLayout,
} from "../../../agent-core/memory";
import type { FailureQuery } from "../../../agent-core/ports";

/** Another vector space for tests: the hashing embedder's first `dim` dimensions, under its own name. */
export class SmallEmbedder implements Embedder {
  readonly name: string;
  private readonly hashing = new HashingEmbedder();
  constructor(readonly dim = 64) {
    this.name = `hash-v2-first-${dim}`;
  }
  embedOne(text: string): Float32Array {
    return l2Normalise(this.hashing.embedOne(text).slice(0, this.dim));
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }
}

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(prefix = "greenloop-mem-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Deterministic pseudo-random unit vectors (mulberry32), so failures reproduce. */
export function randomVectors(count: number, dim: number, seed = 1): Float32Array[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: count }, () => l2Normalise(Float32Array.from({ length: dim }, next)));
}

/** A record as FailureMemory stores it (vectorLayout.ts, no fix part), for stores opened with openMemoryStore. */
export function makeStoredRecord(overrides: Partial<FailureRecord> = {}): FailureRecord {
  const embedder = new HashingEmbedder();
  const layout = new VectorLayout(embedder, embedder.dim);
  const vector = layout.compose(embedder.embedOne(overrides.errorText ?? "AssertionError: expected 3 to equal 4"));
  return makeRecord({ vector, embedder: layout.name, ...overrides });
}

/** A complete record with sensible defaults; `vector` defaults to a hash embedding of errorText. */
export function makeRecord(overrides: Partial<FailureRecord> = {}): FailureRecord {
  const embedder = new HashingEmbedder();
  const errorText = overrides.errorText ?? "AssertionError: expected 3 to equal 4";
  const vector = overrides.vector ?? embedder.embedOne(errorText);
  const now = Date.now();
  return {
    id: randomUUID(),
    signature: "key-test",
    project: "named:test",
    projectName: "test",
    errorText,
    testId: "math > adds",
    language: "typescript",
    framework: "mocha",
    file: "src/math.ts",
    codeContext: "export function add(a, b) { return a - b; }",
    vector,
    embedder: embedder.name,
    dim: vector.length,
    createdAt: now,
    lastSeenAt: now,
    timesSeen: 1,
    timesUsed: 0,
    timesSucceeded: 0,
    fixPatch: "",
    fixSucceeded: false,
    iterations: 0,
    tokens: 0,
    ...overrides,
  };
}

/**
 * One floor for every hint: for tests of the ranking itself, which ask from the failure alone (where the
 * calibrated floors show nothing) or across projects.
 */
export const RANKING_FLOORS = { project: { change: 0.55, failure: 0.55 }, other: { change: 0.55, failure: 0.55 } };

/** The project every makeFailure() belongs to unless told otherwise. */
export const PROJECT = { id: "named:shop", name: "shop" };

/** A failure as the loop reports it, in PROJECT, with test files known. */
export function makeFailure(overrides: Partial<FailureQuery> = {}): FailureQuery {
  return {
    testId: "math > adds two numbers",
    message: "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal: 5 !== -1",
    errorText:
      "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal: 5 !== -1\n    at Context.<anonymous> (/tmp/ws-1/test/math.test.ts:8:12)",
    file: "src/math.ts",
    language: "typescript",
    framework: "mocha",
    codeContext: "export function add(a: number, b: number): number {\n  return a - b;\n}\n",
    project: PROJECT,
    testFilesHash: "sha-tests",
    ...overrides,
  };
}

/** SEARCH/REPLACE fix for makeFailure()'s code. */
export const ADD_FIX = "src/math.ts\n<<<<<<< SEARCH\n  return a - b;\n=======\n  return a + b;\n>>>>>>> REPLACE\n";

/** Options of LanceStoreFixture.open; embedder name and dim default to the hashing embedder's. */
export interface FixtureStoreOptions {
  indexFrom?: number;
  log?: (level: string, message: string) => void;
  embedder?: string;
  dim?: number;
}

/** Per-test LanceDB folder and stores, created and closed by the mocha hooks that lanceStoreFixture registers. */
export interface LanceStoreFixture {
  readonly dir: string;
  readonly modules: LanceModules;
  open(options?: FixtureStoreOptions): Promise<LanceStore>;
}

/** Call inside a describe(): each test gets a fresh folder; stores it opened are closed and the folder removed after it. */
export function lanceStoreFixture(): LanceStoreFixture {
  const defaults = new HashingEmbedder();
  const opened: LanceStore[] = [];
  let modules: LanceModules | undefined;
  let folder: { dir: string; cleanup: () => void } | undefined;
  before(async () => {
    modules = await loadLanceModules();
  });
  beforeEach(() => {
    folder = tempDir();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
    folder?.cleanup();
  });
  const fixture: LanceStoreFixture = {
    get dir() {
      if (!folder) throw new Error("lanceStoreFixture: no test is running");
      return folder.dir;
    },
    get modules() {
      if (!modules) throw new Error("lanceStoreFixture: LanceDB is not loaded yet");
      return modules;
    },
    async open(options = {}) {
      const store = await LanceStore.open({
        dir: fixture.dir,
        embedder: options.embedder ?? defaults.name,
        dim: options.dim ?? defaults.dim,
        ...fixture.modules,
        indexFrom: options.indexFrom,
        log: options.log,
      });
      opened.push(store);
      return store;
    },
  };
  return fixture;
}
