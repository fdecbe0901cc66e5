/**
 * A node's short-lived copy of rows read on every inbound message and rarely written (an inbox's
 * config, the enabled automation rules): one read per key per `ttlMs` (issue 18). Writers on this
 * node call forget() after their commit, so their change is seen at once; other nodes see it within
 * `ttlMs`. forget() drops the entry, so a read that started before it serves only the callers that
 * were already waiting for it; failed reads and `null` are not kept. Values are shared: callers must not change them.
 */
/** A read and when it started; `settled` once it answered with a value that is kept. */
type Entry<V> = { at: number; value: Promise<V>; settled?: V };

export class NodeCache<V> {
  readonly #entries = new Map<string, Entry<V>>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.#entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load();
    const entry: Entry<V> = { at: now, value };
    this.#entries.set(key, entry);
    const drop = () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
    value.then((v) => {
      if (v === null) drop();
      else entry.settled = v;
    }, drop);
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return value;
  }

  /** One key, or everything. */
  forget(key?: string) {
    if (key === undefined) this.#entries.clear();
    else this.#entries.delete(key);
  }

  /** The entries whose value matches, and every read still in flight (its answer may predate the change). */
  forgetWhere(matches: (value: V) => boolean) {
    for (const [key, entry] of this.#entries) if (entry.settled === undefined || matches(entry.settled)) this.#entries.delete(key);
  }
}

/** One cache per running server and purpose (tests boot several servers in one process). */
export function perServer<V>(ttlMs: number) {
  const caches = new WeakMap<object, NodeCache<V>>();
  return (owner: object): NodeCache<V> => {
    const known = caches.get(owner);
    if (known) return known;
    const made = new NodeCache<V>(ttlMs);
    caches.set(owner, made);
    return made;
  };
}
