/**
 * A function remembered per input text, for one pass over a ledger: ledgers repeat the same
 * units, leaders and deadlines on many rows. Make one per pass, so the cache goes with it.
 */
export function memo<T>(fn: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    if (cache.has(text)) return cache.get(text)!;
    const value = fn(text);
    cache.set(text, value);
    return value;
  };
}
