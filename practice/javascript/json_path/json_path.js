// Read and write nested values by path. Replace every TODO so the tests pass.

/**
 * Splits a path such as `a.b[0]["x.y"]` into segments: ["a", "b", 0, "x.y"].
 * Throws SyntaxError for malformed paths.
 */
export function parsePath(path) {
  // TODO: scan the string character by character
  throw new Error("TODO: parsePath");
}

/** Value at path (string or segment array), or fallback when any step is missing. */
export function get(data, path, fallback) {
  // TODO: implement (own properties only)
  throw new Error("TODO: get");
}

/** Writes value at path, creating arrays/objects as needed; returns data. */
export function set(data, path, value) {
  // TODO: implement
  throw new Error("TODO: set");
}
