// Order workflow state machine. Replace every TODO so the tests pass.

export type OrderState = "pending" | "paid" | "shipped" | "delivered" | "cancelled" | "refunded";
export type OrderEvent = "pay" | "ship" | "deliver" | "cancel" | "refund";

export interface Transition {
  from: OrderState;
  event: OrderEvent;
  to: OrderState;
}

/** Thrown by send() when the event is not allowed in the current state. */
export class InvalidTransitionError extends Error {
  constructor(
    readonly state: OrderState,
    readonly event: OrderEvent,
  ) {
    super(`Cannot "${event}" an order that is ${state}`);
    this.name = "InvalidTransitionError";
  }
}

export class OrderWorkflow {
  // TODO: a transition table, the current state, the history and the listeners

  constructor(initial: OrderState = "pending") {
    // TODO: reject unknown states
  }

  get state(): OrderState {
    throw new Error("TODO: state");
  }

  get history(): readonly Transition[] {
    throw new Error("TODO: history");
  }

  isFinal(): boolean {
    throw new Error("TODO: isFinal");
  }

  can(event: OrderEvent): boolean {
    throw new Error("TODO: can");
  }

  availableEvents(): OrderEvent[] {
    throw new Error("TODO: availableEvents");
  }

  send(event: OrderEvent): OrderState {
    throw new Error("TODO: send");
  }

  onTransition(listener: (transition: Transition) => void): () => void {
    throw new Error("TODO: onTransition");
  }
}
