/**
 * Synthetic but realistic failure texts for the memory benchmark: assertion diffs, TypeErrors, TypeScript
 * diagnostics, pytest/Jest/Go/Rust/JUnit failures, missing modules, each with stack frames, built from
 * templates × seeded random identifiers, values and paths. Real stored vectors are HashingEmbedder outputs
 * of texts like these, which cluster by error kind and share vocabulary; random unit vectors do not.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { HashingEmbedder } from "../../agent-core/memory";

/** Seeded uniform numbers in [0, 1) (mulberry32): the same corpus on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERBS = [
  "get", "set", "parse", "load", "save", "fetch", "build", "render", "compute", "validate", "format", "resolve", "create",
  "update", "delete", "find", "merge", "split", "apply", "handle", "convert", "normalize", "serialize", "decode", "encode",
  "sort", "filter", "map", "reduce", "check", "init", "reset", "open", "close", "read", "write", "send", "emit", "sync",
  "register", "schedule", "retry", "compare", "extract", "transform", "flatten", "group", "count", "sum", "total",
];
const NOUNS = [
  "user", "order", "item", "config", "session", "token", "price", "cart", "invoice", "account", "payload", "request",
  "response", "header", "query", "result", "record", "row", "column", "table", "node", "edge", "graph", "tree", "list",
  "queue", "cache", "entry", "event", "handler", "message", "channel", "stream", "buffer", "chunk", "file", "path", "url",
  "date", "time", "duration", "amount", "balance", "discount", "tax", "rate", "score", "rank", "vector", "matrix",
  "point", "shape", "color", "theme", "layout", "widget", "button", "form", "field", "input", "option", "setting",
  "profile", "address", "email", "phone", "name", "title", "slug", "tag", "category", "product", "customer", "report",
];
const ADJECTIVES = ["", "", "", "raw", "parsed", "active", "pending", "default", "current", "next", "max", "min", "total", "valid", "cached", "local"];
const TYPES = [
  "string", "number", "boolean", "undefined", "null", "string[]", "number[]", "Record<string, unknown>", "Promise<void>",
  "Date", "bigint", "unknown", "never", "object",
];
const PY_PACKAGES = ["requests", "numpy", "pandas", "yaml", "dateutil", "attrs", "pydantic", "flask", "sqlalchemy", "click", "rich", "httpx", "toml"];
const JS_PACKAGES = ["lodash", "express", "axios", "zod", "dayjs", "uuid", "chalk", "commander", "yaml", "semver", "ws", "pg", "redis"];
const DIRS = ["src", "lib", "app", "core", "utils", "services", "models", "api", "internal", "pkg"];

type Rand = () => number;

function pick<T>(rand: Rand, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function int(rand: Rand, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

const cap = (w: string) => w[0].toUpperCase() + w.slice(1);

/** Identifier parts: verb + optional adjective + noun. */
function words(rand: Rand): string[] {
  const adj = pick(rand, ADJECTIVES);
  return [pick(rand, VERBS), ...(adj ? [adj] : []), pick(rand, NOUNS)];
}

const camel = (parts: string[]) => parts[0] + parts.slice(1).map(cap).join("");
const snake = (parts: string[]) => parts.join("_");
const fn = (rand: Rand) => camel(words(rand));
const pyFn = (rand: Rand) => snake(words(rand));
const noun = (rand: Rand) => pick(rand, NOUNS);
const prop = (rand: Rand) => (rand() < 0.5 ? noun(rand) : camel([pick(rand, ADJECTIVES.filter(Boolean)), noun(rand)]));
const className = (rand: Rand) => cap(noun(rand)) + pick(rand, ["", "Service", "Store", "Manager", "Parser", "Builder", "Client", "Repository"]);
const module = (rand: Rand) => `${noun(rand)}${pick(rand, ["", "Utils", "Service", "Store", "Parser", "Helpers"])}`;
const value = (rand: Rand) => (rand() < 0.5 ? String(int(rand, -500, 5000)) : `'${pick(rand, NOUNS)}-${int(rand, 1, 99)}'`);
const root = (rand: Rand) => `/home/${pick(rand, ["dev", "ci", "runner", "alice", "bob"])}/${pick(rand, ["work", "src", "projects"])}/${noun(rand)}-${pick(rand, ["api", "web", "cli", "lib", "svc"])}`;

function jsFrames(rand: Rand, base: string, ext: string): string {
  const n = int(rand, 1, 4);
  const frames: string[] = [];
  for (let i = 0; i < n; i++) frames.push(`    at ${fn(rand)} (${base}/${pick(rand, DIRS)}/${module(rand)}.${ext}:${int(rand, 1, 400)}:${int(rand, 1, 60)})`);
  frames.push(`    at Context.<anonymous> (${base}/test/${module(rand)}.test.${ext}:${int(rand, 1, 200)}:${int(rand, 1, 40)})`);
  return frames.join("\n");
}

function pyFrames(rand: Rand): string {
  const n = int(rand, 1, 3);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`${pick(rand, DIRS)}/${noun(rand)}.py:${int(rand, 1, 300)}: in ${pyFn(rand)}`);
  return out.join("\n");
}

/** One template per failure shape; each returns a full errorText. */
const TEMPLATES: Array<(rand: Rand) => string> = [
  (r) => `AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n${value(r)} !== ${value(r)}\n\n${jsFrames(r, root(r), "ts")}`,
  (r) => `AssertionError [ERR_ASSERTION]: Expected values to be loosely deep-equal:\n\n{\n  ${prop(r)}: ${value(r)},\n  ${prop(r)}: ${value(r)}\n}\n\nshould loosely deep-equal\n\n{\n  ${prop(r)}: ${value(r)}\n}\n${jsFrames(r, root(r), "js")}`,
  (r) => `TypeError: Cannot read properties of undefined (reading '${prop(r)}')\n${jsFrames(r, root(r), "js")}`,
  (r) => `TypeError: Cannot read properties of null (reading '${prop(r)}')\n${jsFrames(r, root(r), "ts")}`,
  (r) => `TypeError: ${prop(r)}.${fn(r)} is not a function\n${jsFrames(r, root(r), "js")}`,
  (r) => `ReferenceError: ${fn(r)} is not defined\n${jsFrames(r, root(r), "js")}`,
  (r) => `${pick(r, DIRS)}/${module(r)}.ts(${int(r, 1, 400)},${int(r, 1, 60)}): error TS2345: Argument of type '${pick(r, TYPES)}' is not assignable to parameter of type '${pick(r, TYPES)}'.`,
  (r) => `${pick(r, DIRS)}/${module(r)}.ts(${int(r, 1, 400)},${int(r, 1, 60)}): error TS2339: Property '${prop(r)}' does not exist on type '${className(r)}'.`,
  (r) => `${pick(r, DIRS)}/${module(r)}.ts(${int(r, 1, 400)},${int(r, 1, 60)}): error TS2322: Type '${pick(r, TYPES)}' is not assignable to type '${pick(r, TYPES)}'.`,
  (r) => `${pick(r, DIRS)}/${module(r)}.ts(${int(r, 1, 400)},${int(r, 1, 60)}): error TS2304: Cannot find name '${fn(r)}'.`,
  (r) => `Error: Cannot find module './${module(r)}'\nRequire stack:\n- ${root(r)}/${pick(r, DIRS)}/${module(r)}.js\n- ${root(r)}/test/${module(r)}.test.js`,
  (r) => `Error: Cannot find module '${pick(r, JS_PACKAGES)}' from '${pick(r, DIRS)}/${module(r)}.ts'`,
  (r) => `ModuleNotFoundError: No module named '${pick(r, PY_PACKAGES)}${r() < 0.3 ? `.${noun(r)}` : ""}'\n${pyFrames(r)}`,
  (r) => {
    const f = pyFn(r);
    return `    def test_${f}():\n>       assert ${f}(${value(r)}, ${value(r)}) == ${value(r)}\nE       assert ${value(r)} == ${value(r)}\nE        +  where ${value(r)} = ${f}(${value(r)}, ${value(r)})\n\ntests/test_${noun(r)}.py:${int(r, 1, 200)}: AssertionError`;
  },
  (r) => `E       KeyError: '${prop(r)}'\n${pyFrames(r)}: KeyError`,
  (r) => `E       AttributeError: '${className(r)}' object has no attribute '${snake(words(r))}'\n${pyFrames(r)}: AttributeError`,
  (r) => `E       TypeError: ${pyFn(r)}() missing 1 required positional argument: '${noun(r)}'\n${pyFrames(r)}: TypeError`,
  (r) => `E       ValueError: invalid literal for int() with base 10: '${noun(r)}'\n${pyFrames(r)}: ValueError`,
  (r) => `E       IndexError: list index out of range\n${pyFrames(r)}: IndexError`,
  (r) => `expect(received).toEqual(expected) // deep equality\n\n- Expected  - 1\n+ Received  + 1\n\n  Object {\n-   "${prop(r)}": ${value(r)},\n+   "${prop(r)}": ${value(r)},\n  }\n\n${jsFrames(r, root(r), "ts")}`,
  (r) => `expect(received).toBe(expected) // Object.is equality\n\nExpected: "${noun(r)}"\nReceived: "${noun(r)}"\n${jsFrames(r, root(r), "js")}`,
  (r) => `expect(jest.fn()).toHaveBeenCalledWith(...expected)\n\nExpected: ${value(r)}\nReceived: ${value(r)}\n\nNumber of calls: ${int(r, 0, 4)}\n${jsFrames(r, root(r), "ts")}`,
  (r) => `AssertionError: expected ${value(r)} to equal ${value(r)}\n${jsFrames(r, root(r), "js")}`,
  (r) => `AssertionError: expected [ ${value(r)}, ${value(r)} ] to have a length of ${int(r, 0, 9)} but got ${int(r, 0, 9)}\n${jsFrames(r, root(r), "js")}`,
  (r) => `--- FAIL: Test${cap(fn(r))} (0.00s)\n    ${noun(r)}_test.go:${int(r, 1, 300)}: ${cap(fn(r))}(${value(r)}) = ${value(r)}; want ${value(r)}\nFAIL\tgithub.com/${noun(r)}/${noun(r)}/${pick(r, DIRS)}\t0.0${int(r, 1, 9)}s`,
  (r) => `thread 'tests::${pyFn(r)}' panicked at src/${noun(r)}.rs:${int(r, 1, 300)}:${int(r, 1, 40)}:\nassertion \`left == right\` failed\n  left: ${value(r)}\n right: ${value(r)}`,
  (r) => `org.opentest4j.AssertionFailedError: expected: <${value(r)}> but was: <${value(r)}>\n\tat com.${noun(r)}.${className(r)}Test.${fn(r)}(${className(r)}Test.java:${int(r, 1, 300)})`,
  (r) => `SyntaxError: Unexpected token '${pick(r, ["}", ")", "<", "export", "import", "=>", "?."])}'\n    at ${root(r)}/${pick(r, DIRS)}/${module(r)}.js:${int(r, 1, 300)}`,
  (r) => `Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves. (${root(r)}/test/${module(r)}.test.js)`,
  (r) => `Error: ENOENT: no such file or directory, open '${root(r)}/${pick(r, ["fixtures", "data", "config"])}/${noun(r)}.json'\n${jsFrames(r, root(r), "js")}`,
  (r) => `TypeError: fetch failed\n  [cause]: Error: connect ECONNREFUSED 127.0.0.1:${int(r, 3000, 9000)}\n${jsFrames(r, root(r), "ts")}`,
  (r) => `RangeError: Invalid time value\n    at Date.toISOString (<anonymous>)\n${jsFrames(r, root(r), "ts")}`,
];

/** A test id as runners print it: `suite > case` (JS) or `tests/test_x.py::test_y` (pytest). */
function testId(rand: Rand): string {
  if (rand() < 0.35) return `tests/test_${noun(rand)}.py::test_${pyFn(rand)}`;
  return `${className(rand)} > ${words(rand).join(" ")}${rand() < 0.5 ? ` when ${pick(rand, ADJECTIVES.filter(Boolean))} ${noun(rand)}` : ""}`;
}

/** One failure as the memory embeds it: a `[test] <id>` line (see memory.ts embeddingText), then the text. */
export function failureText(rand: Rand): string {
  return `[test] ${testId(rand)}\n${pick(rand, TEMPLATES)(rand)}`;
}

/** `count` failure texts from `seed`; other seeds give texts not in the set (queries). */
export function failureTexts(count: number, seed: number): string[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => failureText(rand));
}

/** HashingEmbedder vectors of a generated corpus plus held-out queries, with the exact top-k of each query. */
export interface EmbeddedCorpus {
  embedder: string;
  texts: string[];
  vectors: Float32Array[];
  queries: Float32Array[];
  /** Exact top-k similarities per query, best first (brute force). */
  truth: Float64Array[];
  /** Whether vectors and truth came from the cache. */
  cached: boolean;
}

/** Exact top-k similarities (dot products of unit vectors) of `query` against `data`, best first. */
export function topKSimilarities(data: readonly Float32Array[], query: Float32Array, k: number): Float64Array {
  const best: number[] = [];
  const dim = query.length;
  for (const v of data) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += v[j] * query[j];
    if (best.length < k || s > best[best.length - 1]) {
      best.push(s);
      best.sort((a, b) => b - a);
      if (best.length > k) best.pop();
    }
  }
  return Float64Array.from(best);
}

/**
 * `count` generated failures embedded with the default HashingEmbedder and `queryCount` other failures (another
 * seed, so not in the set). Vectors and the brute-force truth are cached in `cacheDir` under a key that hashes
 * the texts and a sample of vectors, so a changed corpus or embedder never reads a stale cache.
 */
export function embeddedCorpus(count: number, queryCount: number, k: number, cacheDir: string): EmbeddedCorpus {
  const embedder = new HashingEmbedder();
  const texts = failureTexts(count, 1);
  const queries = failureTexts(queryCount, 424_242).map((t) => embedder.embedOne(t));
  const hash = createHash("sha1").update(`${embedder.name}\u0000${k}\u0000`);
  for (const t of texts) hash.update(t);
  for (const q of queries) hash.update(Buffer.from(q.buffer, q.byteOffset, q.byteLength));
  const file = path.join(cacheDir, `corpus-${embedder.name}-${count}-${queryCount}-${hash.digest("hex").slice(0, 12)}.bin`);
  const dim = embedder.dim;
  if (existsSync(file)) {
    const all = new Float32Array(readFileSync(file).buffer.slice(0));
    const vectors = Array.from({ length: count }, (_, i) => all.subarray(i * dim, (i + 1) * dim));
    const truthAt = count * dim;
    const truth = Array.from({ length: queryCount }, (_, i) => Float64Array.from(all.subarray(truthAt + i * k, truthAt + (i + 1) * k)));
    return { embedder: embedder.name, texts, vectors, queries, truth, cached: true };
  }
  const all = new Float32Array(count * dim + queryCount * k);
  const vectors = texts.map((t, i) => {
    const v = all.subarray(i * dim, (i + 1) * dim);
    v.set(embedder.embedOne(t));
    return v;
  });
  const truth = queries.map((q) => topKSimilarities(vectors, q, k));
  truth.forEach((t, i) => all.set(t, count * dim + i * k));
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, Buffer.from(all.buffer));
  return { embedder: embedder.name, texts, vectors, queries, truth, cached: false };
}
