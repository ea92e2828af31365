// Least-recently-used cache. Replace every TODO so the tests pass.

export class LRUCache<K, V> {
  // TODO: choose a structure that gives O(1) get/set/evict (a Map keeps insertion order)

  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    // TODO: RangeError unless capacity is an integer >= 1
  }

  get size(): number {
    throw new Error("TODO: size");
  }

  /** Value of key, marking it most recently used. */
  get(key: K): V | undefined {
    throw new Error("TODO: get");
  }

  /** Value of key without changing the order. */
  peek(key: K): V | undefined {
    throw new Error("TODO: peek");
  }

  has(key: K): boolean {
    throw new Error("TODO: has");
  }

  /** Stores value as most recently used; evicts the least recently used entry when over capacity. */
  set(key: K, value: V): this {
    throw new Error("TODO: set");
  }

  delete(key: K): boolean {
    throw new Error("TODO: delete");
  }

  clear(): void {
    throw new Error("TODO: clear");
  }

  /** Keys from most to least recently used. */
  keys(): K[] {
    throw new Error("TODO: keys");
  }
}
