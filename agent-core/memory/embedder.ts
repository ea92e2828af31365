/**
 * Text embedders for failure memory: an offline feature-hashing embedder (default) and a wrapper around a
 * provider's embedding endpoint. Signed feature hashing: features (words, bigrams, char 3-grams, symptom
 * phrases) are hashed into a fixed number of buckets with a hash-derived sign, so collisions cancel instead
 * of piling up.
 */
import { stripAnsi } from "../testing/cappedOutput";
import { errorTypes, symptomFeatures, testNameWords } from "./symptoms";
import { normaliseFailure, splitEmbeddingText } from "./text";

/** Turns texts into vectors of a fixed dimension. Vectors from different embedders must never be compared. */
export interface Embedder {
  /** Stable id, part of the storage table name (e.g. "hash-v2", "openai:text-embedding-3-small"). */
  readonly name: string;
  /** Vector length; 0 for a remote embedder until its first answer. */
  readonly dim: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** Hash seeds, one per feature kind; changing one changes every stored vector. */
export const SEEDS = {
  ...{ word: 0x9e3779b9, bigram: 0x7f4a7c15, trigram: 0x1b873593, compound: 0x5bd1e995 },
  ...{ symptom: 0x27d4eb2f, errorType: 0x165667b1, testName: 0x4cf5ad43, editShape: 0x3c6ef372 },
} as const;

/** Shares of the feature groups in a HashingEmbedder vector (text features are weighted inside their group). */
const WEIGHTS = { text: 0.5, symptom: 1, errorType: 0.5, testName: 0.4 };
/** Weights of the bulk text features: whole words dominate, char 3-grams give credit for near-identical names. */
const TEXT_WEIGHTS = { word: 1, compound: 0.6, bigram: 0.8, trigram: 0.25 };
const MAX_CHARS = 4000;
const TOKEN = /[A-Za-z0-9_$]+/g;
// Masked placeholders carry no meaning of their own; they still separate bigrams.
const PLACEHOLDERS = new Set(["n", "path", "hex", "uuid", "time", "dur", "str"]);

/**
 * Offline, deterministic, code-aware embedder, `hash-v2`: the masked failure text plus three groups, each
 * L2-normalised and weighted on its own so none drowns the others: symptom features (how actual relates to
 * expected, see symptoms.ts), the error type names, and the words of the test name (from a `[test] <id>` first
 * line, see `embeddingText`).
 */
export class HashingEmbedder implements Embedder {
  readonly name: string = "hash-v2";
  readonly dim: number = 384;

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    return texts.map((text) => this.embedOne(text));
  }

  /** Synchronous form, for callers that embed in a hot loop. */
  embedOne(text: string): Float32Array {
    const { test, body } = splitEmbeddingText(text);
    const failure = stripAnsi(body.slice(0, MAX_CHARS));
    const out = new Float32Array(this.dim);
    const group = (weight: number, fill: (part: Float32Array) => void) => {
      const part = new Float32Array(this.dim);
      fill(part);
      addNormalised(out, part, weight);
    };
    const ones = (words: string[]) => words.map((word): [string, number] => [word, 1]);
    group(WEIGHTS.text, (part) => addTextFeatures(part, failure));
    group(WEIGHTS.symptom, (part) => addAll(part, symptomFeatures(failure), SEEDS.symptom));
    group(WEIGHTS.errorType, (part) => addAll(part, ones(errorTypes(failure)), SEEDS.errorType));
    group(WEIGHTS.testName, (part) => addAll(part, ones(testNameWords(test.slice(0, 500))), SEEDS.testName));
    return l2Normalise(out);
  }
}

/** A provider's embedding call: one vector per input text, in order. */
export type EmbedFunction = (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

/**
 * Wraps a provider's embedding endpoint. The dimension is learned from the first answer; later answers of
 * another length are rejected, since they would silently corrupt the table.
 */
export class RemoteEmbedder implements Embedder {
  dim = 0;

  constructor(
    readonly name: string,
    private readonly embedFn: EmbedFunction,
  ) {
    if (!name.trim()) throw new Error('RemoteEmbedder: name must be non-empty, e.g. "openai:text-embedding-3-small"');
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const answer = await this.embedFn(texts, signal);
    if (!Array.isArray(answer) || answer.length !== texts.length) {
      const got = Array.isArray(answer) ? answer.length : typeof answer;
      throw new Error(`${this.name}: expected ${texts.length} embeddings, got ${got}`);
    }
    return answer.map((row, i) => {
      if (!Array.isArray(row) || row.length === 0 || row.some((x) => typeof x !== "number" || !Number.isFinite(x)))
        throw new Error(`${this.name}: embedding ${i} is not a non-empty array of finite numbers`);
      this.dim ||= row.length;
      if (row.length !== this.dim)
        throw new Error(`${this.name}: embedding ${i} has ${row.length} dimensions, expected ${this.dim}`);
      return l2Normalise(Float32Array.from(row));
    });
  }
}

/** Cosine similarity; 0 when either vector is zero or the lengths differ. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  const [na, nb] = [dot(a, a), dot(b, b)];
  return na === 0 || nb === 0 ? 0 : dot(a, b) / Math.sqrt(na * nb);
}

/** Sum of `a[i] · b[i]` over `a` (`b` at least as long). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** FNV-1a over UTF-16 code units of `text[start, end)`, seeded so that feature kinds land apart. */
function fnv1a(text: string, start: number, end: number, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  // Final avalanche (murmur3 fmix32): FNV's low bits are weak and we take a modulus of them.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Add `weight` (signed by the hash) to the bucket of `text[start, end)`. */
export function addHashed(vec: Float32Array, text: string, seed: number, weight: number, start = 0, end = text.length) {
  const h = fnv1a(text, start, end, seed);
  // The top bit is independent of the bucket for non-power-of-two dims after fmix32.
  vec[h % vec.length] += h & 0x80000000 ? -weight : weight;
}

/** Add every weighted feature with `seed`. */
export function addAll(vec: Float32Array, features: Iterable<[string, number]>, seed: number): void {
  for (const [feature, weight] of features) addHashed(vec, feature, seed, weight);
}

/** Split `parseHTTPResponse_v2` into `parse http response v2`. */
export function splitIdentifier(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[_$\s]+/)
    .filter((part) => part.length > 0);
}

/**
 * Hash the bulk text of a failure into `vec`: volatile parts masked, identifiers split, word unigrams,
 * compound identifiers, word bigrams and char 3-grams.
 */
function addTextFeatures(vec: Float32Array, text: string): void {
  const words: string[] = [];
  for (const [raw] of normaliseFailure(text).matchAll(TOKEN)) {
    const parts = splitIdentifier(raw);
    if (parts.length > 1) addHashed(vec, raw.toLowerCase(), SEEDS.compound, TEXT_WEIGHTS.compound);
    words.push(...parts);
  }
  let previous = "";
  for (const word of words) {
    if (PLACEHOLDERS.has(word)) {
      previous = "";
      continue;
    }
    addHashed(vec, word, SEEDS.word, TEXT_WEIGHTS.word);
    if (previous) addHashed(vec, `${previous} ${word}`, SEEDS.bigram, TEXT_WEIGHTS.bigram);
    previous = word;
    const padded = ` ${word} `;
    if (word.length >= 3)
      for (let i = 0; i + 3 <= padded.length; i++)
        addHashed(vec, padded, SEEDS.trigram, TEXT_WEIGHTS.trigram, i, i + 3);
  }
}

/** Scale in place to unit length; an all-zero vector stays zero. */
export function l2Normalise(vec: Float32Array): Float32Array {
  const sum = dot(vec, vec);
  const inv = sum === 0 ? 1 : 1 / Math.sqrt(sum);
  for (let i = 0; i < vec.length; i++) vec[i] *= inv;
  return vec;
}

/** `target += weight · unit(part)`; a zero part adds nothing. */
function addNormalised(target: Float32Array, part: Float32Array, weight: number): void {
  const sum = dot(part, part);
  if (sum === 0 || weight === 0) return;
  const scale = weight / Math.sqrt(sum);
  for (let i = 0; i < part.length; i++) target[i] += part[i] * scale;
}
