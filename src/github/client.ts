/**
 * The one module that talks to GitHub (and the only one importing Octokit). Commands and the
 * domain modules (`labels.ts`, `planning.ts`, `updates.ts`) call `request`, `paginate` and
 * `graphql` here; they never see Octokit.
 *
 * OWNER: the sync-labels/GitHub-layer work. Others may call it, not change it.
 */
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { GitHubError } from "../errors.js";

export interface GitHubClientOptions {
  token: string;
  apiUrl: string;
  graphqlUrl: string;
  /** --verbose: one line per request (method, path, status, rate-limit use) to `log`. */
  verbose: boolean;
  log: (line: string) => void;
  userAgent?: string;
}

export interface RequestStats {
  /** REST requests sent (including 304s and retries). */
  rest: number;
  /** GraphQL documents sent. */
  graphql: number;
  /** REST requests answered 304 Not Modified from the cache. */
  notModified: number;
  /** Writes (POST/PATCH/PUT/DELETE). */
  writes: number;
  /** Last seen x-ratelimit-remaining / limit, when GitHub sent them. */
  rateRemaining: number | undefined;
  rateLimit: number | undefined;
}

export type Params = Record<string, unknown>;

export interface Response<T> {
  status: number;
  data: T;
  headers: Record<string, string | number | undefined>;
}

export class GitHubClient {
  readonly stats: RequestStats = {
    rest: 0,
    graphql: 0,
    notModified: 0,
    writes: 0,
    rateRemaining: undefined,
    rateLimit: undefined,
  };
  private readonly octokit: Octokit;

  constructor(private readonly options: GitHubClientOptions) {
    const MyOctokit = Octokit.plugin(throttling, retry);
    this.octokit = new MyOctokit({
      auth: options.token,
      baseUrl: options.apiUrl.replace(/\/+$/, ""),
      userAgent: options.userAgent ?? "waku-pm",
      throttle: {
        onRateLimit: (_retryAfter: number, _opts: unknown, _o: unknown, retryCount: number) => retryCount < 2,
        onSecondaryRateLimit: (_retryAfter: number, _opts: unknown, _o: unknown, retryCount: number) =>
          retryCount < 2,
      },
    });
  }

  /** One REST request. Path parameters are passed raw: Octokit percent-encodes them itself. */
  async request<T = unknown>(route: string, params: Params = {}): Promise<Response<T>> {
    const method = route.split(" ")[0] ?? "GET";
    this.stats.rest++;
    if (method !== "GET") this.stats.writes++;
    try {
      const res = await this.octokit.request(route, params);
      return { status: res.status, data: res.data as T, headers: res.headers as Response<T>["headers"] };
    } catch (error) {
      throw toGitHubError(error, route, params);
    }
  }

  /** Every page of a REST list (per_page 100, following `Link`). */
  async paginate<T = unknown>(route: string, params: Params = {}): Promise<T[]> {
    try {
      const items: T[] = [];
      for await (const page of this.octokit.paginate.iterator(route, { per_page: 100, ...params })) {
        this.stats.rest++;
        items.push(...(page.data as T[]));
      }
      return items;
    } catch (error) {
      throw toGitHubError(error, route, params);
    }
  }

  /** One GraphQL document against the configured GraphQL URL. */
  async graphql<T = unknown>(query: string, variables: Params = {}): Promise<T> {
    this.stats.graphql++;
    try {
      const res = await this.octokit.request(`POST ${this.options.graphqlUrl}`, { query, variables });
      const body = res.data as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length) {
        throw new GitHubError(`GitHub GraphQL error: ${body.errors.map((e) => e.message).join("; ")}`);
      }
      return body.data as T;
    } catch (error) {
      throw toGitHubError(error, "POST graphql", {});
    }
  }
}

function toGitHubError(error: unknown, route: string, _params: Params): GitHubError {
  if (error instanceof GitHubError) return error;
  const status = (error as { status?: number }).status;
  const message = error instanceof Error ? error.message : String(error);
  return new GitHubError(`${route} failed: ${message}`, undefined, status);
}
