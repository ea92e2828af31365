import { test } from "node:test";
import assert from "node:assert/strict";
import { DivisionByZeroError, add, calculate, divide, multiply, subtract, type Operator } from "./calculator";

test("add", () => {
  assert.equal(add(2, 3), 5);
  assert.equal(add(-2, 0.5), -1.5);
});

test("subtract", () => {
  assert.equal(subtract(10, 4), 6);
  assert.equal(subtract(4, 10), -6);
});

test("multiply", () => {
  assert.equal(multiply(6, 7), 42);
  assert.equal(multiply(-3, 0.5), -1.5);
});

test("divide", () => {
  assert.equal(divide(9, 3), 3);
  assert.equal(divide(1, 4), 0.25);
});

test("divide by zero throws DivisionByZeroError", () => {
  assert.throws(() => divide(1, 0), DivisionByZeroError);
  assert.throws(() => divide(0, 0), DivisionByZeroError);
});

test("calculate dispatches on the operator", () => {
  assert.equal(calculate(8, "+", 2), 10);
  assert.equal(calculate(8, "-", 2), 6);
  assert.equal(calculate(8, "*", 2), 16);
  assert.equal(calculate(8, "/", 2), 4);
  assert.throws(() => calculate(8, "/", 0), DivisionByZeroError);
});

test("calculate rejects unknown operators", () => {
  assert.throws(() => calculate(1, "%" as Operator, 2), /Unknown operator/);
});
