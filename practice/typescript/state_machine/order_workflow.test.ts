import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidTransitionError, OrderWorkflow, type OrderState, type Transition } from "./order_workflow";

test("a new order is pending", () => {
  const order = new OrderWorkflow();
  assert.equal(order.state, "pending");
  assert.deepEqual(order.history, []);
  assert.equal(order.isFinal(), false);
});

test("the happy path reaches delivered and records history", () => {
  const order = new OrderWorkflow();
  assert.equal(order.send("pay"), "paid");
  assert.equal(order.send("ship"), "shipped");
  assert.equal(order.send("deliver"), "delivered");
  assert.deepEqual(order.history, [
    { from: "pending", event: "pay", to: "paid" },
    { from: "paid", event: "ship", to: "shipped" },
    { from: "shipped", event: "deliver", to: "delivered" },
  ]);
});

test("cancelling depends on the state", () => {
  const unpaid = new OrderWorkflow();
  assert.equal(unpaid.send("cancel"), "cancelled");
  assert.equal(unpaid.isFinal(), true);
  const paid = new OrderWorkflow("paid");
  assert.equal(paid.send("cancel"), "refunded");
});

test("an impossible transition throws and changes nothing", () => {
  const order = new OrderWorkflow();
  assert.throws(
    () => order.send("ship"),
    (error: unknown) => error instanceof InvalidTransitionError && error.state === "pending" && error.event === "ship",
  );
  assert.equal(order.state, "pending");
  assert.deepEqual(order.history, []);
});

test("final states accept no event", () => {
  const order = new OrderWorkflow("refunded");
  assert.equal(order.isFinal(), true);
  assert.deepEqual(order.availableEvents(), []);
  assert.throws(() => order.send("refund"), InvalidTransitionError);
});

test("can and availableEvents follow the table", () => {
  const expected: Array<[OrderState, string[]]> = [
    ["pending", ["pay", "cancel"]],
    ["paid", ["ship", "cancel"]],
    ["shipped", ["deliver"]],
    ["delivered", ["refund"]],
    ["cancelled", []],
  ];
  for (const [state, events] of expected) {
    const order = new OrderWorkflow(state);
    assert.deepEqual(order.availableEvents(), events, state);
    assert.equal(order.can("deliver"), events.includes("deliver"), state);
  }
});

test("unknown initial states are rejected", () => {
  assert.throws(() => new OrderWorkflow("lost" as OrderState), /lost/);
});

test("listeners see each transition and can unsubscribe", () => {
  const order = new OrderWorkflow();
  const seen: Array<[Transition, OrderState]> = [];
  const unsubscribe = order.onTransition((transition) => seen.push([transition, order.state]));
  order.send("pay");
  unsubscribe();
  order.send("ship");
  assert.deepEqual(seen, [[{ from: "pending", event: "pay", to: "paid" }, "paid"]]);
});

test("history cannot be changed from outside", () => {
  const order = new OrderWorkflow();
  order.send("pay");
  const history = order.history as Transition[];
  try {
    history.pop();
  } catch {
    // a frozen array is fine too
  }
  assert.equal(order.history.length, 1);
});
