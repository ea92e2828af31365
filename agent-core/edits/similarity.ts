/** Line similarity for the fuzzy tier: Levenshtein ratio, banded and cut off so hopeless pairs stop early. */

/**
 * Edit distance between a and b, or maxDist + 1 as soon as it is certain to exceed maxDist
 * (Ukkonen's band: only cells within maxDist of the diagonal are computed).
 */
export function boundedLevenshtein(a: string, b: string, maxDist: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > maxDist) return maxDist + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  const k = Math.min(maxDist, Math.max(la, lb));
  const big = k + 1;
  let prev = new Int32Array(lb + 2);
  let curr = new Int32Array(lb + 2);
  for (let j = 0; j <= lb + 1; j++) prev[j] = j <= k ? j : big;
  for (let i = 1; i <= la; i++) {
    const lo = Math.max(1, i - k);
    const hi = Math.min(lb, i + k);
    curr[lo - 1] = lo === 1 && i <= k ? i : big;
    let rowMin = curr[lo - 1];
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      let v = prev[j - 1] + cost;
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (curr[j - 1] + 1 < v) v = curr[j - 1] + 1;
      if (v > big) v = big;
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    curr[hi + 1] = big;
    if (rowMin > k) return k + 1;
    const t = prev;
    prev = curr;
    curr = t;
  }
  return Math.min(prev[lb], big);
}

/**
 * Similarity in [0, 1] of two already-trimmed lines. When the true similarity is below
 * 1 - allowedDeficit the result may be any value below that bound (cheap rejection).
 */
export function lineSimilarity(a: string, b: string, allowedDeficit = 1): number {
  if (a === b) return 1;
  const maxLen = Math.max(a.length, b.length);
  if (maxLen === 0) return 1;
  const maxDist = allowedDeficit >= 1 ? maxLen : Math.max(0, Math.floor(allowedDeficit * maxLen));
  const d = boundedLevenshtein(a, b, maxDist);
  return 1 - Math.min(d, maxLen) / maxLen;
}

/** Character histograms (folded into 64 bins) of many lines, for cheap similarity upper bounds. */
export const HISTOGRAM_BINS = 64;

export function histograms(lines: readonly string[]): Uint16Array {
  const h = new Uint16Array(lines.length * HISTOGRAM_BINS);
  lines.forEach((line, i) => {
    const base = i * HISTOGRAM_BINS;
    for (let k = 0; k < line.length; k++) {
      const bin = base + (line.charCodeAt(k) & (HISTOGRAM_BINS - 1));
      if (h[bin] < 0xffff) h[bin]++;
    }
  });
  return h;
}

/**
 * Upper bound of lineSimilarity from histograms: an edit fixes at most one surplus and one missing
 * character, so distance >= max(surplus, missing). Folding bins only lowers the bound's distance.
 */
export function similarityUpperBound(
  ha: Uint16Array,
  ia: number,
  lenA: number,
  hb: Uint16Array,
  ib: number,
  lenB: number,
): number {
  const maxLen = Math.max(lenA, lenB);
  if (maxLen === 0) return 1;
  let surplus = 0;
  let missing = 0;
  const oa = ia * HISTOGRAM_BINS;
  const ob = ib * HISTOGRAM_BINS;
  for (let k = 0; k < HISTOGRAM_BINS; k++) {
    const d = ha[oa + k] - hb[ob + k];
    if (d > 0) surplus += d;
    else missing -= d;
  }
  return 1 - Math.max(surplus, missing) / maxLen;
}
