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
 * - `retry-after` and `x-ratelimit-reset` are honoured (plugin-throttling), 5xx and network resets
 *   retried (plugin-retry);
 * - every failure becomes a one-line GitHubError saying what to do. Messages are built from the
 *   status and the route we asked for, never from Octokit's error (it embeds request headers), and
 *   the token is scrubbed from anything that reaches a log.
 *
 * OWNER: the sync-labels/GitHub-layer work. Others may call it, not change it.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { GitHubError } from "../errors.js";
import { sanitizeForTerminal } from "../render/style.js";

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
  /** Environment to read test-only knobs from; defaults to the process environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The fetch to use (tests); defaults to the global fetch. */
  fetch?: typeof fetch;
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
}

export type Params = Record<string, unknown>;

export interface Response<T> {
  status: number;
  data: T;
  headers: Record<string, string | number | undefined>;
}

/** Test-only: `WAKU_PM_RETRY_BASE_MS=1` makes every retry wait (retry-after, backoff) near zero. */
export const RETRY_BASE_ENV = "WAKU_PM_RETRY_BASE_MS";

const DEFAULT_WRITE_INTERVAL_MS = 1000;
const DEFAULT_RETRY_BASE_MS = 1000;
const DEFAULT_MAX_RATE_LIMIT_WAIT_S = 15 * 60;
/** GitHub allows 100 concurrent requests; stay well below. */
const MAX_CONCURRENT = 10;
const SECONDARY_RETRIES = 3;
const SERVER_ERROR_RETRIES = 3;

/**
 * A failure after which no other request can succeed either (the token was rejected, the hourly
 * rate limit is spent): callers that "report and go on" stop instead.
 */
export class FatalGitHubError extends GitHubError {}

/** Thrown by our fetch wrapper so a network failure can be told from a 500 GitHub sent. */
class NetworkFailure extends Error {
  constructor(
    readonly host: string,
    readonly detail: string,
  ) {
    super(`network error reaching ${host}: ${detail}`);
  }
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

/** Where the HTTP cache lives: WAKU_PM_CACHE_DIR, else $XDG_CACHE_HOME/waku-pm, else ~/.cache/waku-pm. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.WAKU_PM_CACHE_DIR) return env.WAKU_PM_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "waku-pm");
  if (env.HOME) return join(env.HOME, ".cache", "waku-pm");
  return undefined;
}

interface CacheEntry {
  etag: string;
  /** Headers worth replaying: Link carries the pagination. */
  headers: Record<string, string>;
  body: string;
}

/**
 * An on-disk cache of GET responses for conditional requests: a GET answered 304 Not Modified to
 * `If-None-Match` costs nothing against the primary rate limit, which matters for a CI job
 * re-checking 18 repositories on a 1,000-an-hour Actions token. Entries are keyed by a hash of the
 * token's hash and the URL, so two tokens never share answers and the token is never written.
 * Every failure here is ignored: the cache only saves requests, it never changes an answer.
 */
class HttpCache {
  private readonly namespace: string;
  constructor(
    private readonly dir: string,
    token: string,
  ) {
    this.namespace = createHash("sha256").update(`waku-pm\n${token}`).digest("hex");
  }

  private fileFor(url: string): string {
    const key = createHash("sha256").update(`${this.namespace}\n${url}`).digest("hex");
    return join(this.dir, `${key}.json`);
  }

  async read(url: string): Promise<CacheEntry | undefined> {
    try {
      const entry = JSON.parse(await readFile(this.fileFor(url), "utf8")) as CacheEntry;
      return typeof entry.etag === "string" && typeof entry.body === "string" ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async write(url: string, entry: CacheEntry): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const file = this.fileFor(url);
      // Write then rename, so a concurrent reader never sees half an entry.
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(entry), { mode: 0o600 });
      await rename(temp, file);
    } catch {
      // A read-only or full disk only costs the saving.
    }
  }
}

const REPLAYED_HEADERS = ["link", "content-type"];

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
    rateLimit: undefined,
  };
  private readonly octokit: Octokit;
  private readonly graphqlUrl: string;
  private readonly retryBaseMs: number;
  private writeIntervalMs: number;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private writeChain: Promise<void> = Promise.resolve();
  private cache: HttpCache | undefined;

  constructor(private readonly options: GitHubClientOptions) {
    this.graphqlUrl = options.graphqlUrl;
    this.writeIntervalMs = options.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS;
    const env = options.env ?? process.env;
    const raw = env[RETRY_BASE_ENV];
    const fromEnv = raw !== undefined && raw !== "" && Number(raw) >= 0 ? Number(raw) : undefined;
    this.retryBaseMs = options.retryBaseMs ?? fromEnv ?? DEFAULT_RETRY_BASE_MS;
    const maxWait = options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_S;
    if (options.cacheDir) this.cache = new HttpCache(options.cacheDir, options.token);

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
      onRateLimit: (
        retryAfter: number,
        opts: { method?: string; url?: string },
        _o: unknown,
        count: number,
      ) => {
        if (count >= 1 || retryAfter > maxWait) return false;
        this.log(
          `GitHub rate limit exhausted: waiting ${retryAfter}s for the reset before ${describeOpts(opts)}`,
        );
        return true;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        opts: { method?: string; url?: string },
        _o: unknown,
        count: number,
      ) => {
        if (count >= SECONDARY_RETRIES) return false;
        this.log(`GitHub secondary rate limit: waiting ${retryAfter}s before retrying ${describeOpts(opts)}`);
        return true;
      },
    };
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
      request: { fetch: this.createFetch(options.fetch ?? globalThis.fetch) },
    });
  }

  /**
   * Turns on the on-disk cache for conditional GETs (commands call it unless --no-cache, with
   * `defaultCacheDir(ctx.env)`). Cached answers count in `stats.notModified`.
   */
  enableCache(dir: string | undefined): void {
    if (dir) this.cache = new HttpCache(dir, this.options.token);
  }

  /** Sets the spacing between writes (sync-labels' --write-interval). */
  setWriteInterval(ms: number): void {
    this.writeIntervalMs = Math.max(0, ms);
  }

  /** One REST request. Path parameters are passed raw: Octokit percent-encodes them itself. */
  async request<T = unknown>(route: string, params: Params = {}): Promise<Response<T>> {
    const method = (route.split(" ")[0] ?? "GET").toUpperCase();
    const send = async () => {
      try {
        const res = await this.octokit.request(route, params);
        return { status: res.status, data: res.data as T, headers: res.headers as Response<T>["headers"] };
      } catch (error) {
        throw this.toGitHubError(error, route, params);
      }
    };
    if (method === "GET" || method === "HEAD") return send();
    return this.spaceWrite(send);
  }

  /** Every page of a REST list (per_page 100, following `Link`). */
  async paginate<T = unknown>(route: string, params: Params = {}): Promise<T[]> {
    try {
      const items: T[] = [];
      // The route is a runtime string, so Octokit's per-route typing cannot apply here.
      const iterate = this.octokit.paginate.iterator as (
        route: string,
        params: Params,
      ) => AsyncIterable<{ data: unknown }>;
      for await (const page of iterate(route, { per_page: 100, ...params })) {
        items.push(...(page.data as T[]));
      }
      return items;
    } catch (error) {
      throw this.toGitHubError(error, route, params);
    }
  }

  /** One GraphQL document against the configured GraphQL URL. */
  async graphql<T = unknown>(query: string, variables: Params = {}): Promise<T> {
    let body: { data?: T | null; errors?: { message: string; type?: string; path?: unknown[] }[] };
    try {
      const res = await this.octokit.request(`POST ${this.graphqlUrl}`, { query, variables });
      body = res.data as typeof body;
    } catch (error) {
      throw this.toGitHubError(error, "POST graphql", {});
    }
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

  /** `requests: 19 REST (0 cached), 0 GraphQL, 0 writes; rate limit 4981/5000` */
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
    return `requests: ${s.rest} REST (${s.notModified} cached), ${s.graphql} GraphQL, ${s.writes} writes; ${rate}`;
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
   * terminal escape sequences as well.
   */
  private scrub(text: string): string {
    const token = this.options.token;
    const safe = sanitizeForTerminal(text);
    return token.length >= 4 ? safe.split(token).join("[REDACTED]") : safe;
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

  /** Wraps fetch: counts and logs every HTTP attempt (so retries show), marks network failures. */
  private createFetch(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      const isGraphql = url.href.replace(/\/+$/, "") === this.graphqlUrl.replace(/\/+$/, "");
      if (isGraphql) this.stats.graphql++;
      else {
        this.stats.rest++;
        if (method !== "GET" && method !== "HEAD") this.stats.writes++;
      }
      const started = Date.now();
      const what = `${method} ${url.pathname}${url.search}`;
      const cached =
        this.cache && method === "GET" && !isGraphql ? await this.cache.read(url.href) : undefined;
      let sendInit = init;
      if (cached) {
        const headers = new Headers(init?.headers);
        headers.set("if-none-match", cached.etag);
        sendInit = { ...init, headers };
      }
      let response: globalThis.Response;
      try {
        response = await inner(input, sendInit);
      } catch (error) {
        const detail = describeNetworkError(error);
        if (this.options.verbose) this.log(`${what} → network error (${detail}) ${Date.now() - started}ms`);
        throw new NetworkFailure(url.host, detail);
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
        const headers = new Headers(response.headers);
        for (const [name, value] of Object.entries(cached.headers)) headers.set(name, value);
        headers.delete("content-length");
        return new Response(cached.body, { status: 200, headers });
      }
      if (this.cache && method === "GET" && !isGraphql && response.status === 200) {
        const etag = response.headers.get("etag");
        if (etag) {
          const headers: Record<string, string> = {};
          for (const name of REPLAYED_HEADERS) {
            const value = response.headers.get(name);
            if (value !== null) headers[name] = value;
          }
          await this.cache.write(url.href, { etag, headers, body: await response.clone().text() });
        }
      }
      return response;
    };
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
      return new GitHubError(
        `could not reach ${network.host} (${network.detail}) during ${what}`,
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
        Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : "the next hour";
      return fatal(
        `GitHub API rate limit exhausted during ${what}; it resets at ${when}`,
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

function describeOpts(opts: { method?: string; url?: string }): string {
  return `${opts.method ?? "GET"} ${opts.url ?? ""}`.trim();
}
