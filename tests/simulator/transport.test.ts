/**
 * What GitHub wraps around every endpoint: tokens, rate limits and their headers, ETags and free
 * 304s, injected faults, secondary-limit spacing of writes, and the request log.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, type SimulatorOptions, startSimulator } from "../../src/simulator/index.js";
import { call, issue, label, ORG, repo, seed, TOKEN } from "./helpers.js";

const started: Simulator[] = [];

async function start(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const sim = await startSimulator({
    seed: seed(
      [repo("pm", { labels: [label("bug", "d73a4a")], issues: [issue(1, { labels: ["bug"] })] })],
      [TOKEN, "second-token"],
    ),
    ...options,
  });
  started.push(sim);
  return sim;
}

afterEach(async () => {
  for (const sim of started.splice(0)) {
    expect(sim.violations).toEqual([]);
    await sim.close();
  }
});

describe("authentication", () => {
  it("answers 401 Bad credentials without a token or with an unknown one, and logs no cost", async () => {
    const sim = await start();
    for (const token of [null, "wrong"]) {
      const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`, { token });
      expect(reply.status).toBe(401);
      expect(reply.body.message).toBe("Bad credentials");
    }
    expect(sim.log.map((e) => [e.status, e.cost])).toEqual([
      [401, 0],
      [401, 0],
    ]);
  });

  it("accepts `token X` and `Bearer X`", async () => {
    const sim = await start();
    const bearer = await fetch(`${sim.url}/repos/${ORG}/pm/labels`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bearer.status).toBe(200);
    const token = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`);
    expect(token.status).toBe(200);
  });
});

describe("primary rate limit", () => {
  it("sends x-ratelimit headers that count down per token", async () => {
    const sim = await start({ rateLimit: 10 });
    const first = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`);
    const second = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/bug`);
    expect(first.headers.get("x-ratelimit-limit")).toBe("10");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("9");
    expect(first.headers.get("x-ratelimit-used")).toBe("1");
    expect(first.headers.get("x-ratelimit-resource")).toBe("core");
    expect(second.headers.get("x-ratelimit-remaining")).toBe("8");
    const reset = Number(second.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    // Another token has its own budget.
    const other = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`, { token: "second-token" });
    expect(other.headers.get("x-ratelimit-remaining")).toBe("9");
  });

  it("refuses with 403 and remaining 0 once the limit is spent", async () => {
    const sim = await start({ rateLimit: 3 });
    for (let i = 0; i < 3; i++)
      expect((await call(sim.url, "GET", `/repos/${ORG}/pm/labels`)).status).toBe(200);
    const refused = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/^API rate limit exceeded/);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(sim.log.at(-1)).toMatchObject({ status: 403, cost: 0 });
  });

  it("GET /rate_limit is free and reports core, search and graphql", async () => {
    const sim = await start({ rateLimit: 50 });
    await call(sim.url, "GET", `/repos/${ORG}/pm/labels`);
    const a = await call(sim.url, "GET", "/rate_limit");
    const b = await call(sim.url, "GET", "/rate_limit");
    expect(a.body.resources.core).toMatchObject({ limit: 50, used: 1, remaining: 49 });
    expect(b.body.resources.core).toMatchObject({ used: 1, remaining: 49 });
    expect(b.body.rate).toEqual(b.body.resources.core);
    expect(b.body.resources.search).toMatchObject({ limit: 30 });
    expect(b.body.resources.graphql).toMatchObject({ limit: 50 });
    expect(sim.log.filter((e) => e.path === "/rate_limit").map((e) => e.cost)).toEqual([0, 0]);
  });
});

describe("ETags and conditional requests", () => {
  it("answers a matching If-None-Match with 304, costing nothing", async () => {
    const sim = await start();
    const first = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    const again = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`, {
      headers: { "if-none-match": etag! },
    });
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("x-ratelimit-remaining")).toBe(first.headers.get("x-ratelimit-remaining"));
    expect(sim.log.map((e) => [e.status, e.cost])).toEqual([
      [200, 1],
      [304, 0],
    ]);
  });

  it("changes the ETag when the resource changes, so a stale one gets the new body", async () => {
    const sim = await start();
    const first = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/bug`);
    const etag = first.headers.get("etag")!;
    await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/bug`, { body: { color: "000000" } });
    const after = await call(sim.url, "GET", `/repos/${ORG}/pm/labels/bug`, {
      headers: { "if-none-match": etag },
    });
    expect(after.status).toBe(200);
    expect(after.body.color).toBe("000000");
    expect(after.headers.get("etag")).not.toBe(etag);
  });

  it("gives each page of a list its own ETag", async () => {
    const sim = await startSimulator({
      seed: seed([repo("many", { labels: Array.from({ length: 5 }, (_, i) => label(`l${i}`)) })]),
    });
    started.push(sim);
    const p1 = await call(sim.url, "GET", `/repos/${ORG}/many/labels?per_page=2&page=1`);
    const p2 = await call(sim.url, "GET", `/repos/${ORG}/many/labels?per_page=2&page=2`);
    expect(p1.headers.get("etag")).not.toBe(p2.headers.get("etag"));
  });
});

describe("injected faults", () => {
  it("server-error answers 5xx once by default, then the request succeeds", async () => {
    const sim = await start();
    sim.injectFault({ kind: "server-error", status: 502, path: `/repos/${ORG}/pm/labels` });
    const failed = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`);
    expect(failed.status).toBe(502);
    const ok = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`);
    expect(ok.status).toBe(200);
  });

  it("matches by method and RegExp path and honours times", async () => {
    const sim = await start();
    sim.injectFault({ kind: "server-error", method: "PATCH", path: /\/labels\//, times: 2 });
    expect((await call(sim.url, "GET", `/repos/${ORG}/pm/labels/bug`)).status).toBe(200);
    const patch = () => call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/bug`, { body: { color: "123456" } });
    expect((await patch()).status).toBe(500);
    expect((await patch()).status).toBe(500);
    expect((await patch()).status).toBe(200);
  });

  it("secondary-rate-limit answers 403 with retry-after and GitHub's message", async () => {
    const sim = await start();
    sim.injectFault({ kind: "secondary-rate-limit", retryAfterSeconds: 7 });
    const reply = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "x", color: "ffffff" },
    });
    expect(reply.status).toBe(403);
    expect(reply.headers.get("retry-after")).toBe("7");
    expect(reply.body.message).toMatch(/You have exceeded a secondary rate limit/);
    // Nothing was created.
    expect((await call(sim.url, "GET", `/repos/${ORG}/pm/labels/x`)).status).toBe(404);
  });

  it("primary-rate-limit answers 403 with x-ratelimit-remaining 0 and a reset", async () => {
    const sim = await start();
    sim.injectFault({ kind: "primary-rate-limit", retryAfterSeconds: 30 });
    const reply = await call(sim.url, "GET", `/repos/${ORG}/pm/labels`);
    expect(reply.status).toBe(403);
    expect(reply.body.message).toMatch(/API rate limit exceeded/);
    expect(reply.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(reply.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(
      Math.floor(Date.now() / 1000) + 29,
    );
    expect((await call(sim.url, "GET", `/repos/${ORG}/pm/labels`)).status).toBe(200);
  });

  it("network-reset drops the connection without an answer", async () => {
    const sim = await start();
    sim.injectFault({ kind: "network-reset", path: `/repos/${ORG}/pm/labels` });
    await expect(call(sim.url, "GET", `/repos/${ORG}/pm/labels`)).rejects.toThrow();
    expect(sim.log.at(-1)).toMatchObject({ status: 0, path: `/repos/${ORG}/pm/labels` });
    expect((await call(sim.url, "GET", `/repos/${ORG}/pm/labels`)).status).toBe(200);
  });
});

describe("secondary write spacing", () => {
  it("refuses a write that follows the previous one too closely, with retry-after", async () => {
    const sim = await start({ secondaryWriteSpacingMs: 60_000 });
    const first = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "a", color: "ffffff" },
    });
    expect(first.status).toBe(201);
    const second = await call(sim.url, "POST", `/repos/${ORG}/pm/labels`, {
      body: { name: "b", color: "ffffff" },
    });
    expect(second.status).toBe(403);
    expect(second.body.message).toMatch(/secondary rate limit/);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
    // Reads are not writes.
    expect((await call(sim.url, "GET", `/repos/${ORG}/pm/labels`)).status).toBe(200);
  });
});

describe("request log", () => {
  it("records method, decoded path, query, status, kind, write and cost; clearLog empties it", async () => {
    const sim = await start();
    await call(sim.url, "GET", `/repos/${ORG}/pm/labels/${encodeURIComponent("a/b c")}`);
    await call(sim.url, "GET", `/repos/${ORG}/pm/labels?per_page=5`);
    await call(sim.url, "PATCH", `/repos/${ORG}/pm/labels/bug`, { body: { color: "abcdef" } });
    expect(sim.log).toEqual([
      {
        method: "GET",
        path: `/repos/${ORG}/pm/labels/a/b c`,
        query: {},
        status: 404,
        kind: "rest",
        write: false,
        cost: 1,
      },
      {
        method: "GET",
        path: `/repos/${ORG}/pm/labels`,
        query: { per_page: "5" },
        status: 200,
        kind: "rest",
        write: false,
        cost: 1,
      },
      {
        method: "PATCH",
        path: `/repos/${ORG}/pm/labels/bug`,
        query: {},
        status: 200,
        kind: "rest",
        write: true,
        cost: 1,
      },
    ]);
    sim.clearLog();
    expect(sim.log).toEqual([]);
  });

  it("routes POST /graphql to the GraphQL half and charges its cost", async () => {
    const sim = await start();
    const res = await fetch(sim.graphqlUrl, {
      method: "POST",
      headers: { authorization: `bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ query: `query { repository(owner: "${ORG}", name: "pm") { name } }` }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data?: { repository?: { name?: string } } };
    expect(body.data?.repository?.name).toBe("pm");
    expect(res.headers.get("x-ratelimit-resource")).toBe("graphql");
    const entry = sim.log.at(-1)!;
    expect(entry).toMatchObject({ method: "POST", path: "/graphql", kind: "graphql", write: false });
    expect(entry.cost).toBeGreaterThanOrEqual(1);
    expect(res.headers.get("x-ratelimit-used")).toBe(String(entry.cost));
  });
});

describe("latency", () => {
  it("still answers correctly with latency added", async () => {
    const sim = await start({ latencyMs: 5 });
    expect((await call(sim.url, "GET", `/repos/${ORG}/pm/labels`)).status).toBe(200);
  });
});
