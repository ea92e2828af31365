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
  "get",
  "set",
  "parse",
  "load",
  "save",
  "fetch",
  "build",
  "render",
  "compute",
  "validate",
  "format",
  "resolve",
  "create",
  "update",
  "delete",
  "find",
  "merge",
  "split",
  "apply",
  "handle",
  "convert",
  "normalize",
  "serialize",
  "decode",
  "encode",
  "sort",
  "filter",
  "map",
  "reduce",
  "check",
  "init",
  "reset",
  "open",
  "close",
  "read",
  "write",
  "send",
  "emit",
  "sync",
  "register",
  "schedule",
  "retry",
  "compare",
  "extract",
  "transform",
  "flatten",
  "group",
  "count",
  "sum",
  "total",
];
const NOUNS = [
  "user",
  "order",
  "item",
  "config",
  "session",
  "token",
  "price",
  "cart",
  "invoice",
  "account",
  "payload",
  "request",
  "response",
  "header",
  "query",
  "result",
  "record",
  "row",
  "column",
  "table",
  "node",
  "edge",
  "graph",
  "tree",
  "list",
  "queue",
  "cache",
  "entry",
  "event",
  "handler",
  "message",
  "channel",
  "stream",
  "buffer",
  "chunk",
  "file",
  "path",
  "url",
  "date",
  "time",
  "duration",
  "amount",
  "balance",
  "discount",
  "tax",
  "rate",
  "score",
  "rank",
  "vector",
  "matrix",
  "point",
  "shape",
  "color",
  "theme",
  "layout",
  "widget",
  "button",
  "form",
  "field",
  "input",
  "option",
  "setting",
  "profile",
  "address",
  "email",
  "phone",
  "name",
  "title",
  "slug",
  "tag",
  "category",
  "product",
  "customer",
  "report",
];
const ADJECTIVES = [
  "",
  "",
  "",
  "raw",
  "parsed",
  "active",
  "pending",
  "default",
  "current",
  "next",
  "max",
  "min",
  "total",
  "valid",
  "cached",
  "local",
];
const TYPES = [
  "string",
  "number",
  "boolean",
  "undefined",
  "null",
  "string[]",
  "number[]",
  "Record<string, unknown>",
  "Promise<void>",
  "Date",
  "bigint",
  "unknown",
  "never",
  "object",
];
const PY_PACKAGES = [
  "requests",
  "numpy",
  "pandas",
  "yaml",
  "dateutil",
  "attrs",
  "pydantic",
  "flask",
  "sqlalchemy",
  "click",
  "rich",
  "httpx",
  "toml",
];
const JS_PACKAGES = [
  "lodash",
  "express",
  "axios",
  "zod",
  "dayjs",
  "uuid",
  "chalk",
  "commander",
  "yaml",
  "semver",
  "ws",
  "pg",
  "redis",
];
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
const className = (rand: Rand) =>
  cap(noun(rand)) + pick(rand, ["", "Service", "Store", "Manager", "Parser", "Builder", "Client", "Repository"]);
const module = (rand: Rand) => `${noun(rand)}${pick(rand, ["", "Utils", "Service", "Store", "Parser", "Helpers"])}`;
const value = (rand: Rand) =>
  rand() < 0.5 ? String(int(rand, -500, 5000)) : `'${pick(rand, NOUNS)}-${int(rand, 1, 99)}'`;
const root = (rand: Rand) =>
  `/home/${pick(rand, ["dev", "ci", "runner", "alice", "bob"])}/${pick(rand, ["work", "src", "projects"])}/${noun(rand)}-${pick(rand, ["api", "web", "cli", "lib", "svc"])}`;

function jsFrames(rand: Rand, base: string, ext: string): string {
  const n = int(rand, 1, 4);
  const frames: string[] = [];
  for (let i = 0; i < n; i++)
    frames.push(
      `    at ${fn(rand)} (${base}/${pick(rand, DIRS)}/${module(rand)}.${ext}:${int(rand, 1, 400)}:${int(rand, 1, 60)})`,
    );
  frames.push(
    `    at Context.<anonymous> (${base}/test/${module(rand)}.test.${ext}:${int(rand, 1, 200)}:${int(rand, 1, 40)})`,
  );
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
  (r) =>
    `AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n${value(r)} !== ${value(r)}\n\n${jsFrames(r, root(r), "ts")}`,
  (r) =>
    `AssertionError [ERR_ASSERTION]: Expected values to be loosely deep-equal:\n\n{\n  ${prop(r)}: ${value(r)},\n  ${prop(r)}: ${value(r)}\n}\n\nshould loosely deep-equal\n\n{\n  ${prop(r)}: ${value(r)}\n}\n${jsFrames(r, root(r), "js")}`,
  (r) => `TypeError: Cannot read properties of undefined (reading '${prop(r)}')\n${jsFrames(r, root(r), "js")}`,
  (r) => `TypeError: Cannot read properties of null (reading '${prop(r)}')\n${jsFrames(r, root(r), "ts")}`,
  (r) => `TypeError: ${prop(r)}.${fn(r)} is not a function\n${jsFrames(r, root(r), "js")}`,
  (r) => `ReferenceError: ${fn(r)} is not defined\n${jsFrames(r, root(r), "js")}`,
  (r) =>
    `${pick(r, DIRS)}/${module(r)}.ts(${int(r, 1, 400)},${int(r, 1, 60)}): error TS2345: Argument of type '${pick(r, TYPES)}' is not assignable to parameter of type '${pick(r, TYPES)}'.`,
  (r) =>
    `${pick(r, DIRS)}/${module(r)}.ts(${int(r, 1, 400)},${int(r, 1, 60)}): error TS2339: Property '${prop(r)}' does not exist on type '${className(r)}'.`,
  (r) =>
    `${pick(r, DIRS)}/${module(r)}.ts(${int(r, 1, 400)},${int(r, 1, 60)}): error TS2322: Type '${pick(r, TYPES)}' is not assignable to type '${pick(r, TYPES)}'.`,
  (r) =>
    `${pick(r, DIRS)}/${module(r)}.ts(${int(r, 1, 400)},${int(r, 1, 60)}): error TS2304: Cannot find name '${fn(r)}'.`,
  (r) =>
    `Error: Cannot find module './${module(r)}'\nRequire stack:\n- ${root(r)}/${pick(r, DIRS)}/${module(r)}.js\n- ${root(r)}/test/${module(r)}.test.js`,
  (r) => `Error: Cannot find module '${pick(r, JS_PACKAGES)}' from '${pick(r, DIRS)}/${module(r)}.ts'`,
  (r) =>
    `ModuleNotFoundError: No module named '${pick(r, PY_PACKAGES)}${r() < 0.3 ? `.${noun(r)}` : ""}'\n${pyFrames(r)}`,
  (r) => {
    const f = pyFn(r);
    return `    def test_${f}():\n>       assert ${f}(${value(r)}, ${value(r)}) == ${value(r)}\nE       assert ${value(r)} == ${value(r)}\nE        +  where ${value(r)} = ${f}(${value(r)}, ${value(r)})\n\ntests/test_${noun(r)}.py:${int(r, 1, 200)}: AssertionError`;
  },
  (r) => `E       KeyError: '${prop(r)}'\n${pyFrames(r)}: KeyError`,
  (r) =>
    `E       AttributeError: '${className(r)}' object has no attribute '${snake(words(r))}'\n${pyFrames(r)}: AttributeError`,
  (r) =>
    `E       TypeError: ${pyFn(r)}() missing 1 required positional argument: '${noun(r)}'\n${pyFrames(r)}: TypeError`,
  (r) => `E       ValueError: invalid literal for int() with base 10: '${noun(r)}'\n${pyFrames(r)}: ValueError`,
  (r) => `E       IndexError: list index out of range\n${pyFrames(r)}: IndexError`,
  (r) =>
    `expect(received).toEqual(expected) // deep equality\n\n- Expected  - 1\n+ Received  + 1\n\n  Object {\n-   "${prop(r)}": ${value(r)},\n+   "${prop(r)}": ${value(r)},\n  }\n\n${jsFrames(r, root(r), "ts")}`,
  (r) =>
    `expect(received).toBe(expected) // Object.is equality\n\nExpected: "${noun(r)}"\nReceived: "${noun(r)}"\n${jsFrames(r, root(r), "js")}`,
  (r) =>
    `expect(jest.fn()).toHaveBeenCalledWith(...expected)\n\nExpected: ${value(r)}\nReceived: ${value(r)}\n\nNumber of calls: ${int(r, 0, 4)}\n${jsFrames(r, root(r), "ts")}`,
  (r) => `AssertionError: expected ${value(r)} to equal ${value(r)}\n${jsFrames(r, root(r), "js")}`,
  (r) =>
    `AssertionError: expected [ ${value(r)}, ${value(r)} ] to have a length of ${int(r, 0, 9)} but got ${int(r, 0, 9)}\n${jsFrames(r, root(r), "js")}`,
  (r) =>
    `--- FAIL: Test${cap(fn(r))} (0.00s)\n    ${noun(r)}_test.go:${int(r, 1, 300)}: ${cap(fn(r))}(${value(r)}) = ${value(r)}; want ${value(r)}\nFAIL\tgithub.com/${noun(r)}/${noun(r)}/${pick(r, DIRS)}\t0.0${int(r, 1, 9)}s`,
  (r) =>
    `thread 'tests::${pyFn(r)}' panicked at src/${noun(r)}.rs:${int(r, 1, 300)}:${int(r, 1, 40)}:\nassertion \`left == right\` failed\n  left: ${value(r)}\n right: ${value(r)}`,
  (r) =>
    `org.opentest4j.AssertionFailedError: expected: <${value(r)}> but was: <${value(r)}>\n\tat com.${noun(r)}.${className(r)}Test.${fn(r)}(${className(r)}Test.java:${int(r, 1, 300)})`,
  (r) =>
    `SyntaxError: Unexpected token '${pick(r, ["}", ")", "<", "export", "import", "=>", "?."])}'\n    at ${root(r)}/${pick(r, DIRS)}/${module(r)}.js:${int(r, 1, 300)}`,
  (r) =>
    `Error: Timeout of 2000ms exceeded. For async tests and hooks, ensure "done()" is called; if returning a Promise, ensure it resolves. (${root(r)}/test/${module(r)}.test.js)`,
  (r) =>
    `Error: ENOENT: no such file or directory, open '${root(r)}/${pick(r, ["fixtures", "data", "config"])}/${noun(r)}.json'\n${jsFrames(r, root(r), "js")}`,
  (r) =>
    `TypeError: fetch failed\n  [cause]: Error: connect ECONNREFUSED 127.0.0.1:${int(r, 3000, 9000)}\n${jsFrames(r, root(r), "ts")}`,
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
  dim: number;
  texts: string[];
  vectors: Float32Array[];
  queries: Float32Array[];
  /** Exact top-k similarities per query, best first (brute force). */
  truth: Float64Array[];
  /** Exact top-k similarities per query among proven rows only (see isProvenRow), best first. */
  provenTruth: Float64Array[];
  /**
   * The same failures as `queries` with an all-zero edit-shape part (a failure with no recent change to compare
   * fixes with), and their proven-only truth. Equal to `queries` when there are no shape dims.
   */
  textQueries: Float32Array[];
  textProvenTruth: Float64Array[];
  /** Whether vectors and truth came from the cache. */
  cached: boolean;
}

/** Which generated rows hold a proven fix: two in three, so a proven-only search has rows to skip. */
export function isProvenRow(i: number): boolean {
  return i % 3 !== 0;
}

/** Exact top-k similarities (dot products of unit vectors) of `query` against `data`, best first. */
export function topKSimilarities(
  data: readonly Float32Array[],
  query: Float32Array,
  k: number,
  keep: (i: number) => boolean = () => true,
): Float64Array {
  const best: number[] = [];
  const dim = query.length;
  for (let i = 0; i < data.length; i++) {
    if (!keep(i)) continue;
    const v = data[i];
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

// Stand-in for the memory's "edit shape" dims (agent-core/memory/editShape.ts): a fix has a handful of shape
// features (kind, removed/added tokens, swap kind), signed-hashed into `shapeDims` buckets, and common features
// (an `insert`, `+ await`) are shared by many fixes. So each row draws 4-12 features from 600, skewed toward the
// common ones (id = 600·u³), each feature always in the same bucket with the same sign.
const SHAPE_FEATURES = 600;
// The shape part is scaled to norm 2 before the whole vector is L2-normalised, as in the brief for 640 dims.
const SHAPE_SCALE = 2;

/** `text` (unit) ++ a random-sparse shape vector of norm SHAPE_SCALE, L2-normalised: `text.length + shapeDims` dims. */
export function withEditShape(text: Float32Array, shapeDims: number, rand: () => number): Float32Array {
  const out = new Float32Array(text.length + shapeDims);
  out.set(text);
  const shape = out.subarray(text.length);
  const features = 4 + Math.floor(rand() * 9);
  for (let f = 0; f < features; f++) {
    const id = Math.floor(SHAPE_FEATURES * rand() ** 3);
    const h = Math.imul(id + 1, 0x9e3779b1) >>> 0;
    shape[h % shapeDims] += h & 0x80000000 ? -1 : 1;
  }
  const shapeNorm = Math.hypot(...shape) || 1;
  for (let j = 0; j < shapeDims; j++) shape[j] *= SHAPE_SCALE / shapeNorm;
  const inv = 1 / Math.hypot(...out);
  for (let j = 0; j < out.length; j++) out[j] *= inv;
  return out;
}

/**
 * `count` generated failures embedded with the default HashingEmbedder and `queryCount` other failures (another
 * seed, so not in the set). With `shapeDims`, every vector (queries too) is padded by withEditShape to the
 * memory's text + edit-shape layout. Vectors and the brute-force truth are cached in `cacheDir` under a key that
 * hashes the texts and a sample of vectors, so a changed corpus or embedder never reads a stale cache.
 */
export function embeddedCorpus(
  count: number,
  queryCount: number,
  k: number,
  cacheDir: string,
  shapeDims = 0,
): EmbeddedCorpus {
  const embedder = new HashingEmbedder();
  const texts = failureTexts(count, 1);
  const shapeRand = seededRandom(31_337);
  const pad = (v: Float32Array) => (shapeDims > 0 ? withEditShape(v, shapeDims, shapeRand) : v);
  const textOnly = failureTexts(queryCount, 424_242).map((t) => embedder.embedOne(t));
  const queries = textOnly.map(pad);
  const textQueries =
    shapeDims > 0
      ? textOnly.map((v) => Float32Array.from({ length: v.length + shapeDims }, (_, j) => v[j] ?? 0))
      : queries;
  const dim = embedder.dim + shapeDims;
  const hash = createHash("sha1").update(`${embedder.name}\u0000${k}\u0000${dim}\u0000`);
  for (const t of texts) hash.update(t);
  for (const q of queries) hash.update(Buffer.from(q.buffer, q.byteOffset, q.byteLength));
  const file = path.join(
    cacheDir,
    `corpus-${embedder.name}-${dim}d-${count}-${queryCount}-${hash.digest("hex").slice(0, 12)}.bin`,
  );
  // Layout: the vectors, then three truth blocks (all rows, proven rows, proven rows for text-only queries).
  const truthAt = (block: number) => count * dim + block * queryCount * k;
  const readTruth = (all: Float32Array, at: number) =>
    Array.from({ length: queryCount }, (_, i) => Float64Array.from(all.subarray(at + i * k, at + (i + 1) * k)));
  const corpus = (all: Float32Array, vectors: Float32Array[], cached: boolean): EmbeddedCorpus => ({
    embedder: embedder.name,
    dim,
    texts,
    vectors,
    queries,
    truth: readTruth(all, truthAt(0)),
    provenTruth: readTruth(all, truthAt(1)),
    textQueries,
    textProvenTruth: readTruth(all, truthAt(2)),
    cached,
  });
  if (existsSync(file)) {
    const all = new Float32Array(readFileSync(file).buffer.slice(0));
    return corpus(
      all,
      Array.from({ length: count }, (_, i) => all.subarray(i * dim, (i + 1) * dim)),
      true,
    );
  }
  const all = new Float32Array(truthAt(3));
  const vectors = texts.map((t, i) => {
    const v = all.subarray(i * dim, (i + 1) * dim);
    v.set(pad(embedder.embedOne(t)));
    return v;
  });
  const blocks = [
    queries.map((q) => topKSimilarities(vectors, q, k)),
    queries.map((q) => topKSimilarities(vectors, q, k, isProvenRow)),
    shapeDims > 0 ? textQueries.map((q) => topKSimilarities(vectors, q, k, isProvenRow)) : undefined,
  ];
  blocks.forEach((block, b) => (block ?? blocks[1])?.forEach((t, i) => all.set(t, truthAt(b) + i * k)));
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(file, Buffer.from(all.buffer));
  return corpus(all, vectors, false);
}
