/**
 * The layout of a stored memory vector: the failure as the embedder sees it, followed by the shape of the
 * fix that turned it green (editShape.ts). Both parts are unit vectors; the fix part is weighted and the
 * whole is L2-normalised, so one cosine search compares failures and fixes at once:
 *
 *   stored  = [failure, W·fix]   / √(1 + W²)   (proven fix)      or [failure, 0] (no fix yet)
 *   query   = [failure, W·undo]  / √(1 + W²)   (the developer's uncommitted change, undone)
 *           = [failure, 0]                      (no change known)
 *
 * Without a change the cosine against a proven record is failure·failure / √(1 + W²), so it is scaled back
 * to the failure similarity (`similarity`). The fix part is computed from stored text, so a record can be
 * given (or re-given) its fix part at any time without calling the embedder again.
 */

import { type EditPair, editShapeFeatures, fixEdits, undoEdits } from "./editShape";
import { addAll, dot, type Embedder, l2Normalise, SEEDS } from "./embedder";

/** Dimensions of the fix part. 128 lost precision to hash collisions on the labeled set; 256 did not. */
export const EDIT_DIM = 256;
/** Weight of the fix part against the failure part (both unit length). */
export const EDIT_WEIGHT = 2;
const SCALE = Math.sqrt(1 + EDIT_WEIGHT * EDIT_WEIGHT);

/** Stored vector space of `embedderName` (names its table); the suffix versions layout and edit-shape features. */
export function storedSpaceName(embedderName: string): string {
  return `${embedderName}+edit-v1`;
}

/** Unit vector of the shape of `edits`; a fix without a readable shape still gets one (fixed) feature. */
export function editVector(edits: readonly EditPair[]): Float32Array {
  const vec = new Float32Array(EDIT_DIM);
  const features = editShapeFeatures(edits);
  if (features.size === 0) features.set("shape:unknown", 1);
  addAll(vec, features, SEEDS.editShape);
  return l2Normalise(vec);
}

/** Builds and reads stored vectors for one embedder. */
export class VectorLayout {
  readonly name: string;
  readonly dim: number;

  constructor(
    readonly embedder: Embedder,
    /** The embedder's dimension (known once a remote embedder has answered once). */
    readonly failureDim: number,
  ) {
    this.name = storedSpaceName(embedder.name);
    this.dim = failureDim + EDIT_DIM;
  }

  /** `[failure, W·edit]`, normalised; without an edit the failure part alone. */
  compose(failure: Float32Array, edit?: Float32Array): Float32Array {
    if (failure.length !== this.failureDim)
      throw new Error(`memory: ${this.embedder.name} gave ${failure.length} dimensions, expected ${this.failureDim}`);
    const out = new Float32Array(this.dim);
    out.set(failure);
    if (edit) for (let i = 0; i < EDIT_DIM; i++) out[this.failureDim + i] = EDIT_WEIGHT * edit[i];
    return l2Normalise(out);
  }

  /** Stored vectors for new failures (no fix yet): one embedder call for all. */
  async failureVectors(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    return (await this.embedder.embed(texts, signal)).map((v) => this.compose(v));
  }

  /** The query for a failure, with the undone `recentChange` as its edit part (`edit`) when there is one. */
  async queryVector(
    text: string,
    recentChange?: string,
    signal?: AbortSignal,
  ): Promise<{ vector: Float32Array; edit?: Float32Array }> {
    const [failure] = await this.embedder.embed([text], signal);
    const edits = recentChange ? undoEdits(recentChange) : [];
    const edit = edits.length ? editVector(edits) : undefined;
    return { vector: this.compose(failure, edit), edit };
  }

  /** A stored vector with its fix part replaced by `fix`'s shape (the failure part is kept as it is). */
  withFix(stored: Float32Array, fix: string): Float32Array {
    return this.compose(this.failurePart(stored), editVector(fixEdits(fix)));
  }

  /** The failure part of a stored vector, unit length. */
  failurePart(stored: Float32Array): Float32Array {
    return l2Normalise(stored.slice(0, this.failureDim));
  }

  /**
   * The similarity to report for a search hit: the cosine itself when the query had an edit part, else the
   * failure similarity (the cosine scaled back when the record has a fix part, i.e. a proven fix).
   */
  similarity(cosine: number, queryHasEdit: boolean, recordHasFix: boolean): number {
    return queryHasEdit || !recordHasFix ? cosine : Math.max(-1, Math.min(1, cosine * SCALE));
  }

  /** How much `fix` looks like undoing the change behind `queryEdit` (cosine of the two shapes). */
  editSimilarity(queryEdit: Float32Array, fix: string): number {
    const fixShape = editVector(fixEdits(fix));
    return dot(queryEdit, fixShape);
  }
}
