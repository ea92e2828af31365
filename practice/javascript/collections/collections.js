// Array helpers. Replace every TODO so the tests pass. Never mutate the input array.

/** Splits items into arrays of `size` items; the last one may be shorter. */
export function chunk(items, size) {
  // TODO: implement, RangeError unless size is an integer >= 1
  throw new Error("TODO: chunk");
}

/** Plain object from String(keyOf(item)) to the items with that key, in input order. */
export function groupBy(items, keyOf) {
  // TODO: implement
  throw new Error("TODO: groupBy");
}

/** First item for each distinct keyOf(item), in input order. */
export function uniqueBy(items, keyOf) {
  // TODO: implement
  throw new Error("TODO: uniqueBy");
}

/** [items matching predicate(item, index), the other items]. */
export function partition(items, predicate) {
  // TODO: implement
  throw new Error("TODO: partition");
}
