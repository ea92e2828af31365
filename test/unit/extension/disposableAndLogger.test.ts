import { strict as assert } from "node:assert";
import { Disposable } from "../../../extension/util/disposable";
import { channelLogger, errorMessage } from "../../../extension/util/logger";

/** Exposes the protected registration for the test. */
class Owner extends Disposable {
  register<T extends { dispose(): void }>(value: T): T {
    return this._register(value);
  }
  get disposed(): boolean {
    return this.isDisposed;
  }
}

describe("extension Disposable base", () => {
  it("releases everything once, newest first", () => {
    const order: string[] = [];
    const owner = new Owner();
    for (const name of ["emitter", "provider", "watcher"]) owner.register({ dispose: () => void order.push(name) });
    assert.equal(owner.disposed, false);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(order, ["watcher", "provider", "emitter"]);
    assert.equal(owner.disposed, true);
  });

  it("one failing disposer does not keep the others alive", () => {
    const order: string[] = [];
    const owner = new Owner();
    owner.register({ dispose: () => void order.push("first") });
    owner.register({
      dispose: () => {
        throw new Error("boom");
      },
    });
    owner.register({ dispose: () => void order.push("third") });
    assert.doesNotThrow(() => owner.dispose());
    assert.deepEqual(order, ["third", "first"]);
  });

  it("something registered after dispose is released at once and returned", () => {
    const owner = new Owner();
    owner.dispose();
    let released = 0;
    const item = { dispose: () => void (released += 1) };
    assert.equal(owner.register(item), item);
    assert.equal(released, 1);
    owner.dispose();
    assert.equal(released, 1);
  });
});

describe("extension logger helpers", () => {
  it("channelLogger sends each level to the same level of the output channel", () => {
    const got: string[] = [];
    const channel = {
      debug: (m: string) => got.push(`debug ${m}`),
      info: (m: string) => got.push(`info ${m}`),
      warn: (m: string) => got.push(`warn ${m}`),
      error: (m: string) => got.push(`error ${m}`),
    };
    const log = channelLogger(channel as never);
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    assert.deepEqual(got, ["debug d", "info i", "warn w", "error e"]);
  });

  it("errorMessage reads Errors and stringifies anything else", () => {
    assert.equal(errorMessage(new TypeError("bad input")), "bad input");
    assert.equal(errorMessage("plain text"), "plain text");
    assert.equal(errorMessage(42), "42");
    assert.equal(errorMessage(undefined), "undefined");
  });
});
