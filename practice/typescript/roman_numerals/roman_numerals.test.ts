import { test } from "node:test";
import assert from "node:assert/strict";
import { fromRoman, toRoman } from "./roman_numerals";

const KNOWN: Array<[number, string]> = [
  [1, "I"],
  [4, "IV"],
  [9, "IX"],
  [14, "XIV"],
  [40, "XL"],
  [90, "XC"],
  [400, "CD"],
  [1994, "MCMXCIV"],
  [2024, "MMXXIV"],
  [3999, "MMMCMXCIX"],
];

test("toRoman converts known values", () => {
  for (const [value, numeral] of KNOWN) assert.equal(toRoman(value), numeral, String(value));
});

test("toRoman rejects values outside 1..3999 and fractions", () => {
  for (const bad of [0, -1, 4000, 2.5, Number.NaN]) {
    assert.throws(() => toRoman(bad), RangeError, String(bad));
  }
});

test("fromRoman converts known numerals", () => {
  for (const [value, numeral] of KNOWN) assert.equal(fromRoman(numeral), value, numeral);
});

test("fromRoman is case-insensitive", () => {
  assert.equal(fromRoman("xiv"), 14);
  assert.equal(fromRoman("mCmXcIv"), 1994);
});

test("fromRoman rejects non-canonical and malformed numerals", () => {
  for (const bad of ["", "IIII", "VV", "IC", "IL", "MMMM", "XIVX", "ABC", "I V"]) {
    assert.throws(() => fromRoman(bad), SyntaxError, JSON.stringify(bad));
  }
});

test("every value survives a round trip", () => {
  for (let n = 1; n <= 3999; n++) {
    assert.equal(fromRoman(toRoman(n)), n);
  }
});
