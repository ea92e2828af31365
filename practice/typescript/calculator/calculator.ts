// A four-function calculator. Replace every TODO so the tests pass.

/** Thrown by divide() when the divisor is zero. */
export class DivisionByZeroError extends Error {
  constructor() {
    super("Cannot divide by zero");
    this.name = "DivisionByZeroError";
  }
}

export type Operator = "+" | "-" | "*" | "/";

export function add(a: number, b: number): number {
  // TODO: implement
  throw new Error("TODO: add");
}

export function subtract(a: number, b: number): number {
  // TODO: implement
  throw new Error("TODO: subtract");
}

export function multiply(a: number, b: number): number {
  // TODO: implement
  throw new Error("TODO: multiply");
}

/** a / b; throws DivisionByZeroError when b is 0. */
export function divide(a: number, b: number): number {
  // TODO: implement
  throw new Error("TODO: divide");
}

/** Applies op to a and b; throws "Unknown operator" for anything but + - * /. */
export function calculate(a: number, op: Operator, b: number): number {
  // TODO: implement
  throw new Error("TODO: calculate");
}
