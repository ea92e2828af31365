import { test } from "node:test";
import assert from "node:assert/strict";
import { chunk, groupBy, partition, uniqueBy } from "./collections.js";

test("chunk splits into equal slices with a shorter tail", () => {
  assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(chunk([1, 2, 3], 3), [[1, 2, 3]]);
  assert.deepEqual(chunk([], 4), []);
});

test("chunk rejects sizes that are not positive integers", () => {
  for (const size of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => chunk([1, 2], size), RangeError, `size ${size}`);
  }
});

test("groupBy groups in input order with string keys", () => {
  const words = ["apple", "avocado", "banana", "blueberry", "cherry"];
  assert.deepEqual(groupBy(words, (w) => w[0]), {
    a: ["apple", "avocado"],
    b: ["banana", "blueberry"],
    c: ["cherry"],
  });
  assert.deepEqual(groupBy([1, 2, 3, 4], (n) => n % 2 === 0), { false: [1, 3], true: [2, 4] });
});

test("groupBy handles keys that exist on Object.prototype", () => {
  const grouped = groupBy(["a", "b"], () => "constructor");
  assert.deepEqual(grouped.constructor, ["a", "b"]);
});

test("uniqueBy keeps the first item per key", () => {
  const people = [
    { id: 1, name: "ada" },
    { id: 2, name: "bob" },
    { id: 1, name: "ada again" },
  ];
  assert.deepEqual(uniqueBy(people, (p) => p.id), [people[0], people[1]]);
});

test("uniqueBy treats NaN keys as equal", () => {
  assert.deepEqual(uniqueBy([Number.NaN, 1, Number.NaN], (x) => x).length, 2);
});

test("partition splits by predicate and passes the index", () => {
  assert.deepEqual(partition([1, 2, 3, 4, 5], (n) => n > 2), [[3, 4, 5], [1, 2]]);
  assert.deepEqual(partition(["a", "b", "c"], (_, i) => i % 2 === 0), [["a", "c"], ["b"]]);
});

test("no helper mutates its input", () => {
  const input = [3, 1, 2, 1];
  const copy = [...input];
  chunk(input, 2);
  groupBy(input, (n) => n);
  uniqueBy(input, (n) => n);
  partition(input, (n) => n > 1);
  assert.deepEqual(input, copy);
});
