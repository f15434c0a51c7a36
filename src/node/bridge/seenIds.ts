/**
 * Request ids the bridge has already answered, so a captured request line (token included) replayed
 * later is refused instead of being decided a second time. Bounded: an id is remembered for
 * `windowMs` (10 minutes by default) after it arrived, in at most `capacity` entries. When every slot
 * holds an id younger than the window, new requests are refused (fail closed) rather than forgetting a
 * live id: a replay can then only succeed more than `windowMs` after the original, and only if the
 * token (new per server start) is still the same.
 */
export interface SeenIds {
  /** 'fresh' (now remembered), 'seen' (a replay) or 'full' (too many live ids to remember another). */
  claim(id: string): 'fresh' | 'seen' | 'full';
}

export const SEEN_ID_WINDOW_MS = 10 * 60_000;
/** 20 000 ids in 10 minutes is 33 requests per second, far above what hooks send (64 bytes each at most). */
export const SEEN_ID_CAPACITY = 20_000;

export function createSeenIds(now: () => number = Date.now, windowMs = SEEN_ID_WINDOW_MS, capacity = SEEN_ID_CAPACITY): SeenIds {
  // A Map iterates in insertion order, and arrival times only grow: the first entry is the oldest.
  const seen = new Map<string, number>();
  const forgetExpired = (at: number) => {
    for (const [id, arrived] of seen) {
      if (at - arrived < windowMs) return;
      seen.delete(id);
    }
  };
  return {
    claim(id) {
      const at = now();
      forgetExpired(at);
      if (seen.has(id)) return 'seen';
      if (seen.size >= capacity) return 'full';
      seen.set(id, at);
      return 'fresh';
    },
  };
}
