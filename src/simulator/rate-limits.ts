/**
 * GitHub's primary rate limits, per token and per resource: `core` and `graphql` get the hourly
 * limit, `search` 30 a minute whatever the plan. Each answer carries the bucket's state in the
 * `x-ratelimit-*` headers, which is how clients know when to slow down.
 */
export type Resource = "core" | "search" | "graphql";

export interface Bucket {
  limit: number;
  used: number;
  /** Epoch seconds when the window restarts. */
  reset: number;
}

const WINDOW_SECONDS: Record<Resource, number> = { core: 3600, search: 60, graphql: 3600 };
/** GitHub allows 30 search requests a minute, whatever the primary limit. */
export const SEARCH_LIMIT = 30;

export function remaining(bucket: Bucket): number {
  return Math.max(0, bucket.limit - bucket.used);
}

export function isSpent(bucket: Bucket): boolean {
  return bucket.used >= bucket.limit;
}

export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly hourlyLimit: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The bucket for a token and resource, restarted when its window has passed. */
  bucket(token: string, resource: Resource): Bucket {
    const key = `${resource}\u0000${token}`;
    const nowSeconds = Math.floor(this.nowMs() / 1000);
    let bucket = this.buckets.get(key);
    if (!bucket || nowSeconds >= bucket.reset) {
      bucket = {
        limit: resource === "search" ? SEARCH_LIMIT : this.hourlyLimit,
        used: 0,
        reset: nowSeconds + WINDOW_SECONDS[resource],
      };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** What `GET /rate_limit` reports for one resource. */
  view(token: string, resource: Resource): { limit: number; used: number; remaining: number; reset: number } {
    const b = this.bucket(token, resource);
    return { limit: b.limit, used: b.used, remaining: remaining(b), reset: b.reset };
  }
}

export function rateHeaders(bucket: Bucket, resource: Resource): Record<string, string> {
  return {
    "x-ratelimit-limit": String(bucket.limit),
    "x-ratelimit-remaining": String(remaining(bucket)),
    "x-ratelimit-used": String(bucket.used),
    "x-ratelimit-reset": String(bucket.reset),
    "x-ratelimit-resource": resource,
  };
}
