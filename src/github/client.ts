/**
 * The one module that talks to GitHub (and the only one importing Octokit). Commands and the
 * domain modules (`labels.ts`, `repos.ts`, `planning.ts`, …) call `request`, `paginate` and
 * `graphql` here; they never see Octokit.
 *
 * What it adds to Octokit:
 * - every HTTP attempt (retries included) is counted in `stats` and, with --verbose, logged as one
 *   line: method, path, status, duration, rate-limit use;
 * - writes are serial and spaced `writeIntervalMs` apart (GitHub's guidance: at least 1 s), while
 *   reads and GraphQL are not spaced at all (plugin-throttling would send GraphQL through its
 *   1-second write queue, and keeps that queue module-global);
 * - `retry-after` and `x-ratelimit-reset` are honoured (plugin-throttling), 5xx, network resets
 *   and timeouts retried (plugin-retry);
 * - every attempt has a deadline (30 s for reads and GraphQL, 60 s for writes; WAKU_PM_TIMEOUT_MS)
 *   covering the answer's body too, so a server that accepts and never answers (or closes the
 *   connection as it accepts it, which leaves undici's fetch pending forever) is a retried
 *   failure, then one line naming the route, the host and the wait;
 * - REST lists are paged here, stopping on a `Link` that leads back to a page already read, and a
 *   read can skip the cache (`{ cache: false }`) where a cached answer must not be the only
 *   evidence (before a delete);
 * - every failure becomes a one-line GitHubError saying what to do. Messages are built from the
 *   status and the route we asked for, never from Octokit's error (it embeds request headers), and
 *   the token is scrubbed from anything that reaches a log.
 *
 * OWNER: the sync-labels/GitHub-layer work. Others may call it, not change it.
 */
import { createHash } from "node:crypto";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { GitHubError, InputError } from "../errors.js";
import { forTerminal } from "../text/safety.js";
import { type BadEntry, HttpCache, REPLAYED_HEADERS } from "./http-cache.js";
import { describeDuration, describeReset } from "./reset-time.js";

export { defaultCacheDir } from "./http-cache.js";

export interface GitHubClientOptions {
  token: string;
  apiUrl: string;
  graphqlUrl: string;
  /** --verbose: one line per request (method, path, status, rate-limit use) to `log`. */
  verbose: boolean;
  log: (line: string) => void;
  userAgent?: string;
  /** Minimum time between two writes (POST/PATCH/PUT/DELETE). Default 1000 (GitHub's guidance). */
  writeIntervalMs?: number;
  /**
   * Milliseconds per "second" of every retry wait (retry-after, rate-limit reset, 5xx backoff).
   * Default 1000. Tests set it near zero (see `WAKU_PM_RETRY_BASE_MS`) so waits cost nothing.
   */
  retryBaseMs?: number;
  /** Longest wait for a primary rate-limit reset before giving up with exit 3. Default 15 minutes. */
  maxRateLimitWaitSeconds?: number;
  /**
   * Directory of the on-disk cache for conditional requests (see `HttpCache`); none when absent.
   * Commands turn it on with `enableCache` unless --no-cache.
   */
  cacheDir?: string;
  /**
   * Deadline of one attempt of a read (REST GET and GraphQL documents), headers and body, in ms.
   * Default 30 s, or WAKU_PM_TIMEOUT_MS. A timed-out attempt is retried like a 5xx.
   */
  timeoutMs?: number;
  /** The same for a write (POST/PATCH/PUT/DELETE). Default 60 s, or WAKU_PM_TIMEOUT_MS. */
  writeTimeoutMs?: number;
  /** Environment to read knobs from (WAKU_PM_TIMEOUT_MS, WAKU_PM_RETRY_BASE_MS); defaults to the process environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The fetch to use (tests); defaults to the global fetch. */
  fetch?: typeof fetch;
  /**
   * GitHub's secondary limits, in points per minute (a "minute" is 60 retry-base units, so tests
   * can shorten it). Default REST 900, GraphQL 2,000 (SECONDARY_POINTS_PER_MINUTE).
   */
  secondaryPointsPerMinute?: { rest?: number; graphql?: number };
}

export interface RequestStats {
  /** REST requests sent (including 304s and retries). */
  rest: number;
  /** GraphQL documents sent (including retries). */
  graphql: number;
  /** REST requests answered 304 Not Modified from the cache. */
  notModified: number;
  /** Writes (POST/PATCH/PUT/DELETE to the REST API). */
  writes: number;
  /** Last seen x-ratelimit-remaining / limit, when GitHub sent them. */
  rateRemaining: number | undefined;
  rateLimit: number | undefined;
  /** The same for GraphQL's own budget (points). */
  graphqlRateRemaining: number | undefined;
  graphqlRateLimit: number | undefined;
  /**
   * Points GitHub charged the GraphQL documents that asked (`rateLimit { cost }`), summed, and
   * how many documents said. The others' cost is not known per document.
   */
  graphqlPoints: number;
  graphqlPricedDocuments: number;
}

export type Params = Record<string, unknown>;

export interface ReadOptions {
  /**
   * false: ask GitHub unconditionally, without the cached ETag, so the answer is GitHub's own and
   * not a replay (sync re-reads this way before deleting). The fresh answer still refreshes the
   * cache. Default true.
   */
  cache?: boolean;
}

export interface Response<T> {
  status: number;
  data: T;
  headers: Record<string, string | number | undefined>;
}

/** Test-only: `WAKU_PM_RETRY_BASE_MS=1` makes every retry wait (retry-after, backoff) near zero. */
export const RETRY_BASE_ENV = "WAKU_PM_RETRY_BASE_MS";
/** Every request's deadline in milliseconds (reads and writes), e.g. for a slow link or a test. */
export const TIMEOUT_ENV = "WAKU_PM_TIMEOUT_MS";

const DEFAULT_WRITE_INTERVAL_MS = 1000;
const DEFAULT_RETRY_BASE_MS = 1000;
const DEFAULT_MAX_RATE_LIMIT_WAIT_S = 15 * 60;
/** GitHub allows 100 concurrent requests; stay well below. */
const MAX_CONCURRENT = 10;
/**
 * GitHub's secondary limits per minute ("Rate limits for the REST API", "About secondary rate
 * limits"): REST 900 points (a GET or HEAD 1, a write 5), GraphQL 2,000 (a query 1, a mutation 5).
 * Past them GitHub answers 403 and asks for a wait of a minute or more, and warns that clients that
 * go on may be banned: so requests are paced to stay within them, never the limit hit and waited out.
 */
const SECONDARY_POINTS_PER_MINUTE = { rest: 900, graphql: 2000 } as const;
/** A pause for the secondary limit of at least this many seconds is said (a shorter one is not worth a line). */
const SAY_PACING_FROM_S = 5;
const SECONDARY_RETRIES = 3;
const SERVER_ERROR_RETRIES = 3;
/** GitHub answers most reads in well under a second and times out its own GraphQL at 10 s. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** Writes can be slower (deleting a label used by many issues); still far below undici's 300 s. */
const DEFAULT_WRITE_TIMEOUT_MS = 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** No page of 100 items comes near this; a larger answer is not GitHub's. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * A failure after which no other request can succeed either (the token was rejected, the hourly
 * rate limit is spent, GitHub gave no answer to four attempts in a row): callers that "report and
 * go on" stop instead.
 */
export class FatalGitHubError extends GitHubError {}

/** Thrown by our fetch wrapper so a network failure can be told from a 500 GitHub sent. */
class NetworkFailure extends Error {
  constructor(
    readonly host: string,
    readonly detail: string,
    /** Set when the attempt ran out of time: the deadline it had, ms. */
    readonly timeoutMs?: number,
  ) {
    super(`network error reaching ${host}: ${detail}`);
  }
}

/**
 * Removes the token, then makes the text safe for a terminal, in that order: sanitizing first
 * would turn a token's CR/LF (or any control character in it) into something else, and the mask
 * would no longer match.
 */
export function scrubSecret(text: string, token: string): string {
  const redacted = token.length >= 4 ? text.split(token).join("[REDACTED]") : text;
  return forTerminal(redacted);
}

/**
 * A token is visible ASCII (GitHub's are `[A-Za-z0-9_]`). One read from a file often keeps its
 * newline, which would end up in the Authorization header and, through undici's "invalid header
 * value" error, in a message: refuse it before anything is sent, without echoing it.
 */
function checkToken(token: string): void {
  const index = token.search(/[^\x21-\x7e]/);
  if (index < 0) return;
  const code = token.charCodeAt(index);
  const what =
    code === 0x0a || code === 0x0d
      ? "a line break"
      : code === 0x20 || code === 0x09
        ? "a space or tab"
        : code < 0x20 || code === 0x7f
          ? "a control character"
          : "a character that is not plain ASCII";
  throw new InputError(
    `the GitHub token (GITHUB_TOKEN or GH_TOKEN) contains ${what} (character ${index + 1} of ${token.length}); it was not sent`,
    'Set it again without surrounding whitespace, e.g. export GITHUB_TOKEN="$(gh auth token)"; a token read from a file often keeps its final newline.',
  );
}

/** A positive whole number of milliseconds from the environment, or undefined when unset. */
function readMs(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new InputError(
      `${name} must be a whole number of milliseconds above 0, not ${JSON.stringify(forTerminal(raw).slice(0, 40))}`,
      `For example ${name}=60000 for a minute.`,
    );
  }
  return value;
}

/**
 * A stand-in for a Bottleneck.Group, which is all plugin-throttling asks of its queues
 * (`group.key(id).schedule(options, fn, ...args)`). Passing our own keeps its module-global queues
 * (and their 1-second GraphQL spacing) out of the way; write spacing lives in `request`.
 */
function createQueueGroup(maxConcurrent: number, minTimeMs = 0) {
  let running = 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  const waiting: (() => void)[] = [];
  const limiter = {
    async schedule(...args: unknown[]): Promise<unknown> {
      const [first, ...rest] = args;
      const [fn, ...fnArgs] = (typeof first === "function" ? args : rest) as [
        (...a: unknown[]) => Promise<unknown>,
        ...unknown[],
      ];
      if (running >= maxConcurrent) await new Promise<void>((resolve) => waiting.push(resolve));
      running++;
      if (minTimeMs > 0) {
        // Reserve the slot before sleeping so queued jobs space themselves from this one.
        const start = Math.max(Date.now(), lastStart + minTimeMs);
        lastStart = start;
        await sleep(start - Date.now());
      }
      try {
        return await fn(...fnArgs);
      } finally {
        running--;
        waiting.shift()?.();
      }
    },
  };
  return { key: () => limiter };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Whether a GraphQL request body is a mutation (5 secondary points, a query 1). */
function isMutation(body: unknown): boolean {
  if (typeof body !== "string") return false;
  try {
    const query = (JSON.parse(body) as { query?: unknown }).query;
    return typeof query === "string" && /^\s*mutation\b/.test(query.replace(/^\s*#.*$/gm, ""));
  } catch {
    return false;
  }
}

/** One request's points, counted until a window after `at`. */
interface Spend {
  at: number;
  points: number;
}

/**
 * Points spent in the last `windowMs`, for one of GitHub's secondary limits. A request is counted
 * from when it is let go until a window after its answer came back (`settle`): GitHub counts it
 * when it arrives, which is between the two, so the window here never ends before GitHub's does.
 */
class PointsWindow {
  private spent: Spend[] = [];

  constructor(
    readonly budget: number,
    private readonly windowMs: number,
  ) {}

  /**
   * Counts `points` now and returns them as a Spend when they fit (to `settle` when the answer
   * is in); otherwise counts nothing and returns how long to wait until enough has expired.
   */
  reserve(points: number, now: number): Spend | number {
    this.spent = this.spent.filter((s) => s.at > now - this.windowMs);
    const used = this.spent.reduce((sum, s) => sum + s.points, 0);
    if (used + points <= this.budget || this.spent.length === 0) {
      const spend = { at: now, points };
      this.spent.push(spend);
      return spend;
    }
    let freed = 0;
    for (const s of [...this.spent].sort((a, b) => a.at - b.at)) {
      freed += s.points;
      if (used - freed + points <= this.budget) return Math.max(1, s.at + this.windowMs - now);
    }
    return this.windowMs;
  }

  /** The answer to `spend`'s request came back now: its window runs from here. */
  settle(spend: Spend, now: number): void {
    spend.at = Math.max(spend.at, now);
  }
}

export class GitHubClient {
  private summaryLogged = false;
  readonly stats: RequestStats = {
    rest: 0,
    graphql: 0,
    notModified: 0,
    writes: 0,
    rateRemaining: undefined,
    graphqlRateRemaining: undefined,
    graphqlRateLimit: undefined,
    graphqlPoints: 0,
    graphqlPricedDocuments: 0,
    rateLimit: undefined,
  };
  private readonly octokit: Octokit;
  private readonly graphqlUrl: string;
  private readonly retryBaseMs: number;
  private readonly timeoutMs: number;
  private readonly writeTimeoutMs: number;
  private writeIntervalMs: number;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private writeChain: Promise<void> = Promise.resolve();
  private cache: HttpCache | undefined;
  private badCacheEntrySaid = false;
  /** GitHub's secondary limits, REST and GraphQL apart (see SECONDARY_POINTS_PER_MINUTE). */
  private readonly secondary: { rest: PointsWindow; graphql: PointsWindow };
  private pacingSaid = false;
  /** The fetch for `{ cache: false }` reads: the same counting and deadlines, no cache lookup. */
  private readonly uncachedFetch: typeof fetch;

  constructor(private readonly options: GitHubClientOptions) {
    checkToken(options.token);
    this.graphqlUrl = options.graphqlUrl;
    this.writeIntervalMs = options.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS;
    const env = options.env ?? process.env;
    const raw = env[RETRY_BASE_ENV];
    const fromEnv = raw !== undefined && raw !== "" && Number(raw) >= 0 ? Number(raw) : undefined;
    this.retryBaseMs = options.retryBaseMs ?? fromEnv ?? DEFAULT_RETRY_BASE_MS;
    const timeoutFromEnv = readMs(env, TIMEOUT_ENV);
    // setTimeout fires at once for anything past 2^31-1 ms (about 24 days): clamp, do not wrap.
    this.timeoutMs = Math.min(options.timeoutMs ?? timeoutFromEnv ?? DEFAULT_TIMEOUT_MS, MAX_TIMER_MS);
    this.writeTimeoutMs = Math.min(
      options.writeTimeoutMs ?? timeoutFromEnv ?? DEFAULT_WRITE_TIMEOUT_MS,
      MAX_TIMER_MS,
    );
    const minute = 60 * this.retryBaseMs;
    this.secondary = {
      rest: new PointsWindow(
        options.secondaryPointsPerMinute?.rest ?? SECONDARY_POINTS_PER_MINUTE.rest,
        minute,
      ),
      graphql: new PointsWindow(
        options.secondaryPointsPerMinute?.graphql ?? SECONDARY_POINTS_PER_MINUTE.graphql,
        minute,
      ),
    };
    const maxWait = options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_S;
    this.enableCache(options.cacheDir);

    const MyOctokit = Octokit.plugin(throttling, retry);
    const throttle = {
      global: createQueueGroup(MAX_CONCURRENT),
      auth: createQueueGroup(1),
      write: createQueueGroup(Number.POSITIVE_INFINITY),
      // Search allows 30 requests a minute: keep plugin-throttling's 2 s spacing (scaled like every
      // other wait, so tests do not crawl).
      search: createQueueGroup(1, 2 * this.retryBaseMs),
      notifications: createQueueGroup(Number.POSITIVE_INFINITY),
      retryAfterBaseValue: this.retryBaseMs,
      // GitHub: with no retry-after, wait at least a minute before retrying a secondary limit.
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: (retryAfter: number, opts: RouteOptions, _o: unknown, count: number) => {
        if (count >= 1 || retryAfter > maxWait) return false;
        // plugin-throttling's retryAfter is the seconds until x-ratelimit-reset (plus one).
        const reset = describeReset(Date.now() + retryAfter * 1000, Date.now());
        this.log(
          `GitHub rate limit exhausted: waiting for the reset before ${describeOpts(opts)} (it resets ${reset})`,
        );
        return true;
      },
      onSecondaryRateLimit: (retryAfter: number, opts: RouteOptions, _o: unknown, count: number) => {
        if (count >= SECONDARY_RETRIES) return false;
        this.log(
          `GitHub secondary rate limit: waiting ${retryAfter}s (${describeDuration(retryAfter * 1000)}) before retrying ${describeOpts(opts)}`,
        );
        return true;
      },
    };
    const inner = options.fetch ?? globalThis.fetch;
    this.uncachedFetch = this.createFetch(inner, false);
    this.octokit = new MyOctokit({
      auth: options.token,
      baseUrl: options.apiUrl.replace(/\/+$/, ""),
      userAgent: options.userAgent ?? "waku-pm",
      // Octokit logs warnings (deprecations, throttling handler errors) to the console itself;
      // route them through our log so nothing bypasses the token scrubbing.
      log: {
        debug: () => {},
        // Octokit's request log repeats what our own --verbose line says, and its error lines
        // duplicate the one-line errors we build: drop both.
        info: () => {},
        error: () => {},
        // Deprecation notices and throttling-handler trouble: worth seeing with --verbose only.
        warn: (message: string) => {
          if (options.verbose) this.log(`warning: ${String(message)}`);
        },
      },
      throttle: throttle as never,
      retry: { retries: SERVER_ERROR_RETRIES, retryAfterBaseValue: this.retryBaseMs },
      request: { fetch: this.createFetch(inner, true) },
    });
  }

  /**
   * Turns on the on-disk cache for conditional GETs (commands call it unless --no-cache, with
   * `defaultCacheDir(ctx.env)`). Cached answers count in `stats.notModified`.
   */
  enableCache(dir: string | undefined): void {
    if (!dir) return;
    this.cache = new HttpCache(dir, this.options.token, {
      onBadEntry: (bad) => this.reportBadCacheEntry(bad),
    });
  }

  /** Sets the spacing between writes (sync-labels' --write-interval). */
  setWriteInterval(ms: number): void {
    this.writeIntervalMs = Math.max(0, ms);
  }

  /**
   * One REST request. Path parameters are passed raw: Octokit percent-encodes them itself.
   * `{ cache: false }` makes a GET ask GitHub unconditionally (see `ReadOptions`).
   */
  async request<T = unknown>(
    route: string,
    params: Params = {},
    options: ReadOptions = {},
  ): Promise<Response<T>> {
    const method = (route.split(" ")[0] ?? "GET").toUpperCase();
    const send = async () => {
      try {
        const res = await this.octokit.request(route, { ...params, ...this.perRequest(options) });
        return { status: res.status, data: res.data as T, headers: res.headers as Response<T>["headers"] };
      } catch (error) {
        throw this.toGitHubError(error, route, params);
      }
    };
    if (method === "GET" || method === "HEAD") return send();
    return this.spaceWrite(send);
  }

  /**
   * Every page of a REST list (per_page 100, following `Link: rel="next"`). A `next` link that
   * leads back to a page already read stops with a GitHubError instead of reading forever.
   * `{ cache: false }` reads every page from GitHub unconditionally (see `ReadOptions`).
   */
  async paginate<T = unknown>(route: string, params: Params = {}, options: ReadOptions = {}): Promise<T[]> {
    const what = describeRoute(route, params);
    const extra = this.perRequest(options);
    try {
      const items: T[] = [];
      const followed = new Set<string>();
      let page = await this.octokit.request(route, { per_page: 100, ...params, ...extra });
      for (;;) {
        items.push(...(listItems(page.data, what) as T[]));
        const next = nextLink(page.headers.link);
        if (!next) return items;
        if (followed.has(next)) {
          throw new GitHubError(
            this.scrub(
              `GitHub's pages of ${what} lead back to a page already read (${pathOf(next)}): stopped instead of reading forever`,
            ),
            "GitHub (or a proxy in between) is misbehaving; re-run later. Run with --verbose to see the requests.",
          );
        }
        followed.add(next);
        // The route was only the first page's; the next ones are GitHub's own URLs.
        const request = this.octokit.request as unknown as (options: Params) => Promise<typeof page>;
        page = await request({ method: "GET", url: next, ...extra });
      }
    } catch (error) {
      throw this.toGitHubError(error, route, params);
    }
  }

  /** One GraphQL document against the configured GraphQL URL. */
  async graphql<T = unknown>(query: string, variables: Params = {}): Promise<T> {
    let raw: unknown;
    try {
      const res = await this.octokit.request(`POST ${this.graphqlUrl}`, { query, variables });
      raw = res.data;
    } catch (error) {
      // plugin-throttling reads `data.errors` of every GraphQL answer and trips over a JSON
      // `null` with a TypeError; our fetch wrapper turns every network failure into another error.
      if (error instanceof TypeError) throw this.malformedGraphql("not a JSON object");
      throw this.toGitHubError(error, "POST graphql", {});
    }
    const body = this.checkGraphqlBody<T>(raw);
    this.notePoints(query, body.data);
    if (body.errors?.length) {
      // A document aliasing many repositories is still answered when one of them is gone: that
      // alias comes back null with a NOT_FOUND error naming its path, and the rest is good data.
      // Callers treat a null alias as "could not be read" (a warning naming it), so such answers
      // pass; any other error fails the whole document.
      const onlyMissing =
        body.data != null && body.errors.every((e) => e.type === "NOT_FOUND" && Array.isArray(e.path));
      if (onlyMissing) {
        if (this.options.verbose) for (const e of body.errors) this.log(`GraphQL: ${e.message}`);
        return body.data as T;
      }
      const messages = body.errors.map((e) => e.message).join("; ");
      throw new GitHubError(
        this.scrub(`GitHub GraphQL error: ${messages}`),
        "Check the token's access to the organisation; run with --verbose to see the requests.",
      );
    }
    return body.data as T;
  }

  /**
   * A document that asked `rateLimit { cost }` says what GitHub charged it: counted in `stats`
   * and, with --verbose, logged beside its request line (`GraphQL SearchPages: 1 point`).
   */
  private notePoints(query: string, data: unknown): void {
    const cost = (data as { rateLimit?: { cost?: unknown } | null } | null | undefined)?.rateLimit?.cost;
    if (typeof cost !== "number" || !Number.isFinite(cost)) return;
    this.stats.graphqlPoints += cost;
    this.stats.graphqlPricedDocuments += 1;
    if (this.options.verbose) {
      const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "document";
      this.log(`GraphQL ${name}: ${cost} ${cost === 1 ? "point" : "points"}`);
    }
  }

  /** `requests: 19 REST (0 cached), 0 GraphQL, 0 writes; rate limit 4981/5000` */
  /**
   * A stable one-way name for the token, for stores beside the HTTP cache that must not share
   * answers between tokens (history's event store). The token itself never leaves this class.
   */
  tokenScope(): string {
    return createHash("sha256").update(`waku-pm scope ${this.options.token}`).digest("hex").slice(0, 16);
  }

  summary(): string {
    const s = this.stats;
    const budgets: string[] = [];
    if (s.rateRemaining !== undefined && s.rateLimit !== undefined) {
      budgets.push(`REST rate limit ${s.rateRemaining}/${s.rateLimit}`);
    }
    if (s.graphqlRateRemaining !== undefined && s.graphqlRateLimit !== undefined) {
      budgets.push(`GraphQL ${s.graphqlRateRemaining}/${s.graphqlRateLimit} points`);
    }
    const rate = budgets.length > 0 ? budgets.join(", ") : "rate limit unknown";
    const priced =
      s.graphqlPricedDocuments === 0
        ? ""
        : `; ${s.graphqlPoints} GraphQL points charged${s.graphqlPricedDocuments < s.graphql ? ` to ${s.graphqlPricedDocuments} of the ${s.graphql} documents` : ""}`;
    return `requests: ${s.rest} REST (${s.notModified} cached), ${s.graphql} GraphQL, ${s.writes} writes; ${rate}${priced}`;
  }

  /**
   * With --verbose, logs `summary()` once: a command may call it before its last words, and the
   * runner calls it after every command that used GitHub.
   */
  logSummary(): void {
    if (this.options.verbose && !this.summaryLogged) this.log(this.summary());
    this.summaryLogged = true;
  }

  private log(line: string): void {
    this.options.log(this.scrub(line));
  }

  /**
   * Belt and braces: no message we produce should hold the token, but never let one through. Label
   * names and GitHub's own messages end up in these lines too, and they are untrusted: strip
   * terminal escape sequences as well (after the redaction: see `scrubSecret`).
   */
  private scrub(text: string): string {
    return scrubSecret(text, this.options.token);
  }

  /** Octokit options for one call: its own fetch when the cache must be skipped. */
  private perRequest(options: ReadOptions): Params {
    return options.cache === false ? { request: { fetch: this.uncachedFetch } } : {};
  }

  /**
   * A damaged entry costs only a request, but a cache someone tampered with is worth knowing
   * about: said once per run as a warning (not only with --verbose), naming the folder.
   */
  private reportBadCacheEntry(bad: BadEntry): void {
    if (this.badCacheEntrySaid) return;
    this.badCacheEntrySaid = true;
    this.log(
      `warning: ignored a damaged HTTP cache entry in ${this.cache?.dir ?? "the cache"} (${bad.reason}); the answer was read from GitHub instead (further damaged entries are ignored without a word; --no-cache skips the cache, deleting the folder clears it)`,
    );
  }

  private malformedGraphql(why: string): GitHubError {
    return new GitHubError(
      this.scrub(`GitHub's GraphQL answer was malformed: ${why}`),
      "GitHub (or a proxy in between) did not answer with GraphQL; re-run later, and check --graphql-url / GITHUB_GRAPHQL_URL.",
    );
  }

  /** The GraphQL answer's body, or a GitHubError saying it is not one (not JSON, no data/errors). */
  private checkGraphqlBody<T>(raw: unknown): GraphqlBody<T> {
    const malformed = (why: string) => this.malformedGraphql(why);
    if (typeof raw === "string") {
      const text = forTerminal(raw.trim());
      const start = text.length > 40 ? `${text.slice(0, 40)}…` : text;
      throw malformed(text === "" ? "an empty body" : `not JSON (it begins ${JSON.stringify(start)})`);
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw malformed(raw instanceof ArrayBuffer ? "not JSON (a binary body)" : "not a JSON object");
    }
    const body = raw as { data?: unknown; errors?: unknown };
    if (!("data" in body) && !("errors" in body))
      throw malformed("a JSON object with neither data nor errors");
    if (body.errors !== undefined && !Array.isArray(body.errors)) throw malformed("errors is not a list");
    const errors = (body.errors as unknown[] | undefined)?.map((e) => {
      const x = (typeof e === "object" && e !== null ? e : {}) as Record<string, unknown>;
      return {
        message: typeof x.message === "string" ? x.message : "an error without a message",
        ...(typeof x.type === "string" ? { type: x.type } : {}),
        ...(Array.isArray(x.path) ? { path: x.path } : {}),
      };
    });
    if (!errors?.length && (typeof body.data !== "object" || body.data === null)) {
      throw malformed("no data and no errors");
    }
    return { data: body.data as T | null | undefined, ...(errors ? { errors } : {}) };
  }

  /** Serialises writes and spaces them `writeIntervalMs` apart, measured from the end of the last one. */
  private spaceWrite<R>(send: () => Promise<R>): Promise<R> {
    const run = async () => {
      await sleep(this.lastWriteAt + this.writeIntervalMs - Date.now());
      try {
        return await send();
      } finally {
        this.lastWriteAt = Date.now();
      }
    };
    const result = this.writeChain.then(run, run);
    this.writeChain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * Wraps fetch: counts and logs every HTTP attempt (so retries show), gives each one a deadline
   * (headers and body: the body is read here, bounded, so a stalled or truncated body is a retried
   * network failure and never half an answer), serves 304s from the cache and marks network
   * failures. `useCache` false: no cache lookup (the fresh answer is still stored).
   */
  private createFetch(inner: typeof fetch, useCache: boolean): typeof fetch {
    return async (input, init) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      const isGraphql = url.href.replace(/\/+$/, "") === this.graphqlUrl.replace(/\/+$/, "");
      const isWrite = !isGraphql && method !== "GET" && method !== "HEAD";
      if (isGraphql) this.stats.graphql++;
      else {
        this.stats.rest++;
        if (isWrite) this.stats.writes++;
      }
      const started = Date.now();
      const what = `${method} ${url.pathname}${url.search}`;
      const cacheable = this.cache !== undefined && method === "GET" && !isGraphql;
      const cached = cacheable && useCache ? await this.cache?.read(url.href) : undefined;
      const headers = new Headers(init?.headers);
      if (cached) headers.set("if-none-match", cached.etag);

      const mutation = isGraphql && isMutation(init?.body);
      const budget = isGraphql ? "graphql" : "rest";
      const spend = await this.paceSecondary(budget, isWrite || mutation ? 5 : 1);

      const deadlineMs = isWrite ? this.writeTimeoutMs : this.timeoutMs;
      const controller = new AbortController();
      let timedOut = false;
      // This timer also keeps the process alive while an answer is awaited: undici's fetch can stay
      // pending on a connection closed as it was accepted, and with nothing else scheduled Node
      // would end the top-level await with exit 13 and not a word.
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, deadlineMs);
      const outer = init?.signal;
      const forward = () => controller.abort(outer?.reason);
      if (outer?.aborted) forward();
      else outer?.addEventListener("abort", forward, { once: true });

      let response: globalThis.Response;
      let body: Uint8Array;
      try {
        response = await inner(input, { ...init, headers, signal: controller.signal });
        body = await readBody(response, MAX_BODY_BYTES);
      } catch (error) {
        const detail = timedOut
          ? `no answer within ${describeMs(deadlineMs)}`
          : error instanceof BodyTooLarge
            ? error.message
            : describeNetworkError(error);
        if (this.options.verbose) {
          const waited = timedOut
            ? `no answer from ${url.host} within ${describeMs(deadlineMs)} (the deadline; WAKU_PM_TIMEOUT_MS sets it)`
            : `network error (${detail})`;
          this.log(`${what} → ${waited} ${Date.now() - started}ms`);
        }
        throw new NetworkFailure(url.host, detail, timedOut ? deadlineMs : undefined);
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener("abort", forward);
        this.secondary[budget].settle(spend, Date.now());
      }

      if (response.status === 304) this.stats.notModified++;
      const remaining = Number(response.headers.get("x-ratelimit-remaining") ?? Number.NaN);
      const limit = Number(response.headers.get("x-ratelimit-limit") ?? Number.NaN);
      // REST and GraphQL draw on separate budgets on GitHub: keep each one's last reading.
      if (Number.isFinite(remaining) && Number.isFinite(limit)) {
        if (isGraphql) {
          this.stats.graphqlRateRemaining = remaining;
          this.stats.graphqlRateLimit = limit;
        } else {
          this.stats.rateRemaining = remaining;
          this.stats.rateLimit = limit;
        }
      }
      if (this.options.verbose) {
        const rate =
          Number.isFinite(remaining) && Number.isFinite(limit) ? ` (rate ${remaining}/${limit})` : "";
        this.log(`${what} → ${response.status} ${Date.now() - started}ms${rate}`);
      }
      if (cached && response.status === 304) {
        // Octokit throws on 304; hand it the stored answer as the 200 it stands for, with the
        // fresh rate-limit headers.
        const replayed = new Headers(response.headers);
        for (const [name, value] of Object.entries(cached.headers)) replayed.set(name, value);
        replayed.delete("content-length");
        return withUrl(new Response(cached.body, { status: 200, headers: replayed }), response.url);
      }
      if (cacheable && response.status === 200) {
        const etag = response.headers.get("etag");
        if (etag) {
          const stored: Record<string, string> = {};
          for (const name of REPLAYED_HEADERS) {
            const value = response.headers.get(name);
            if (value !== null) stored[name] = value;
          }
          await this.cache?.write(url.href, {
            etag,
            headers: stored,
            body: Buffer.from(body).toString("utf8"),
          });
        }
      }
      const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
      return withUrl(
        new Response(nullBody ? null : body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        }),
        response.url,
      );
    };
  }

  /**
   * Waits, when it must, until the request's points fit within GitHub's secondary limit for the
   * last minute. Each attempt counts (a retry, a 304), as GitHub counts requests, not answers.
   */
  private async paceSecondary(kind: "rest" | "graphql", points: number): Promise<Spend> {
    for (;;) {
      const spend = this.secondary[kind].reserve(points, Date.now());
      if (typeof spend !== "number") return spend;
      if (spend >= SAY_PACING_FROM_S * this.retryBaseMs && !this.pacingSaid) {
        this.pacingSaid = true;
        const budget = `${this.secondary[kind].budget.toLocaleString("en-US")} ${kind === "rest" ? "REST" : "GraphQL"} points`;
        this.log(
          `pacing requests to GitHub's secondary limit (${budget} a minute): waiting ${describeMs(spend)}, and as needed after that`,
        );
      }
      await sleep(spend);
    }
  }

  private toGitHubError(error: unknown, route: string, params: Params): GitHubError {
    if (error instanceof GitHubError) return error;
    const e = error as {
      status?: number;
      cause?: unknown;
      response?: { headers?: Record<string, string | undefined>; data?: unknown };
    };
    const what = describeRoute(route, params);
    const network = findNetworkFailure(error);
    if (network) {
      const attempts = SERVER_ERROR_RETRIES + 1;
      if (network.timeoutMs !== undefined) {
        // Fatal: after four attempts of this long, the next request would only wait as long, and
        // callers that "report and go on" (a fallback read, the next repository) would multiply
        // the silence instead of ending it.
        return new FatalGitHubError(
          this.scrub(
            `no answer from ${network.host} to ${what} within ${describeMs(network.timeoutMs)} (${attempts} attempts)`,
          ),
          `GitHub or the network is stalled; re-run later (finished work is not repeated), or allow more time with ${TIMEOUT_ENV} (milliseconds).`,
        );
      }
      return new GitHubError(
        this.scrub(`could not reach ${network.host} (${network.detail}) during ${what}`),
        "Check the network connection and --api-url / GITHUB_API_URL; re-run to finish.",
      );
    }
    const status = e.status;
    const headers = e.response?.headers ?? {};
    const bodyMessage = readBodyMessage(e.response?.data);
    const scrub = (s: string) => this.scrub(s);
    const make = (message: string, hint?: string) =>
      new GitHubError(scrub(message), hint && scrub(hint), status);
    const fatal = (message: string, hint: string) =>
      new FatalGitHubError(scrub(message), scrub(hint), status);

    if (status === 401) {
      return fatal(
        "GitHub rejected the token (401): check GITHUB_TOKEN",
        "Set GITHUB_TOKEN (or GH_TOKEN) to a valid token.",
      );
    }
    // REST says so with a 403/429 and `x-ratelimit-remaining: 0`; GraphQL with a 200 whose errors
    // have type RATE_LIMITED (plugin-throttling turns that into an error without a status).
    const graphqlLimited = hasRateLimitedError(e.response?.data);
    if (((status === 403 || status === 429) && headers["x-ratelimit-remaining"] === "0") || graphqlLimited) {
      const reset = Number(headers["x-ratelimit-reset"]);
      const when =
        Number.isFinite(reset) && reset > 0 ? describeReset(reset * 1000, Date.now()) : "within the hour";
      return fatal(
        `GitHub API rate limit exhausted during ${what}; it resets ${when}`,
        "Wait until the reset and re-run (finished work is not repeated), or use a token with a higher limit.",
      );
    }
    if ((status === 403 || status === 429) && /secondary rate/i.test(bodyMessage)) {
      return make(
        `GitHub's secondary rate limit stopped ${what} after ${SECONDARY_RETRIES} retries`,
        "Wait a few minutes and re-run; a larger --write-interval spaces writes further apart.",
      );
    }
    if (status === 403) {
      const permission = headers["x-accepted-github-permissions"];
      const needed = headers["x-accepted-oauth-scopes"];
      const has = headers["x-oauth-scopes"];
      if (permission) {
        return make(
          `GitHub refused ${what} (403): the token lacks the permission ${permission}`,
          `Grant the token "${permission.replace(/=/g, ": ").replace(/,\s*/g, ", ")}" on ${target(params)}.`,
        );
      }
      if (needed !== undefined && needed !== "") {
        return make(
          `GitHub refused ${what} (403): the token needs the scope ${needed} (it has: ${has || "none"})`,
          `Create a token with the "${needed}" scope.`,
        );
      }
      return make(
        `GitHub refused ${what} (403)${bodyMessage ? `: ${bodyMessage}` : ""}`,
        `Check that the token may access ${target(params)}.`,
      );
    }
    if (status === 404) {
      if (typeof params.name === "string" && /\{name\}/.test(route)) {
        return make(
          `label "${params.name}" not found in ${target(params)} (404)`,
          "It was renamed or deleted meanwhile: re-run to plan from the current labels.",
        );
      }
      return make(
        `${target(params)} not found (404), or the token cannot see it`,
        "Check the name (--org, the config's org, --repo) and that the token has access to it.",
      );
    }
    if (status === 422) {
      return make(
        `GitHub refused ${what} (422)${bodyMessage ? `: ${bodyMessage}` : ""}`,
        "Check the label file against GitHub's limits (names ≤ 50, descriptions ≤ 100 characters).",
      );
    }
    if (status !== undefined && status >= 500) {
      return make(
        `GitHub failed ${what} (${status}) after ${SERVER_ERROR_RETRIES} retries`,
        "GitHub may be having trouble; re-run later to finish (finished work is not repeated).",
      );
    }
    return make(`${what} failed${status ? ` (${status})` : ""}${bodyMessage ? `: ${bodyMessage}` : ""}`);
  }
}

function hasRateLimitedError(data: unknown): boolean {
  const errors = (data as { errors?: unknown } | undefined)?.errors;
  return (
    Array.isArray(errors) && errors.some((x: unknown) => (x as { type?: unknown })?.type === "RATE_LIMITED")
  );
}

function findNetworkFailure(error: unknown): NetworkFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof NetworkFailure) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  let detail = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
    if (current instanceof Error) detail = current.message;
  }
  return detail;
}

/** The message GitHub put in an error body, plus validation codes (`already_exists`). */
function readBodyMessage(data: unknown): string {
  if (!data || typeof data !== "object") return typeof data === "string" ? data.slice(0, 200) : "";
  const d = data as { message?: unknown; errors?: unknown };
  const message = typeof d.message === "string" ? d.message : "";
  const codes = Array.isArray(d.errors)
    ? d.errors
        .map((x: unknown) =>
          typeof x === "string"
            ? x
            : [
                (x as { field?: unknown }).field,
                (x as { code?: unknown }).code,
                (x as { message?: unknown }).message,
              ]
                .filter((v) => typeof v === "string")
                .join(" "),
        )
        .filter(Boolean)
    : [];
  return codes.length ? `${message} (${codes.join("; ")})` : message;
}

/** `org/repo`, or `organisation org`, from the parameters we sent. */
function target(params: Params): string {
  if (typeof params.owner === "string" && typeof params.repo === "string") {
    return `repository ${params.owner}/${params.repo}`;
  }
  if (typeof params.org === "string") return `organisation ${params.org}`;
  if (typeof params.owner === "string") return `owner ${params.owner}`;
  return "the resource";
}

/** `PATCH /repos/waku-org/nwaku/labels/bug`: the route with our own parameters filled in. */
function describeRoute(route: string, params: Params): string {
  return route.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return typeof value === "string" || typeof value === "number" ? String(value) : whole;
  });
}

/** What plugin-throttling hands its handlers: the route template and our parameters. */
type RouteOptions = { method?: string; url?: string } & Params;

/**
 * `POST /repos/waku-org/nwaku/labels` for a throttled request: the template filled with the
 * request's own parameters (a later page's URL is GitHub's own, shown as its path).
 */
function describeOpts(opts: RouteOptions): string {
  const method = (opts.method ?? "GET").toUpperCase();
  const url = opts.url ?? "";
  const path = /^https?:\/\//i.test(url) ? pathOf(url) : url;
  return `${method} ${describeRoute(path, opts)}`.trim();
}

/** The path and query of an absolute URL (the host is the configured one). */
function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
}

/** The URL of `rel="next"` in a Link header, if any. */
function nextLink(link: unknown): string | undefined {
  if (typeof link !== "string") return undefined;
  return /<([^<>]+)>;\s*rel="next"/.exec(link)?.[1];
}

/**
 * The items of one page of a REST list: the array itself, or the one array in an object answer
 * (search's `items`, `{ total_count, repositories }`), as plugin-paginate-rest reads them.
 */
function listItems(data: unknown, what: string): unknown[] {
  if (Array.isArray(data)) return data;
  if (typeof data === "object" && data !== null) {
    const lists = Object.values(data).filter(Array.isArray);
    if (lists.length === 1) return lists[0] as unknown[];
  }
  throw new GitHubError(
    `GitHub's answer to ${what} was not a list`,
    "GitHub (or a proxy in between) answered something unexpected; re-run later, and check --api-url / GITHUB_API_URL.",
  );
}

interface GraphqlBody<T> {
  data?: T | null | undefined;
  errors?: { message: string; type?: string; path?: unknown[] }[];
}

/** `30 s`, `0.2 s`, `2 minutes`. */
function describeMs(ms: number): string {
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(ms < 1000 ? 2 : 1))} s`;
  return describeDuration(ms);
}

class BodyTooLarge extends Error {}

/** The whole body, at most `limit` bytes (a larger one is refused, not buffered). */
async function readBody(response: globalThis.Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(`an answer larger than ${Math.round(limit / 1024 / 1024)} MB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A rebuilt Response keeps the URL it came from (Octokit reports it; a constructed one has ""). */
function withUrl(response: globalThis.Response, url: string): globalThis.Response {
  if (url) Object.defineProperty(response, "url", { value: url });
  return response;
}
