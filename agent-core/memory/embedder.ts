/**
 * Text embedders for failure memory: an offline feature-hashing embedder (default) and a wrapper around a
 * provider's embedding endpoint.
 */
import { normaliseFailure } from "./signature";

/** Turns texts into vectors of a fixed dimension. Vectors from different embedders must never be compared. */
export interface Embedder {
  /** Stable id, part of the storage table name (e.g. "hash-v1", "openai:text-embedding-3-small"). */
  readonly name: string;
  /** Vector length; 0 for a remote embedder until its first answer. */
  readonly dim: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units of `text[start, end)`, seeded so that feature kinds land apart. */
function fnv1a(text: string, start: number, end: number, seed: number): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  // Final avalanche (murmur3 fmix32): FNV's low bits are weak and we take a modulus of them.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEED_WORD = 0x9e3779b9;
const SEED_BIGRAM = 0x7f4a7c15;
const SEED_TRIGRAM = 0x1b873593;
const SEED_COMPOUND = 0x5bd1e995;

/** Weights per feature kind: whole words dominate, char 3-grams give partial credit for near-identical names. */
export interface HashingWeights {
  word: number;
  compound: number;
  bigram: number;
  trigram: number;
}

const DEFAULT_WEIGHTS: HashingWeights = { word: 1, compound: 0.6, bigram: 0.8, trigram: 0.25 };
const MAX_CHARS = 4000;
// Masked placeholders carry no meaning of their own; they still separate bigrams.
const PLACEHOLDERS = new Set(["n", "path", "hex", "uuid", "time", "dur", "str"]);
const TOKEN = /[A-Za-z0-9_$]+/g;

/** Split `parseHTTPResponse_v2` into `parse http response v2`. */
function splitIdentifier(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[_$\s]+/)
    .filter((part) => part.length > 0);
}

/**
 * Offline, deterministic, code-aware embedder using signed feature hashing: masks volatile parts, splits
 * camelCase/snake_case, hashes word unigrams + bigrams + char 3-grams into `dim` buckets with a hash-derived
 * sign (so collisions cancel instead of piling up), then L2-normalises.
 */
export class HashingEmbedder implements Embedder {
  readonly name: string;
  readonly dim: number;
  private readonly weights: HashingWeights;

  constructor(options: { dim?: number; weights?: Partial<HashingWeights> } = {}) {
    this.dim = options.dim ?? 384;
    if (!Number.isInteger(this.dim) || this.dim < 8) throw new Error(`HashingEmbedder: dim must be an integer >= 8, got ${options.dim}`);
    this.weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    // Changing dim or weights changes the vectors, so it must change the name (and with it the table).
    const custom = options.weights !== undefined || this.dim !== 384;
    this.name = custom ? `hash-v1-${this.dim}-${shortWeights(this.weights)}` : "hash-v1";
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    return texts.map((text) => this.embedOne(text));
  }

  /** Synchronous form, for callers that embed in a hot loop. */
  embedOne(text: string): Float32Array {
    const vec = new Float32Array(this.dim);
    const words: string[] = [];
    for (const match of normaliseFailure(text.slice(0, MAX_CHARS)).matchAll(TOKEN)) {
      const raw = match[0];
      const parts = splitIdentifier(raw);
      if (parts.length > 1) this.addFeature(vec, raw.toLowerCase(), SEED_COMPOUND, this.weights.compound);
      for (const part of parts) words.push(part);
    }
    let previous = "";
    for (const word of words) {
      if (PLACEHOLDERS.has(word)) {
        previous = "";
        continue;
      }
      this.addFeature(vec, word, SEED_WORD, this.weights.word);
      if (previous) this.addFeature(vec, `${previous} ${word}`, SEED_BIGRAM, this.weights.bigram);
      previous = word;
      if (word.length >= 3) {
        const padded = ` ${word} `;
        for (let i = 0; i + 3 <= padded.length; i++) this.addRange(vec, padded, i, i + 3, SEED_TRIGRAM, this.weights.trigram);
      }
    }
    return l2Normalise(vec);
  }

  private addFeature(vec: Float32Array, feature: string, seed: number, weight: number): void {
    this.addRange(vec, feature, 0, feature.length, seed, weight);
  }

  private addRange(vec: Float32Array, text: string, start: number, end: number, seed: number, weight: number): void {
    const h = fnv1a(text, start, end, seed);
    const index = h % this.dim;
    // The top bit is independent of the bucket for non-power-of-two dims after fmix32.
    vec[index] += h & 0x80000000 ? -weight : weight;
  }
}

function shortWeights(w: HashingWeights): string {
  return [w.word, w.compound, w.bigram, w.trigram].map((x) => String(x)).join("_");
}

/** Scale in place to unit length; an all-zero vector stays zero. */
export function l2Normalise(vec: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vec.length; i++) sum += vec[i] * vec[i];
  if (sum === 0) return vec;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < vec.length; i++) vec[i] *= inv;
  return vec;
}

/** Cosine similarity; 0 when either vector is zero or the lengths differ. */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** A provider's embedding call: one vector per input text, in order. */
export type EmbedFunction = (texts: string[], signal?: AbortSignal) => Promise<number[][]>;

/**
 * Wraps a provider's embedding endpoint. The dimension is learned from the first answer; later answers of
 * another length are rejected, since they would silently corrupt the table.
 */
export class RemoteEmbedder implements Embedder {
  readonly name: string;
  private discoveredDim = 0;

  constructor(name: string, private readonly embedFn: EmbedFunction, options: { dim?: number } = {}) {
    if (!name.trim()) throw new Error("RemoteEmbedder: name must be non-empty, e.g. \"openai:text-embedding-3-small\"");
    this.name = name;
    this.discoveredDim = options.dim ?? 0;
  }

  get dim(): number {
    return this.discoveredDim;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const answer = await this.embedFn(texts, signal);
    if (!Array.isArray(answer) || answer.length !== texts.length) {
      throw new Error(`${this.name}: expected ${texts.length} embeddings, got ${Array.isArray(answer) ? answer.length : typeof answer}`);
    }
    return answer.map((row, i) => {
      if (!Array.isArray(row) || row.length === 0 || row.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
        throw new Error(`${this.name}: embedding ${i} is not a non-empty array of finite numbers`);
      }
      if (this.discoveredDim === 0) this.discoveredDim = row.length;
      if (row.length !== this.discoveredDim) {
        throw new Error(`${this.name}: embedding ${i} has ${row.length} dimensions, expected ${this.discoveredDim}`);
      }
      return l2Normalise(Float32Array.from(row));
    });
  }
}
