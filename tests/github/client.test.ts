/**
 * The GitHub layer against a tiny scripted HTTP server: pagination, counting, the --verbose log,
 * retries, write spacing and the one-line errors. The token must never appear in anything it says.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubError, InputError } from "../../src/errors.js";
import { FatalGitHubError, GitHubClient, scrubSecret } from "../../src/github/client.js";

const TOKEN = "ghp_SECRET_canary_123";

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

interface Recorded {
  method: string;
  url: string;
  at: number;
  auth: string | undefined;
}

let server: ReturnType<typeof createServer>;
let base: string;
let handler: Handler;
let seen: Recorded[];
let logLines: string[];

beforeEach(async () => {
  seen = [];
  logLines = [];
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        at: Date.now(),
        auth: req.headers.authorization,
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function clientOptions(): ConstructorParameters<typeof GitHubClient>[0] {
  return {
    token: TOKEN,
    apiUrl: base,
    graphqlUrl: `${base}/graphql`,
    verbose: true,
    log: (line) => logLines.push(line),
    retryBaseMs: 1,
    writeIntervalMs: 0,
  };
}

function client(extra: Partial<ConstructorParameters<typeof GitHubClient>[0]> = {}): GitHubClient {
  return new GitHubClient({
    token: TOKEN,
    apiUrl: base,
    graphqlUrl: `${base}/graphql`,
    verbose: true,
    log: (line) => logLines.push(line),
    retryBaseMs: 1,
    writeIntervalMs: 0,
    ...extra,
  });
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": String(5000 - seen.length),
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function expectNoToken(...texts: string[]): void {
  for (const text of texts) expect(text).not.toContain(TOKEN);
}

/** `20:45`: the UTC clock time of an epoch-seconds reset, as the messages say it. */
function clock(resetSeconds: number): string {
  return new Date(resetSeconds * 1000).toISOString().slice(11, 16);
}

async function caught(promise: Promise<unknown>): Promise<GitHubError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GitHubError);
    return error as GitHubError;
  }
  throw new Error("expected a failure");
}

describe("GitHubClient", () => {
  it("follows Link pagination with per_page 100, counts and logs every page", async () => {
    handler = (req, res) => {
      const url = new URL(req.url ?? "", base);
      const page = Number(url.searchParams.get("page") ?? "1");
      const items = Array.from({ length: page < 3 ? 100 : 7 }, (_, i) => ({ name: `l${page}-${i}` }));
      const link =
        page < 3 ? { link: `<${base}/repos/o/r/labels?per_page=100&page=${page + 1}>; rel="next"` } : {};
      json(res, 200, items, link);
    };
    const c = client();
    const labels = await c.paginate<{ name: string }>("GET /repos/{owner}/{repo}/labels", {
      owner: "o",
      repo: "r",
    });
    expect(labels).toHaveLength(207);
    expect(seen).toHaveLength(3);
    expect(seen[0]?.url).toContain("per_page=100");
    expect(c.stats).toMatchObject({ rest: 3, writes: 0, graphql: 0, rateRemaining: 4997, rateLimit: 5000 });
    expect(logLines).toHaveLength(3);
    expect(logLines[0]).toMatch(/^GET \/repos\/o\/r\/labels\?per_page=100 → 200 \d+ms \(rate 4999\/5000\)$/);
    c.logSummary();
    expect(logLines.at(-1)).toBe(
      "requests: 3 REST (0 cached), 0 GraphQL, 0 writes; REST rate limit 4997/5000",
    );
    expect(seen[0]?.auth).toContain(TOKEN);
    expectNoToken(...logLines);
  });

  it("with a cache, repeats a GET conditionally and serves the 304 from disk, pages included", async () => {
    const dir = await mkdtemp(join(tmpdir(), "waku-pm-cache-"));
    try {
      handler = (req, res) => {
        const url = new URL(req.url ?? "", base);
        const page = Number(url.searchParams.get("page") ?? "1");
        const etag = `"page-${page}"`;
        if (req.headers["if-none-match"] === etag) {
          res.writeHead(304, { etag, "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4000" });
          res.end();
          return;
        }
        const link = page === 1 ? { link: `<${base}/repos/o/r/labels?per_page=100&page=2>; rel="next"` } : {};
        json(res, 200, [{ name: `label-${page}` }], { etag, ...link });
      };
      const first = client({ cacheDir: dir });
      const a = await first.paginate("GET /repos/{owner}/{repo}/labels", { owner: "o", repo: "r" });
      const second = client({ cacheDir: dir });
      const b = await second.paginate("GET /repos/{owner}/{repo}/labels", { owner: "o", repo: "r" });
      expect(b).toEqual(a);
      expect(b).toEqual([{ name: "label-1" }, { name: "label-2" }]);
      expect(second.stats).toMatchObject({ rest: 2, notModified: 2 });
      expect(second.summary()).toContain("requests: 2 REST (2 cached)");
      // A different token never gets the first one's answers.
      const other = new GitHubClient({ ...clientOptions(), token: "ghp_other_token_456", cacheDir: dir });
      await other.paginate("GET /repos/{owner}/{repo}/labels", { owner: "o", repo: "r" });
      expect(other.stats.notModified).toBe(0);
      // The token is in no cache file, not even in a file name.
      for (const file of await readdir(dir)) {
        expect(file).not.toContain(TOKEN);
        expect(await readFile(join(dir, file), "utf8")).not.toContain(TOKEN);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("passes label names raw so Octokit encodes them once", async () => {
    handler = (_req, res) => json(res, 200, {});
    const c = client();
    await c.request("PATCH /repos/{owner}/{repo}/labels/{name}", {
      owner: "o",
      repo: "r",
      name: "100% a/b?#🚀",
    });
    expect(seen[0]?.url).toBe(`/repos/o/r/labels/${encodeURIComponent("100% a/b?#🚀")}`);
    expect(c.stats.writes).toBe(1);
  });

  it("spaces writes by the write interval but not reads or GraphQL", async () => {
    handler = (req, res) => json(res, 200, req.url === "/graphql" ? { data: { ok: true } } : {});
    const c = client({ writeIntervalMs: 150 });
    for (let i = 0; i < 3; i++) await c.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    for (let i = 0; i < 3; i++) await c.graphql("query { ok }");
    for (let i = 0; i < 3; i++)
      await c.request("DELETE /repos/{owner}/{repo}/labels/{name}", { owner: "o", repo: "r", name: `x${i}` });
    const writes = seen.filter((s) => s.method === "DELETE");
    expect(writes[1]!.at - writes[0]!.at).toBeGreaterThanOrEqual(140);
    expect(writes[2]!.at - writes[1]!.at).toBeGreaterThanOrEqual(140);
    expect(c.stats).toMatchObject({ rest: 6, graphql: 3, writes: 3 });
  });

  it("spaces searches (30 a minute on GitHub) by two retry-base units", async () => {
    handler = (_req, res) => json(res, 200, { total_count: 0, incomplete_results: false, items: [] });
    // When the client lets each request go (its fetch is called), not when the server reads it.
    const sent: number[] = [];
    const c = client({
      retryBaseMs: 100,
      fetch: (input, init) => {
        sent.push(performance.now());
        return fetch(input, init);
      },
    });
    await Promise.all([1, 2, 3].map((i) => c.request("GET /search/issues", { q: `is:issue label:x${i}` })));
    expect(sent).toHaveLength(3);
    // 200 ms apart at the queue; what lies between the queue and fetch (hooks, a busy machine) may
    // move one request by tens of milliseconds, so the check is "paced", not a stopwatch: without
    // the spacing the three go within a few milliseconds.
    const gaps = sent.slice(1).map((at, i) => at - sent[i]!);
    for (const gap of gaps) expect(gap).toBeGreaterThan(100);
  });

  it("retries 5xx, then succeeds; the retries are counted and logged", async () => {
    let failures = 2;
    handler = (_req, res) =>
      failures-- > 0 ? json(res, 502, { message: "Bad gateway" }) : json(res, 200, { ok: 1 });
    const c = client();
    const res = await c.request<{ ok: number }>("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(res.data.ok).toBe(1);
    expect(seen).toHaveLength(3);
    expect(c.stats.rest).toBe(3);
    expect(logLines.filter((l) => l.includes("→ 502"))).toHaveLength(2);
  });

  it("gives up after the retries with a message naming the request and a hint", async () => {
    handler = (_req, res) => json(res, 500, { message: "boom" });
    const error = await caught(
      client().request("POST /repos/{owner}/{repo}/labels", { owner: "o", repo: "r", name: "x" }),
    );
    expect(error.message).toBe("GitHub failed POST /repos/o/r/labels (500) after 3 retries");
    expect(error.hint).toMatch(/re-run/);
    expect(seen).toHaveLength(4);
  });

  it("honours retry-after on a secondary rate limit", async () => {
    let limited = 1;
    handler = (_req, res) =>
      limited-- > 0
        ? json(res, 403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "2" })
        : json(res, 201, {});
    const c = client();
    await c.request("POST /repos/{owner}/{repo}/labels", {
      owner: "o",
      repo: "r",
      name: "x",
      color: "000000",
    });
    expect(seen).toHaveLength(2);
    expect(logLines.some((l) => l.includes("secondary rate limit: waiting 2s"))).toBe(true);
  });

  it("a rate-limit wait names the real route, its template filled with the request's parameters", async () => {
    let limited = 1;
    handler = (_req, res) =>
      limited-- > 0
        ? json(
            res,
            403,
            { message: "API rate limit exceeded" },
            { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 2) },
          )
        : json(res, 201, {});
    await client().request("POST /repos/{owner}/{repo}/labels", {
      owner: "waku-org",
      repo: "nwaku",
      name: "bug",
      color: "d73a4a",
    });
    const wait = logLines.find((l) => l.startsWith("GitHub rate limit exhausted"));
    expect(wait).toContain("before POST /repos/waku-org/nwaku/labels (it resets in ");
    expect(wait).not.toContain("{owner}");
  });

  it("401: one line telling to check GITHUB_TOKEN, token nowhere", async () => {
    handler = (_req, res) => json(res, 401, { message: "Bad credentials" });
    const error = await caught(client().paginate("GET /orgs/{org}/repos", { org: "waku-org" }));
    expect(error.message).toBe("GitHub rejected the token (401): check GITHUB_TOKEN");
    expect(error.exitCode).toBe(3);
    expect(seen).toHaveLength(1);
    expectNoToken(error.message, error.hint ?? "", JSON.stringify(error), String(error.stack), ...logLines);
  });

  it("403: names the missing permission from x-accepted-github-permissions", async () => {
    handler = (_req, res) =>
      json(
        res,
        403,
        { message: "Resource not accessible by integration" },
        { "x-accepted-github-permissions": "issues=write" },
      );
    const error = await caught(
      client().request("POST /repos/{owner}/{repo}/labels", { owner: "waku-org", repo: "nwaku", name: "x" }),
    );
    expect(error.message).toContain("the token lacks the permission issues=write");
    expect(error.hint).toContain("repository waku-org/nwaku");
    expect(seen).toHaveLength(1);
  });

  it("403 with oauth scopes names the scope needed", async () => {
    handler = (_req, res) =>
      json(
        res,
        403,
        { message: "Forbidden" },
        { "x-accepted-oauth-scopes": "repo", "x-oauth-scopes": "read:org" },
      );
    const error = await caught(client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" }));
    expect(error.message).toContain("needs the scope repo (it has: read:org)");
  });

  it("without --verbose a failure logs nothing: the one-line error is all the user sees", async () => {
    handler = (_req, res) => json(res, 404, { message: "Not Found" });
    await caught(client({ verbose: false }).request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" }));
    expect(logLines).toEqual([]);
  });

  it("404 names the repository or organisation", async () => {
    handler = (_req, res) => json(res, 404, { message: "Not Found" });
    const org = await caught(client().paginate("GET /orgs/{org}/repos", { org: "nope-org" }));
    expect(org.message).toContain("organisation nope-org not found (404)");
    const repo = await caught(
      client().paginate("GET /repos/{owner}/{repo}/labels", { owner: "o", repo: "gone" }),
    );
    expect(repo.message).toContain("repository o/gone not found (404)");
  });

  it("primary rate limit exhaustion far from its reset: exit 3 with the reset time", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    handler = (_req, res) =>
      json(
        res,
        403,
        { message: "API rate limit exceeded" },
        { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      );
    const error = await caught(client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" }));
    // Relative first ("in 1 hour"), then the clock time in UTC, for a log read later.
    expect(error.message).toMatch(
      new RegExp(`; it resets in 1 hour, at (\\d{4}-\\d\\d-\\d\\d )?${clock(reset)} UTC$`),
    );
    expect(error.exitCode).toBe(3);
  });

  it("primary rate limit near its reset: waits for it and retries", async () => {
    let limited = 1;
    handler = (_req, res) =>
      limited-- > 0
        ? json(
            res,
            429,
            { message: "API rate limit exceeded" },
            {
              "x-ratelimit-remaining": "0",
              "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3),
            },
          )
        : json(res, 200, { ok: true });
    const c = client();
    await c.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(seen).toHaveLength(2);
    // The route with its parameters filled in, and the reset said relatively and as a clock time.
    expect(logLines).toContainEqual(
      expect.stringMatching(
        /^GitHub rate limit exhausted: waiting for the reset before GET \/repos\/o\/r \(it resets in \d seconds, at (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC\)$/,
      ),
    );
  });

  it("a network failure names the host", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = new GitHubClient({
      token: TOKEN,
      apiUrl: `http://127.0.0.1:${port}`,
      graphqlUrl: `http://127.0.0.1:${port}/graphql`,
      verbose: true,
      log: (line) => logLines.push(line),
      retryBaseMs: 1,
    });
    const error = await caught(c.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" }));
    expect(error.message).toBe(`could not reach 127.0.0.1:${port} (ECONNREFUSED) during GET /repos/o/r`);
    expect(logLines.filter((l) => l.includes("network error"))).toHaveLength(4);
    expectNoToken(error.message, ...logLines);
  });

  it("GraphQL RATE_LIMITED far from the reset: a fatal error with the reset time", async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    handler = (_req, res) =>
      json(
        res,
        200,
        { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }] },
        {
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String(reset),
        },
      );
    const error = await caught(client().graphql("query { x }"));
    expect(error).toBeInstanceOf(FatalGitHubError);
    expect(error.message).toMatch(
      new RegExp(
        `^GitHub API rate limit exhausted during POST graphql; it resets in 1 hour, at (\\d{4}-\\d\\d-\\d\\d )?${clock(reset)} UTC$`,
      ),
    );
    expect(seen).toHaveLength(1);
  });

  it("GraphQL errors become a GitHubError", async () => {
    handler = (_req, res) => json(res, 200, { errors: [{ message: "Field 'x' doesn't exist" }] });
    const error = await caught(client().graphql("query { x }"));
    expect(error.message).toContain("Field 'x' doesn't exist");
  });
});

describe("the token", () => {
  it.each([
    ["its final newline (read from a file)", `${TOKEN}\n`],
    ["a CR LF in the middle", "ghp_first_half\r\nsecond_half"],
    ["a control character", "ghp_first_half\u0001second_half"],
    ["a space", "ghp_first_half second_half"],
  ])("is refused before anything is sent when it holds %s, and the message does not echo it", (_, token) => {
    let error: unknown;
    try {
      new GitHubClient({ ...clientOptions(), token });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const { message, hint, exitCode } = error as InputError;
    expect(exitCode).toBe(2);
    expect(message).toMatch(/^the GitHub token \(GITHUB_TOKEN or GH_TOKEN\) contains /);
    for (const part of [TOKEN, "first_half", "second_half"]) {
      expect(message).not.toContain(part);
      expect(hint).not.toContain(part);
    }
    expect(seen).toEqual([]);
  });

  it("is redacted before a line is made safe for the terminal, so the mask still matches", () => {
    // Sanitizing first turns the token's line break into a space, and the token no longer matches.
    expect(scrubSecret("sent ab\ncd1234 to the server", "ab\ncd1234")).toBe("sent [REDACTED] to the server");
    expect(scrubSecret("\u001b[31mab\u0007cd1234\u001b[0m", "ab\u0007cd1234")).toBe("[REDACTED]");
  });

  it("never reaches a network-error message, even when the failure's own text holds it", async () => {
    const c = client({
      verbose: false,
      fetch: async () => {
        throw new TypeError(`Headers.append: "Bearer ${TOKEN}" is an invalid header value.`);
      },
    });
    const error = await caught(c.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" }));
    expect(error.message).toContain("during GET /repos/o/r");
    expect(error.message).toContain("[REDACTED]");
    expectNoToken(error.message, error.hint ?? "", ...logLines);
  });
});
