/**
 * A stateful fake of GitHub's REST and GraphQL APIs on 127.0.0.1 (port 0), for tests, the demo
 * and the benchmark. `rest.ts` holds the endpoints, `graphql.ts` the GraphQL half; this file is the
 * transport GitHub wraps around them: tokens, primary and search rate limits with their headers,
 * ETags and free 304s, secondary-limit spacing of writes, injected faults, latency, a request log,
 * and OpenAPI validation of every request and response (a violation becomes a 500 naming it, so
 * the test that caused it fails).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerFault, type Fault, FaultQueue } from "./faults.js";
import { handleGraphql } from "./graphql.js";
import { setGraphqlBehaviour } from "./graphql-resolvers.js";
import {
  badCredentials,
  badJson,
  notFound,
  type RestAnswer,
  rateLimited,
  secondaryRateLimited,
  serverError,
} from "./http-answers.js";
import { createOpenApiValidator, type OpenApiValidator } from "./openapi-validator.js";
import { isSpent, RateLimits, type Resource, rateHeaders } from "./rate-limits.js";
import { matchRoute, type RestContext } from "./rest.js";
import type { Seed } from "./seed.js";
import { createState, type SimState, userId } from "./state.js";

export type { Fault } from "./faults.js";
export type { SimState } from "./state.js";

export interface SimulatorOptions {
  seed: Seed;
  /** Delay added to every answer (the benchmark uses 100); default 0. */
  latencyMs?: number;
  /** OpenAPI validation of every request and response; default true. */
  validate?: boolean;
  /** Primary limit per token per hour (core and GraphQL each); default 5000. */
  rateLimit?: number;
  /**
   * If set, a write arriving sooner than this after the previous write gets a secondary-rate-limit
   * 403 with `retry-after`; default off.
   */
  secondaryWriteSpacingMs?: number;
  /**
   * GitHub's secondary limit on points per minute ("Rate limits for the REST API", secondary
   * limits): REST 900 (a GET or HEAD 1, any other method 5), GraphQL 2,000 (a query 1, a mutation
   * 5), counted over the last `windowMs` (default 60 s; a test shortens it). A request past it gets
   * a secondary-rate-limit 403 with `retry-after` and is not counted. Default off.
   */
  secondaryPointsPerMinute?: { rest?: number; graphql?: number; windowMs?: number };
  /** Port to listen on (always on 127.0.0.1); default 0, any free port. */
  port?: number;
  /**
   * The simulator's clock: what writes stamp `updated_at`, `closed_at` and their events with
   * (default: the current time). The demo pins it, so what it records is reproducible.
   */
  now?: () => Date;
  /** Who REST writes and GraphQL mutations act as (the events' actor, GraphQL's viewer); default waku-pm-bot. */
  actor?: string;
  /**
   * Match the GraphQL `labels:` argument of issues/pullRequests case-sensitively, as GitHub was
   * reported to (cli/cli#1819); default false (ignoring case). Search's `label:` ignores case.
   */
  caseSensitiveLabelFilter?: boolean;
}

export interface RequestLogEntry {
  method: string;
  /** Decoded path, no query. */
  path: string;
  query: Record<string, string>;
  status: number;
  kind: "rest" | "graphql";
  write: boolean;
  /** Primary rate-limit points charged: 1 per REST request, 0 for an authenticated 304, GraphQL: the document's cost. */
  cost: number;
}

export interface Simulator {
  /** REST base, e.g. http://127.0.0.1:PORT */
  url: string;
  /** `${url}/graphql` */
  graphqlUrl: string;
  /** Live state, for assertions. */
  state: SimState;
  log: RequestLogEntry[];
  /** OpenAPI (and GraphQL schema) violations seen; tests assert it stays empty. */
  violations: string[];
  injectFault(fault: Fault): void;
  clearLog(): void;
  close(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** `Authorization: token X` or `Bearer X` (GitHub accepts both). */
function readToken(header: string | undefined): string | undefined {
  const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1];
}

/** A weak ETag derived from the body; sha1 because list pages run to hundreds of kilobytes. */
function etagOf(json: string): string {
  return `W/"${createHash("sha1").update(json).digest("hex")}"`;
}

/** An answer on its way out; `json` is the body already serialised (for the ETag) so it is done once. */
type Outgoing = RestAnswer & { json?: string };

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string): string => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

function isMutation(body: unknown): boolean {
  const query = (body as { query?: unknown } | null)?.query;
  return typeof query === "string" && /^\s*mutation\b/.test(query.replace(/^\s*#.*$/gm, ""));
}

/** GitHub's secondary points per minute, REST and GraphQL apart, over a sliding window. */
class SecondaryPoints {
  private readonly spent = {
    rest: [] as { at: number; points: number }[],
    graphql: [] as { at: number; points: number }[],
  };
  private readonly budget: { rest: number; graphql: number };
  private readonly windowMs: number;

  constructor(limits: NonNullable<SimulatorOptions["secondaryPointsPerMinute"]>) {
    this.budget = { rest: limits.rest ?? 900, graphql: limits.graphql ?? 2000 };
    this.windowMs = limits.windowMs ?? 60_000;
  }

  /** Counts the request's points; when they do not fit, the seconds to wait instead (at least 1). */
  spend(kind: "rest" | "graphql", points: number, now: number): number | undefined {
    const spent = this.spent[kind];
    while (spent.length > 0 && spent[0]!.at <= now - this.windowMs) spent.shift();
    const used = spent.reduce((sum, s) => sum + s.points, 0);
    if (used + points <= this.budget[kind]) {
      spent.push({ at: now, points });
      return undefined;
    }
    return Math.max(1, Math.ceil((spent[0]!.at + this.windowMs - now) / 1000));
  }
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const state = createState(options.seed, {
    ...(options.now ? { now: options.now } : {}),
    ...(options.actor ? { actor: options.actor } : {}),
  });
  if (options.caseSensitiveLabelFilter) setGraphqlBehaviour(state, { caseSensitiveLabelFilter: true });
  const log: RequestLogEntry[] = [];
  const violations: string[] = [];
  const faults = new FaultQueue();
  const limits = new RateLimits(options.rateLimit ?? 5000);
  const latencyMs = options.latencyMs ?? 0;
  const validator: OpenApiValidator | undefined =
    options.validate === false ? undefined : createOpenApiValidator();
  let lastWriteAt: number | undefined;
  const secondaryPoints = options.secondaryPointsPerMinute
    ? new SecondaryPoints(options.secondaryPointsPerMinute)
    : undefined;
  let requestCounter = 0;
  let url = "";

  const send = (res: ServerResponse, answer: Outgoing, headers: Record<string, string>): void => {
    requestCounter += 1;
    const all: Record<string, string> = {
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      "x-github-request-id": `SIM:${requestCounter.toString(16).toUpperCase()}`,
      ...headers,
      ...answer.headers,
    };
    if (answer.body === undefined || answer.status === 204 || answer.status === 304) {
      res.writeHead(answer.status, all);
      res.end();
      return;
    }
    const json = answer.json ?? JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(json)),
      ...all,
    });
    res.end(json);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const method = (req.method ?? "GET").toUpperCase();
    const parsedUrl = new URL(req.url ?? "/", "http://127.0.0.1");
    const rawPath = parsedUrl.pathname;
    const path = safeDecode(rawPath);
    const query: Record<string, string> = Object.fromEntries(parsedUrl.searchParams);
    const isGraphql = method === "POST" && rawPath.replace(/\/+$/, "") === "/graphql";
    const kind: RequestLogEntry["kind"] = isGraphql ? "graphql" : "rest";

    let body: unknown;
    let bodyBroken = false;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        bodyBroken = true;
      }
    }
    const write = isGraphql ? isMutation(body) : method !== "GET" && method !== "HEAD";
    const finish = (answer: Outgoing, headers: Record<string, string>, cost: number): void => {
      log.push({ method, path, query, status: answer.status, kind, write, cost });
      send(res, answer, headers);
    };

    if (latencyMs > 0) await sleep(latencyMs);

    const token = readToken(req.headers.authorization);
    if (token === undefined || !state.tokens.includes(token)) {
      finish(badCredentials(), {}, 0);
      return;
    }
    const who = userId(`token:${token}`);

    const fault = faults.take(method, path);
    if (fault) {
      if (fault.kind === "network-reset") {
        log.push({ method, path, query, status: 0, kind, write, cost: 0 });
        req.socket.destroy();
        return;
      }
      const resource: Resource = isGraphql ? "graphql" : path.startsWith("/search/") ? "search" : "core";
      const failed = answerFault(fault, state, who, limits.bucket(token, resource), resource, Date.now());
      finish(failed.answer, failed.headers, failed.cost);
      return;
    }

    if (bodyBroken) {
      finish(badJson(), {}, 0);
      return;
    }

    const refusal = secondaryPoints?.spend(kind, write ? 5 : 1, Date.now());
    if (refusal !== undefined) {
      finish(secondaryRateLimited(), { "retry-after": String(refusal) }, 0);
      return;
    }

    if (isGraphql) {
      const bucket = limits.bucket(token, "graphql");
      if (isSpent(bucket)) {
        finish(
          {
            status: 200,
            body: {
              errors: [{ type: "RATE_LIMITED", message: `API rate limit exceeded for user ID ${who}.` }],
            },
          },
          rateHeaders(bucket, "graphql"),
          0,
        );
        return;
      }
      const answer = await handleGraphql(state, body, {
        rateLimit: limits.view(token, "graphql"),
        htmlUrl: "https://github.com",
        viewer: state.actor,
        now: state.now,
      });
      // The GraphQL half may report schema violations of its own (an optional field, so either
      // half can change without the other).
      const reported = (answer as { violations?: unknown }).violations;
      if (Array.isArray(reported)) violations.push(...reported.map(String));
      bucket.used += answer.cost;
      finish({ status: answer.status, body: answer.body }, rateHeaders(bucket, "graphql"), answer.cost);
      return;
    }

    const match = matchRoute(method, rawPath);
    const resource: Resource = match?.route.resource ?? "core";
    const bucket = limits.bucket(token, resource);

    const free = match?.route.free === true;
    if (!free && isSpent(bucket)) {
      finish(rateLimited(state, who), rateHeaders(bucket, resource), 0);
      return;
    }

    if (write && options.secondaryWriteSpacingMs !== undefined) {
      const now = Date.now();
      if (lastWriteAt !== undefined && now - lastWriteAt < options.secondaryWriteSpacingMs) {
        const retryAfter = Math.max(
          1,
          Math.ceil((options.secondaryWriteSpacingMs - (now - lastWriteAt)) / 1000),
        );
        finish(
          secondaryRateLimited(),
          { ...rateHeaders(bucket, resource), "retry-after": String(retryAfter) },
          0,
        );
        return;
      }
      lastWriteAt = now;
    }

    if (!match) {
      // GitHub answers an unknown path 404; here it may equally be a real endpoint the simulator
      // does not serve, and a test must not mistake that 404 for GitHub's answer.
      if (validator)
        violations.push(`${method} ${path} is not an endpoint the simulator serves (answered 404)`);
      bucket.used += 1;
      finish(notFound(), rateHeaders(bucket, resource), 1);
      return;
    }

    const violation = (where: string, problems: string[]): RestAnswer => {
      const message = `OpenAPI violation in ${method} ${match.route.template} ${where}: ${problems.join("; ")}`;
      violations.push(message);
      return serverError(500, message);
    };

    if (validator) {
      const problems = validator.checkRequest(method, match.route.template, {
        params: match.params,
        query,
        body,
        hasBody: raw.length > 0,
      });
      if (problems.length > 0) {
        bucket.used += 1;
        finish(violation("request", problems), rateHeaders(bucket, resource), 1);
        return;
      }
    }

    const ctx: RestContext = {
      state,
      base: { api: url, html: "https://github.com" },
      now: state.now,
      rateLimits: () => ({
        core: limits.view(token, "core"),
        search: limits.view(token, "search"),
        graphql: limits.view(token, "graphql"),
      }),
    };
    let answer: Outgoing = match.route.handle(ctx, {
      method,
      params: match.params,
      query,
      body,
      selfUrl: `${url}${rawPath}`,
    });

    if (validator) {
      const problems = validator.checkResponse(method, match.route.template, answer.status, answer.body);
      if (problems.length > 0) answer = violation(`response ${answer.status}`, problems);
    }

    // `GET /rate_limit` is free on GitHub: asking where you stand does not cost a point.
    const cost = free ? 0 : 1;
    if (method === "GET" && answer.status === 200 && answer.body !== undefined) {
      const json = JSON.stringify(answer.body);
      const etag = etagOf(json);
      if (etagMatches(req.headers["if-none-match"], etag)) {
        // An authenticated conditional request answered 304 costs nothing against the limit.
        finish(
          { status: 304, headers: { etag, ...(answer.headers ?? {}) } },
          rateHeaders(bucket, resource),
          0,
        );
        return;
      }
      answer = { ...answer, json, headers: { etag, ...(answer.headers ?? {}) } };
    }
    bucket.used += cost;
    finish(answer, rateHeaders(bucket, resource), cost);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = `simulator crashed on ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`;
      violations.push(message);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ message }));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://127.0.0.1:${address.port}`;

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    state,
    log,
    violations,
    injectFault(fault: Fault): void {
      faults.add(fault);
    },
    clearLog(): void {
      log.length = 0;
    },
    close(): Promise<void> {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
