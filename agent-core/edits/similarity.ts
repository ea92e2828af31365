/** Line similarity for the fuzzy tier: Levenshtein ratio with a distance cutoff so hopeless pairs stop early. */

/**
 * Edit distance between a and b, or any value greater than maxDist as soon as it is certain
 * to exceed maxDist (the caller only needs to know "too far").
 */
export function boundedLevenshtein(a: string, b: string, maxDist: number): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > maxDist) return maxDist + 1;
  if (la === 0) return lb;
  if (lb === 0) return la;
  let prev = new Int32Array(lb + 1);
  let curr = new Int32Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    curr[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j] + 1, curr[j - 1] + 1, prev[j - 1] + cost);
      curr[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > maxDist) return maxDist + 1;
    const t = prev;
    prev = curr;
    curr = t;
  }
  return prev[lb];
}

/**
 * Similarity in [0, 1] of two already-trimmed lines. When the true similarity is below
 * 1 - allowedDeficit the result may be any value below that bound (cheap rejection).
 */
export function lineSimilarity(a: string, b: string, allowedDeficit = 1): number {
  if (a === b) return 1;
  const maxLen = Math.max(a.length, b.length);
  if (maxLen === 0) return 1;
  const maxDist = allowedDeficit >= 1 ? maxLen : Math.floor(allowedDeficit * maxLen);
  const d = boundedLevenshtein(a, b, maxDist);
  return 1 - Math.min(d, maxLen) / maxLen;
}
