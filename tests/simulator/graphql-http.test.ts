/**
 * The GraphQL half over HTTP, through the REST half's server: authentication, the cost charged to
 * the rate limit, and the documents `status` really sends (planning.ts) answered from the demo.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPlanningOverview, fetchTasks, type GraphqlClient } from "../../src/github/planning.js";
import { DEMO_TOKEN, demoSeed } from "../../src/simulator/demo-seed.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { findLabel } from "../../src/simulator/state.js";

// biome-ignore lint/suspicious/noExplicitAny: answers are compared by value; their shape is the query's
type Json = any;

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: demoSeed({ now: new Date("2023-11-27T09:00:00Z") }) });
});

afterAll(async () => {
  await sim?.close();
});

async function post(query: string, variables: Record<string, unknown> = {}, token = DEMO_TOKEN) {
  const res = await fetch(sim.graphqlUrl, {
    method: "POST",
    headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { data?: Json; errors?: Json[] },
  };
}

/** A GraphqlClient over plain fetch, so this test depends on the simulator and not on Octokit. */
const client: GraphqlClient = {
  async graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { body } = await post(query, variables);
    if (body.errors?.length)
      throw new Error(body.errors.map((e: { message: string }) => e.message).join("; "));
    return body.data as T;
  },
};

describe("GraphQL over HTTP", () => {
  it("needs a valid token", async () => {
    const { status } = await post("{ viewer { login } }", {}, "wrong");
    expect(status).toBe(401);
  });

  it("charges each document's cost to the rate limit", async () => {
    sim.clearLog();
    const cheap = await post(
      `{ repository(owner: "waku-org", name: "pm") { issues(first: 10) { totalCount } } }`,
    );
    expect(cheap.status).toBe(200);
    expect(cheap.body.data.repository.issues.totalCount).toBeGreaterThan(30);
    const usedBefore = Number(cheap.headers.get("x-ratelimit-used"));
    const costly = await post(
      `{ organization(login: "waku-org") { repositories(first: 100) { nodes { issues(first: 100) { nodes { labels(first: 10) { totalCount } } } } } } }`,
    );
    expect(costly.body.errors).toBeUndefined();
    expect(Number(costly.headers.get("x-ratelimit-used")) - usedBefore).toBe(101);
    expect(sim.log.filter((e) => e.kind === "graphql").map((e) => e.cost)).toEqual([1, 101]);
    // The document's own view of the limit agrees with the headers GitHub sends with it.
    const asked = await post(`{ rateLimit { cost limit remaining used } }`);
    expect(asked.body.data.rateLimit).toEqual({
      cost: 1,
      limit: Number(asked.headers.get("x-ratelimit-limit")),
      remaining: Number(asked.headers.get("x-ratelimit-remaining")),
      used: Number(asked.headers.get("x-ratelimit-used")),
    });
  });

  it("answers the documents `status` sends with every epic and every task of the demo", async () => {
    sim.clearLog();
    const overview = await fetchPlanningOverview(client, { org: "waku-org", pmRepo: "pm" });
    expect(overview.milestones.map((m) => m.title)).toContain("Waku Network Gen 0");
    const gen0 = overview.epics.filter((e) => e.milestone === 1);
    expect(gen0).toHaveLength(13);
    expect(overview.repositories).toHaveLength(20);

    const labels = gen0.flatMap((e) => e.labels.filter((l) => l.startsWith("E:")));
    const fetched = await fetchTasks(client, {
      org: "waku-org",
      repositories: overview.repositories.map((r) => r.name),
      labels,
    });
    // The truth, straight from the state: every item carrying one of those labels, epics excluded.
    let expected = 0;
    for (const repo of sim.state.repos) {
      const ids = new Set(labels.flatMap((l) => findLabel(repo, l)?.id ?? []));
      expected += repo.issues.filter((i) => i.labelIds.some((id) => ids.has(id))).length;
    }
    expected -= gen0.length;
    const tasks = fetched.tasks.filter(
      (t) => !(t.repo === "waku-org/pm" && gen0.some((e) => e.number === t.number)),
    );
    expect(tasks.length).toBe(expected);
    expect(tasks.filter((t) => t.repo === "waku-org/nwaku" && !t.pullRequest).length).toBeGreaterThan(100);
    // By search: a count document, then pages of results, a point each; a handful of documents.
    const documents = sim.log.filter((e) => e.kind === "graphql").length;
    expect(documents).toBeLessThanOrEqual(10);
    expect(sim.violations).toEqual([]);
  });
});
