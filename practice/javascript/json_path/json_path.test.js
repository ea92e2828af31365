import { test } from "node:test";
import assert from "node:assert/strict";
import { get, parsePath, set } from "./json_path.js";

const doc = {
  user: { name: "ada", tags: ["admin", "ops"], "e.mail": "ada@example.com" },
  items: [{ id: 1 }, { id: 2, nested: { ok: true, zero: 0, none: null } }],
};

test("parsePath splits names and indexes", () => {
  assert.deepEqual(parsePath("user.tags[1]"), ["user", "tags", 1]);
  assert.deepEqual(parsePath("[0][12].x"), [0, 12, "x"]);
  assert.deepEqual(parsePath(""), []);
});

test("parsePath reads quoted keys with escapes", () => {
  assert.deepEqual(parsePath('user["e.mail"]'), ["user", "e.mail"]);
  assert.deepEqual(parsePath('a["say \\"hi\\""].b'), ["a", 'say "hi"', "b"]);
});

test("parsePath rejects malformed paths", () => {
  for (const bad of ["a..b", ".a", "a.", "a[", "a[x]", "a[-1]", 'a["open', "a[1]b"]) {
    assert.throws(() => parsePath(bad), SyntaxError, bad);
  }
});

test("get reads nested values", () => {
  assert.equal(get(doc, "user.name"), "ada");
  assert.equal(get(doc, "items[1].nested.ok"), true);
  assert.equal(get(doc, 'user["e.mail"]'), "ada@example.com");
  assert.equal(get(doc, ["items", 0, "id"]), 1);
});

test("get returns falsy values instead of the fallback", () => {
  assert.equal(get(doc, "items[1].nested.zero", 42), 0);
  assert.equal(get(doc, "items[1].nested.none", 42), null);
});

test("get returns the fallback for missing steps", () => {
  assert.equal(get(doc, "user.age", "?"), "?");
  assert.equal(get(doc, "items[5].id", "?"), "?");
  assert.equal(get(doc, "items[1].nested.none.deeper", "?"), "?");
  assert.equal(get(doc, "user.name.length.x", "?"), "?");
  assert.equal(get(doc, "user.missing"), undefined);
});

test("get ignores inherited properties", () => {
  assert.equal(get({}, "constructor", "none"), "none");
  assert.equal(get({ a: {} }, "a.toString", "none"), "none");
});

test("set creates objects and arrays as needed", () => {
  const data = {};
  assert.equal(set(data, "a.list[1].name", "x"), data);
  assert.ok(Array.isArray(data.a.list));
  assert.equal(data.a.list.length, 2);
  assert.deepEqual(data.a.list[1], { name: "x" });
});

test("set overwrites existing values without touching siblings", () => {
  const data = { a: { b: 1, c: 2 } };
  set(data, ["a", "b"], 10);
  assert.deepEqual(data, { a: { b: 10, c: 2 } });
});
