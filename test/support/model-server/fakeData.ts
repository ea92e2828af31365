/** Deterministic stand-ins for what a real model computes: token counts and embeddings. */

/** Rough token count used by the server when a step gives none: ceil(chars / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Splits text into small pieces so streams carry several chunks. Empty text gives no pieces. */
export function splitIntoChunks(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

/** FNV-1a 32-bit hash; stable across runs and platforms. */
function fnv1a(text: string, seed: number): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A unit-length vector derived only from the text, so equal inputs embed identically. */
export function deterministicEmbedding(text: string, dim: number): number[] {
  const raw = Array.from({ length: dim }, (_, i) => (fnv1a(text, i) / 0xffffffff) * 2 - 1);
  const norm = Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0)) || 1;
  return raw.map((v) => v / norm);
}
