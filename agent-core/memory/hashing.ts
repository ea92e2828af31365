/**
 * Signed feature hashing, the arithmetic under HashingEmbedder: features (words, bigrams, char 3-grams,
 * symptom phrases) are hashed into a fixed number of buckets with a hash-derived sign, so collisions cancel
 * instead of piling up.
 */
import { normaliseFailure } from "./signature";

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

/** Hash seeds, one per feature kind; changing one changes every stored vector. */
export const SEEDS = {
  word: 0x9e3779b9,
  bigram: 0x7f4a7c15,
  trigram: 0x1b873593,
  compound: 0x5bd1e995,
  symptom: 0x27d4eb2f,
  errorType: 0x165667b1,
  testName: 0x4cf5ad43,
  editShape: 0x3c6ef372,
} as const;

/** Add `weight` (signed by the hash) to the bucket of `text[start, end)`. */
export function addHashed(
  vec: Float32Array,
  text: string,
  seed: number,
  weight: number,
  start = 0,
  end = text.length,
): void {
  const h = fnv1a(text, start, end, seed);
  // The top bit is independent of the bucket for non-power-of-two dims after fmix32.
  vec[h % vec.length] += h & 0x80000000 ? -weight : weight;
}

/** Weights of the bulk text features: whole words dominate, char 3-grams give credit for near-identical names. */
const WEIGHT = { word: 1, compound: 0.6, bigram: 0.8, trigram: 0.25 };

const TOKEN = /[A-Za-z0-9_$]+/g;
// Masked placeholders carry no meaning of their own; they still separate bigrams.
const PLACEHOLDERS = new Set(["n", "path", "hex", "uuid", "time", "dur", "str"]);

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
export function addTextFeatures(vec: Float32Array, text: string): void {
  const words: string[] = [];
  for (const match of normaliseFailure(text).matchAll(TOKEN)) {
    const raw = match[0];
    const parts = splitIdentifier(raw);
    if (parts.length > 1) addHashed(vec, raw.toLowerCase(), SEEDS.compound, WEIGHT.compound);
    for (const part of parts) words.push(part);
  }
  let previous = "";
  for (const word of words) {
    if (PLACEHOLDERS.has(word)) {
      previous = "";
      continue;
    }
    addHashed(vec, word, SEEDS.word, WEIGHT.word);
    if (previous) addHashed(vec, `${previous} ${word}`, SEEDS.bigram, WEIGHT.bigram);
    previous = word;
    if (word.length >= 3) {
      const padded = ` ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) addHashed(vec, padded, SEEDS.trigram, WEIGHT.trigram, i, i + 3);
    }
  }
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

/** `target += weight · unit(part)`; a zero part adds nothing. */
export function addNormalised(target: Float32Array, part: Float32Array, weight: number): void {
  let sum = 0;
  for (let i = 0; i < part.length; i++) sum += part[i] * part[i];
  if (sum === 0 || weight === 0) return;
  const scale = weight / Math.sqrt(sum);
  for (let i = 0; i < part.length; i++) target[i] += part[i] * scale;
}
