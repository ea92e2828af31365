import { test } from "node:test";
import assert from "node:assert/strict";
import { isPalindrome, reverseWords, slugify, truncate } from "./string_utils.js";

test("slugify lowercases and joins words with dashes", () => {
  assert.equal(slugify("Hello, World!"), "hello-world");
  assert.equal(slugify("  Many   spaces --- here  "), "many-spaces-here");
});

test("slugify removes accents and keeps digits", () => {
  assert.equal(slugify("Crème Brûlée 2024"), "creme-brulee-2024");
});

test("slugify of punctuation only is empty", () => {
  assert.equal(slugify("?!…"), "");
});

test("reverseWords reverses word order and normalises spaces", () => {
  assert.equal(reverseWords("the quick  brown fox"), "fox brown quick the");
  assert.equal(reverseWords("  single  "), "single");
  assert.equal(reverseWords(""), "");
});

test("isPalindrome ignores case, spaces and punctuation", () => {
  assert.equal(isPalindrome("A man, a plan, a canal: Panama"), true);
  assert.equal(isPalindrome("No 'x' in Nixon"), true);
  assert.equal(isPalindrome("racecar1"), false);
});

test("isPalindrome of an empty string is true", () => {
  assert.equal(isPalindrome(""), true);
});

test("truncate leaves short text alone and cuts long text to exactly max", () => {
  assert.equal(truncate("short", 5), "short");
  assert.equal(truncate("hello world", 8), "hello w…");
  assert.equal(truncate("hello world", 8).length, 8);
});

test("truncate rejects max below 1", () => {
  assert.throws(() => truncate("abc", 0), RangeError);
});
