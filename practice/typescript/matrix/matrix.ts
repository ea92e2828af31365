// Matrix helpers. Replace every TODO so the tests pass. Never modify the arguments.

export type Matrix = number[][];

/** [rows, columns]; RangeError for ragged rows. */
export function shape(m: Matrix): [number, number] {
  // TODO: implement
  throw new Error("TODO: shape");
}

/** n × n identity matrix. */
export function identity(n: number): Matrix {
  // TODO: implement
  throw new Error("TODO: identity");
}

export function transpose(m: Matrix): Matrix {
  // TODO: implement
  throw new Error("TODO: transpose");
}

/** Element-wise sum; RangeError when shapes differ. */
export function add(a: Matrix, b: Matrix): Matrix {
  // TODO: implement
  throw new Error("TODO: add");
}

/** Matrix product; RangeError when a's columns differ from b's rows. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  // TODO: implement
  throw new Error("TODO: multiply");
}

/** Determinant of a non-empty square matrix; RangeError otherwise. */
export function determinant(m: Matrix): number {
  // TODO: implement (cofactor expansion or Gaussian elimination)
  throw new Error("TODO: determinant");
}
