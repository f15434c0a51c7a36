/**
 * Per-agent rate limits: a token bucket (steady rate with a burst allowance) plus an hourly budget.
 * A refusal carries the time after which a retry can succeed, so an agent can wait instead of hammering.
 */

export interface RateLimitConfig {
  /** Requests that may arrive back to back. */
  burst: number;
  /** Steady refill, in requests per second. */
  perSecond: number;
  /** Total requests per rolling hour. */
  perHour: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { burst: 20, perSecond: 2, perHour: 2000 };

export type RateCheck = { ok: true } | { ok: false; retryAfterMs: number; reason: string };

interface Bucket {
  tokens: number;
  refilledAt: number;
  /** Timestamps of accepted requests within the last hour, oldest first. */
  recent: number[];
}

const HOUR_MS = 3_600_000;

/** What an agent may still do right now; reading it changes nothing. */
export interface RateLimitState {
  /** Whole requests that may still arrive back to back (0..burst). */
  tokensLeft: number;
  /** Requests left in the rolling hour (0..perHour). */
  hourlyLeft: number;
  /** Ms until the next whole token; 0 when the bucket is full. */
  nextTokenInMs: number;
  /** Ms until the oldest request of the last hour leaves the window (one more hourly request); 0 when none. */
  hourlyRefillInMs: number;
  config: RateLimitConfig;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number, private readonly config: RateLimitConfig = DEFAULT_RATE_LIMIT) {
    if (!(config.burst >= 1 && config.perSecond > 0 && config.perHour >= 1)) throw new RangeError('invalid rate limit configuration');
  }

  /** Takes one request's worth of allowance, or says when to retry. Refusals do not consume allowance. */
  take(agentId: string): RateCheck {
    const now = this.now();
    const bucket = this.bucketFor(agentId, now);
    this.refill(bucket, now);
    while (bucket.recent.length > 0 && (bucket.recent[0] ?? 0) <= now - HOUR_MS) bucket.recent.shift();
    if (bucket.recent.length >= this.config.perHour) {
      const retryAfterMs = (bucket.recent[0] ?? now) + HOUR_MS - now;
      return { ok: false, retryAfterMs, reason: `hourly budget of ${this.config.perHour} requests used up; retry in ${formatDelay(retryAfterMs)}` };
    }
    if (bucket.tokens < 1) {
      const retryAfterMs = Math.ceil(((1 - bucket.tokens) / this.config.perSecond) * 1000);
      return { ok: false, retryAfterMs, reason: `too many requests (burst ${this.config.burst}, ${this.config.perSecond}/s); retry in ${formatDelay(retryAfterMs)}` };
    }
    bucket.tokens -= 1;
    bucket.recent.push(now);
    return { ok: true };
  }

  /** The live state of an agent's allowance at this instant (an unknown agent has a full allowance). */
  state(agentId: string): RateLimitState {
    const now = this.now();
    const bucket = this.buckets.get(agentId);
    const { burst, perSecond, perHour } = this.config;
    const tokens = bucket ? Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.refilledAt) / 1000) * perSecond) : burst;
    const recent = bucket ? bucket.recent.filter((at) => at > now - HOUR_MS) : [];
    const whole = Math.floor(tokens);
    return {
      tokensLeft: whole,
      hourlyLeft: Math.max(0, perHour - recent.length),
      nextTokenInMs: whole >= burst ? 0 : Math.ceil(((whole + 1 - tokens) / perSecond) * 1000),
      hourlyRefillInMs: recent.length > 0 ? (recent[0] ?? now) + HOUR_MS - now : 0,
      config: { ...this.config },
    };
  }

  reset(agentId: string): void {
    this.buckets.delete(agentId);
  }

  private bucketFor(agentId: string, now: number): Bucket {
    let bucket = this.buckets.get(agentId);
    if (!bucket) {
      bucket = { tokens: this.config.burst, refilledAt: now, recent: [] };
      this.buckets.set(agentId, bucket);
    }
    return bucket;
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = Math.max(0, now - bucket.refilledAt);
    bucket.tokens = Math.min(this.config.burst, bucket.tokens + (elapsed / 1000) * this.config.perSecond);
    bucket.refilledAt = now;
  }
}

function formatDelay(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.ceil(ms / 1000)} s`;
  return `${Math.ceil(ms / 60_000)} min`;
}
