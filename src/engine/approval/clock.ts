/**
 * Time, injected. The queue and the rate limiter never read the wall clock themselves, so tests can
 * move time forward deterministically and the extension can hand in the real one.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `callback` after `delayMs`; returns a function that cancels it. */
  schedule(delayMs: number, callback: () => void): () => void;
}

/** The real clock, for adapters (engine code receives it, never constructs it implicitly). */
export const systemClock: Clock = {
  now: () => Date.now(),
  schedule: (delayMs, callback) => {
    const handle = setTimeout(callback, delayMs);
    // A pending approval must not keep a CLI or test process alive on its own.
    if (typeof handle === 'object' && handle !== null && 'unref' in handle) handle.unref();
    return () => clearTimeout(handle);
  },
};
