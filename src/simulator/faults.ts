/**
 * Injected failures: the ways GitHub fails that a client must survive (5xx, secondary and primary
 * rate limits, a dropped connection), queued by a test and consumed in order by matching requests.
 */
import { type RestAnswer, rateLimited, secondaryRateLimited, serverError } from "./http-answers.js";
import { type Bucket, type Resource, rateHeaders } from "./rate-limits.js";
import type { SimState } from "./state.js";

/** An injected failure, consumed in order by matching requests. */
export interface Fault {
  /** Only requests with this method (any case); default any. */
  method?: string;
  /** Only requests whose decoded path equals this string or matches this RegExp; default any. */
  path?: string | RegExp;
  /** How many matching requests fail; default 1. */
  times?: number;
  kind: "server-error" | "secondary-rate-limit" | "primary-rate-limit" | "network-reset";
  /** Status to answer (default 500 for server-error, 403 for the rate limits). */
  status?: number;
  /** secondary: the `retry-after` header; primary: seconds until `x-ratelimit-reset`. */
  retryAfterSeconds?: number;
}

/**
 * Secondary-limit `retry-after` when a fault does not say: short, because Octokit's throttling
 * plugin treats `retry-after: 0` as missing and falls back to waiting a full minute.
 */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

export class FaultQueue {
  private readonly queue: (Fault & { remaining: number })[] = [];

  add(fault: Fault): void {
    this.queue.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** The first fault matching the request, counted as used; undefined when none matches. */
  take(method: string, path: string): Fault | undefined {
    const index = this.queue.findIndex((f) => {
      if (f.method && f.method.toUpperCase() !== method) return false;
      if (f.path === undefined) return true;
      if (typeof f.path === "string") return f.path === path;
      f.path.lastIndex = 0;
      return f.path.test(path);
    });
    const fault = this.queue[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(index, 1);
    return fault;
  }
}

export interface FaultAnswer {
  answer: RestAnswer;
  headers: Record<string, string>;
  /** Rate-limit points charged: GitHub counts a request it failed on, not one it refused. */
  cost: number;
}

/** The answer for a fault other than `network-reset` (which has none: the socket is destroyed). */
export function answerFault(
  fault: Fault,
  state: SimState,
  userId: number,
  bucket: Bucket,
  resource: Resource,
  nowMs: number,
): FaultAnswer {
  if (fault.kind === "server-error") {
    bucket.used += 1;
    return {
      answer: serverError(fault.status ?? 500, "Server Error"),
      headers: rateHeaders(bucket, resource),
      cost: 1,
    };
  }
  if (fault.kind === "secondary-rate-limit") {
    return {
      answer: secondaryRateLimited(fault.status ?? 403),
      headers: {
        ...rateHeaders(bucket, resource),
        "retry-after": String(fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS),
      },
      cost: 0,
    };
  }
  const reset = Math.floor(nowMs / 1000) + (fault.retryAfterSeconds ?? 0);
  return {
    answer: { ...rateLimited(state, userId), status: fault.status ?? 403 },
    headers: {
      ...rateHeaders(bucket, resource),
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(reset),
    },
    cost: 0,
  };
}
