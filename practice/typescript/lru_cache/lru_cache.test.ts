import { test } from "node:test";
import assert from "node:assert/strict";
import { LRUCache } from "./lru_cache";

test("stores and returns values", () => {
  const cache = new LRUCache<string, number>(2);
  assert.equal(cache.set("a", 1), cache);
  assert.equal(cache.get("a"), 1);
  assert.equal(cache.get("missing"), undefined);
  assert.equal(cache.size, 1);
});

test("evicts the least recently used entry", () => {
  const cache = new LRUCache<string, number>(2);
  cache.set("a", 1).set("b", 2).set("c", 3);
  assert.equal(cache.has("a"), false);
  assert.deepEqual(cache.keys(), ["c", "b"]);
  assert.equal(cache.size, 2);
});

test("get refreshes recency", () => {
  const cache = new LRUCache<string, number>(2);
  cache.set("a", 1).set("b", 2);
  cache.get("a");
  cache.set("c", 3);
  assert.deepEqual(cache.keys(), ["c", "a"]);
});

test("peek and has do not refresh recency", () => {
  const cache = new LRUCache<string, number>(2);
  cache.set("a", 1).set("b", 2);
  assert.equal(cache.peek("a"), 1);
  assert.equal(cache.has("a"), true);
  cache.set("c", 3);
  assert.equal(cache.has("a"), false);
});

test("updating a key refreshes it without evicting", () => {
  const evicted: string[] = [];
  const cache = new LRUCache<string, number>(2, (key) => evicted.push(key));
  cache.set("a", 1).set("b", 2).set("a", 10);
  assert.deepEqual(evicted, []);
  assert.deepEqual(cache.keys(), ["a", "b"]);
  assert.equal(cache.get("a"), 10);
  cache.set("c", 3);
  assert.deepEqual(evicted, ["b"]);
});

test("onEvict receives the evicted key and value", () => {
  const evicted: Array<[number, string]> = [];
  const cache = new LRUCache<number, string>(1, (key, value) => evicted.push([key, value]));
  cache.set(1, "one").set(2, "two").set(3, "three");
  assert.deepEqual(evicted, [
    [1, "one"],
    [2, "two"],
  ]);
});

test("delete and clear remove entries without calling onEvict", () => {
  let evictions = 0;
  const cache = new LRUCache<string, number>(3, () => evictions++);
  cache.set("a", 1).set("b", 2).set("c", 3);
  assert.equal(cache.delete("b"), true);
  assert.equal(cache.delete("b"), false);
  assert.deepEqual(cache.keys(), ["c", "a"]);
  cache.clear();
  assert.equal(cache.size, 0);
  assert.deepEqual(cache.keys(), []);
  assert.equal(evictions, 0);
});

test("undefined is a value, not a missing key", () => {
  const cache = new LRUCache<string, number | undefined>(2);
  cache.set("u", undefined);
  assert.equal(cache.has("u"), true);
  assert.equal(cache.size, 1);
});

test("object keys are compared by identity", () => {
  const cache = new LRUCache<object, string>(2);
  const key = {};
  cache.set(key, "found");
  assert.equal(cache.get(key), "found");
  assert.equal(cache.get({}), undefined);
});

test("invalid capacities are rejected", () => {
  for (const capacity of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => new LRUCache(capacity), RangeError, String(capacity));
  }
});
