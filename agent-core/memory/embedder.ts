/**
 * Text embedders for failure memory: an offline feature-hashing embedder (default) and a wrapper around a
 * provider's embedding endpoint.
 */

import { stripAnsi } from "../testing/cappedOutput";
import { addHashed, addNormalised, addTextFeatures, l2Normalise, SEEDS } from "./hashing";
import { errorTypes, symptomFeatures, testNameWords } from "./symptoms";
import { splitEmbeddingText } from "./text";

/** Turns texts into vectors of a fixed dimension. Vectors from different embedders must never be compared. */
export interface Embedder {
  /** Stable id, part of the storage table name (e.g. "hash-v2", "openai:text-embedding-3-small"). */
  readonly name: string;
  /** Vector length; 0 for a remote embedder until its first answer. */
  readonly dim: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** Shares of the feature groups in a HashingEmbedder vector (the bulk text features are weighted inside their group). */
const WEIGHTS = { text: 0.5, symptom: 1, errorType: 0.5, testName: 0.4 };
const MAX_CHARS = 4000;

/**
 * Offline, deterministic, code-aware embedder using signed feature hashing (see hashing.ts), `hash-v2`: the
 * masked failure text plus three groups, each L2-normalised and weighted on its own so none drowns the others:
 * symptom features (how actual relates to expected, see symptoms.ts), the error type names, and the words of
 * the test name (from a `[test] <id>` first line, see `embeddingText`).
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
    const { test, body: fullBody } = splitEmbeddingText(text);
    const body = stripAnsi(fullBody.slice(0, MAX_CHARS));
    const hashed = (part: Float32Array, features: Iterable<[string, number]>, seed: number) => {
      for (const [feature, weight] of features) addHashed(part, feature, seed, weight);
    };
    const ones = (words: string[]) => words.map((word): [string, number] => [word, 1]);
    const groups: Array<[weight: number, fill: (part: Float32Array) => void]> = [
      [WEIGHTS.text, (part) => addTextFeatures(part, body)],
      [WEIGHTS.symptom, (part) => hashed(part, symptomFeatures(body), SEEDS.symptom)],
      [WEIGHTS.errorType, (part) => hashed(part, ones(errorTypes(body)), SEEDS.errorType)],
      [WEIGHTS.testName, (part) => hashed(part, ones(testNameWords(test.slice(0, 500))), SEEDS.testName)],
    ];
    const out = new Float32Array(this.dim);
    for (const [weight, fill] of groups) {
      const part = new Float32Array(this.dim);
      fill(part);
      addNormalised(out, part, weight);
    }
    return l2Normalise(out);
  }
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

  constructor(
    name: string,
    private readonly embedFn: EmbedFunction,
    options: { dim?: number } = {},
  ) {
    if (!name.trim()) throw new Error('RemoteEmbedder: name must be non-empty, e.g. "openai:text-embedding-3-small"');
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
      throw new Error(
        `${this.name}: expected ${texts.length} embeddings, got ${Array.isArray(answer) ? answer.length : typeof answer}`,
      );
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
