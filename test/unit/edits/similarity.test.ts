import assert from "node:assert/strict";
import {
  boundedLevenshtein,
  histograms,
  lineSimilarity,
  similarityUpperBound,
} from "../../../agent-core/edits/similarity";

function plainLevenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

describe("line similarity", () => {
  let seed = 11;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const word = () => Array.from({ length: rand(14) }, () => "abcx( )"[rand(7)]).join("");

  it("banded Levenshtein equals the plain one within the bound and exceeds it otherwise", () => {
    for (let t = 0; t < 3000; t++) {
      const a = word();
      const b = rand(2) ? word() : a.slice(0, rand(a.length + 1)) + word().slice(0, 2) + a.slice(rand(a.length + 1));
      const exact = plainLevenshtein(a, b);
      const k = rand(10);
      const got = boundedLevenshtein(a, b, k);
      if (exact <= k) assert.equal(got, exact, `${JSON.stringify(a)} ${JSON.stringify(b)} k=${k}`);
      else assert.ok(got > k, `${JSON.stringify(a)} ${JSON.stringify(b)} k=${k}: ${got}`);
    }
  });

  it("the histogram bound never underestimates similarity", () => {
    for (let t = 0; t < 2000; t++) {
      const a = word();
      const b = word();
      const h = histograms([a, b]);
      const bound = similarityUpperBound(h, 0, a.length, h, 1, b.length);
      assert.ok(bound + 1e-12 >= lineSimilarity(a, b), `${a} / ${b}`);
    }
  });

  it("scores identical, empty and one-sided lines", () => {
    assert.equal(lineSimilarity("return x;", "return x;"), 1);
    assert.equal(lineSimilarity("", ""), 1);
    assert.equal(lineSimilarity("", "x"), 0);
    assert.equal(lineSimilarity("return a;", "return b;"), 1 - 1 / 9);
  });
});
