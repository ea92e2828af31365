import { test } from "node:test";
import assert from "node:assert/strict";
import { EventEmitter } from "./event_emitter.js";

test("emit calls listeners in order with all arguments", () => {
  const emitter = new EventEmitter();
  const calls = [];
  emitter.on("data", (a, b) => calls.push(["first", a, b]));
  emitter.on("data", (a, b) => calls.push(["second", a, b]));
  assert.equal(emitter.emit("data", 1, "x"), true);
  assert.deepEqual(calls, [["first", 1, "x"], ["second", 1, "x"]]);
});

test("emit without listeners returns false", () => {
  assert.equal(new EventEmitter().emit("nothing"), false);
});

test("on returns an unsubscribe function", () => {
  const emitter = new EventEmitter();
  let count = 0;
  const unsubscribe = emitter.on("tick", () => count++);
  emitter.emit("tick");
  unsubscribe();
  emitter.emit("tick");
  assert.equal(count, 1);
  assert.equal(emitter.listenerCount("tick"), 0);
});

test("the same listener registered twice is called twice and removed one at a time", () => {
  const emitter = new EventEmitter();
  let count = 0;
  const listener = () => count++;
  emitter.on("e", listener);
  emitter.on("e", listener);
  emitter.emit("e");
  assert.equal(count, 2);
  assert.equal(emitter.off("e", listener), true);
  assert.equal(emitter.listenerCount("e"), 1);
  assert.equal(emitter.off("e", () => {}), false);
});

test("once listeners run a single time", () => {
  const emitter = new EventEmitter();
  const seen = [];
  emitter.once("ready", (value) => seen.push(value));
  emitter.emit("ready", "a");
  emitter.emit("ready", "b");
  assert.deepEqual(seen, ["a"]);
  assert.equal(emitter.listenerCount("ready"), 0);
});

test("a once listener can be cancelled before it fires", () => {
  const emitter = new EventEmitter();
  let fired = false;
  const cancel = emitter.once("ready", () => (fired = true));
  cancel();
  assert.equal(emitter.emit("ready"), false);
  assert.equal(fired, false);
});

test("listeners added during emit wait for the next emit", () => {
  const emitter = new EventEmitter();
  const calls = [];
  emitter.on("e", () => {
    calls.push("outer");
    emitter.on("e", () => calls.push("inner"));
  });
  emitter.emit("e");
  assert.deepEqual(calls, ["outer"]);
});

test("emitting error without listeners throws the error", () => {
  const emitter = new EventEmitter();
  const boom = new Error("boom");
  assert.throws(() => emitter.emit("error", boom), (thrown) => thrown === boom);
  let handled;
  emitter.on("error", (error) => (handled = error));
  assert.equal(emitter.emit("error", boom), true);
  assert.equal(handled, boom);
});

test("on rejects a listener that is not a function", () => {
  assert.throws(() => new EventEmitter().on("e", "nope"), TypeError);
});
