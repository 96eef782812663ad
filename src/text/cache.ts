/**
 * A cache bounded in (estimated) bytes, for compiled message texts. Its keys can come from request
 * data (`_(req.query.q, values)` is a common mistake), so what it holds must stay bounded however
 * many distinct texts arrive.
 *
 * Two generations approximate LRU at the cost of one `Map.get` per hit: new and recently used
 * entries live in `young`; when `young` holds half the budget it becomes `old` and the previous
 * `old` is dropped whole. A hit in `old` moves the entry back to `young`. An entry used at least
 * once per half-budget of new entries is never evicted; the total never exceeds the budget.
 */
export interface Sized {
  /** Estimated bytes this entry keeps alive, its key included. */
  readonly bytes: number;
}

export class TextCache<V extends Sized> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();
  #youngBytes = 0;
  #oldBytes = 0;
  readonly #half: number;

  /** @param maxBytes the budget for both generations together. */
  constructor(readonly maxBytes: number) {
    this.#half = Math.max(1, Math.floor(maxBytes / 2));
  }

  get(key: string): V | undefined {
    const hit = this.#young.get(key);
    if (hit !== undefined) return hit;
    const old = this.#old.get(key);
    if (old !== undefined) {
      this.#old.delete(key);
      this.#oldBytes -= old.bytes;
      this.#insert(key, old);
    }
    return old;
  }

  /** Adds an entry; one larger than half the budget is not kept. */
  set(key: string, value: V): void {
    if (value.bytes > this.#half) return;
    const previous = this.#young.get(key);
    if (previous !== undefined) {
      this.#young.delete(key);
      this.#youngBytes -= previous.bytes;
    }
    this.#insert(key, value);
  }

  #insert(key: string, value: V): void {
    if (this.#youngBytes + value.bytes > this.#half) {
      this.#old = this.#young;
      this.#oldBytes = this.#youngBytes;
      this.#young = new Map();
      this.#youngBytes = 0;
    }
    this.#young.set(key, value);
    this.#youngBytes += value.bytes;
  }

  /** Estimated bytes held now (never above `maxBytes`). */
  get bytes(): number {
    return this.#youngBytes + this.#oldBytes;
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }
}
