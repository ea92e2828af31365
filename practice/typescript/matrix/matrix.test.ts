import { test } from "node:test";
import assert from "node:assert/strict";
import { add, determinant, identity, multiply, shape, transpose, type Matrix } from "./matrix";

const A: Matrix = [
  [1, 2, 3],
  [4, 5, 6],
];

test("shape reports rows and columns", () => {
  assert.deepEqual(shape(A), [2, 3]);
  assert.deepEqual(shape([[7]]), [1, 1]);
  assert.deepEqual(shape([]), [0, 0]);
});

test("shape rejects ragged matrices", () => {
  assert.throws(() => shape([[1, 2], [3]]), RangeError);
});

test("identity", () => {
  assert.deepEqual(identity(3), [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]);
  assert.throws(() => identity(0), RangeError);
});

test("transpose swaps rows and columns without touching the input", () => {
  const input = structuredClone(A);
  assert.deepEqual(transpose(input), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.deepEqual(input, A);
});

test("add sums element-wise and checks shapes", () => {
  assert.deepEqual(add(A, A), [
    [2, 4, 6],
    [8, 10, 12],
  ]);
  assert.throws(() => add(A, transpose(A)), RangeError);
});

test("multiply computes the matrix product", () => {
  assert.deepEqual(multiply(A, transpose(A)), [
    [14, 32],
    [32, 77],
  ]);
  assert.deepEqual(multiply([[1, 2]], [[3], [4]]), [[11]]);
  assert.deepEqual(multiply(identity(2), [[5, 6], [7, 8]]), [[5, 6], [7, 8]]);
});

test("multiply checks inner dimensions", () => {
  assert.throws(() => multiply(A, A), RangeError);
});

test("determinant of small and larger matrices", () => {
  assert.equal(determinant([[5]]), 5);
  assert.equal(determinant([[1, 2], [3, 4]]), -2);
  assert.equal(determinant([[2, 0, 1], [1, 3, 2], [1, 1, 2]]), 6);
  assert.equal(determinant([[1, 2, 3, 4], [5, 6, 7, 8], [2, 6, 4, 8], [3, 1, 1, 2]]), 72);
  assert.equal(determinant([[1, 2], [2, 4]]), 0);
});

test("determinant rejects non-square and empty matrices", () => {
  assert.throws(() => determinant(A), RangeError);
  assert.throws(() => determinant([]), RangeError);
});
