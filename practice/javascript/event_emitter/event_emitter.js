// A minimal event emitter. Replace every TODO so the tests pass.

export class EventEmitter {
  // TODO: keep the listeners per event name (e.g. a Map of arrays)

  /** Registers listener for event; returns a function that removes this registration. */
  on(event, listener) {
    // TODO: implement, TypeError when listener is not a function
    throw new Error("TODO: on");
  }

  /** Registers listener for one call only; returns an unsubscribe function. */
  once(event, listener) {
    // TODO: implement
    throw new Error("TODO: once");
  }

  /** Removes the most recent registration of listener; true if one was removed. */
  off(event, listener) {
    // TODO: implement
    throw new Error("TODO: off");
  }

  /** Calls the listeners of event with args; true if there was any listener. */
  emit(event, ...args) {
    // TODO: implement (snapshot the listeners; "error" without listeners throws args[0])
    throw new Error("TODO: emit");
  }

  /** Number of registrations for event. */
  listenerCount(event) {
    // TODO: implement
    throw new Error("TODO: listenerCount");
  }
}
