// String helpers. Replace every TODO so the tests pass.

/** Lowercase, accent-free, dash-separated form of text. */
export function slugify(text) {
  // TODO: implement (hint: String.prototype.normalize("NFD"))
  throw new Error("TODO: slugify");
}

/** Words of text in reverse order, single-spaced. */
export function reverseWords(text) {
  // TODO: implement
  throw new Error("TODO: reverseWords");
}

/** True when the letters and digits of text read the same both ways, ignoring case. */
export function isPalindrome(text) {
  // TODO: implement
  throw new Error("TODO: isPalindrome");
}

/** text cut to at most max characters, ending with "…" when cut. */
export function truncate(text, max) {
  // TODO: implement, RangeError when max < 1
  throw new Error("TODO: truncate");
}
