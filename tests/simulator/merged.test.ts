/**
 * Merged pull requests: GitHub has three exclusive pull-request states (OPEN, CLOSED, MERGED), so a
 * query that leaves MERGED out silently loses every merged pull request. The simulator must return
 * them as GitHub does, or such a query passes every test and fails on the real organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoSeed } from "../../src/simulator/demo-seed.js";
import { handleGraphql } from "../../src/simulator/graphql.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { createState, type SimState } from "../../src/simulator/state.js";
import { call, issue, ORG, repo, seed } from "./helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, narrowed by the assertions
async function gql(state: SimState, query: string): Promise<any> {
  const answer = await handleGraphql(state, { query });
  const body = answer.body as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const items = seed([
  repo("app", {
    issues: [
      issue(1, { title: "open PR", pull_request: true }),
      issue(2, {
        title: "merged PR",
        pull_request: true,
        state: "closed",
        merged: true,
        closed_at: "2023-11-02T10:00:00Z",
      }),
      issue(3, {
        title: "closed unmerged PR",
        pull_request: true,
        state: "closed",
        closed_at: "2023-11-03T10:00:00Z",
      }),
      issue(4, { title: "closed issue", state: "closed", closed_at: "2023-11-04T10:00:00Z" }),
      issue(5, {
        title: "another merged PR",
        pull_request: true,
        state: "closed",
        merged: true,
        closed_at: "2023-11-05T10:00:00Z",
      }),
    ],
  }),
]);

describe("merged pull requests in GraphQL", () => {
  const state = createState(items);
  const prs = (states: string) =>
    gql(
      state,
      `{ repository(owner: "${ORG}", name: "app") { pullRequests(first: 10, states: ${states}) {
          totalCount nodes { number state merged mergedAt closed closedAt } } } }`,
    ).then((d) => d.repository.pullRequests);

  it("reports a merged pull request as MERGED, merged, with mergedAt; a closed unmerged one as CLOSED", async () => {
    const all = await prs("[OPEN, CLOSED, MERGED]");
    expect(all.nodes).toEqual([
      { number: 1, state: "OPEN", merged: false, mergedAt: null, closed: false, closedAt: null },
      {
        number: 2,
        state: "MERGED",
        merged: true,
        mergedAt: "2023-11-02T10:00:00Z",
        closed: true,
        closedAt: "2023-11-02T10:00:00Z",
      },
      {
        number: 3,
        state: "CLOSED",
        merged: false,
        mergedAt: null,
        closed: true,
        closedAt: "2023-11-03T10:00:00Z",
      },
      {
        number: 5,
        state: "MERGED",
        merged: true,
        mergedAt: "2023-11-05T10:00:00Z",
        closed: true,
        closedAt: "2023-11-05T10:00:00Z",
      },
    ]);
  });

  it("states: [CLOSED] excludes merged pull requests and [MERGED] selects only them", async () => {
    expect((await prs("[CLOSED]")).nodes.map((n: { number: number }) => n.number)).toEqual([3]);
    expect((await prs("[MERGED]")).nodes.map((n: { number: number }) => n.number)).toEqual([2, 5]);
  });

  it("a query that drops MERGED loses the merged pull requests", async () => {
    const withMerged = await prs("[OPEN, CLOSED, MERGED]");
    const withoutMerged = await prs("[OPEN, CLOSED]");
    expect(withMerged.totalCount).toBe(4);
    expect(withoutMerged.totalCount).toBe(2);
    expect(withoutMerged.nodes.map((n: { number: number }) => n.number)).toEqual([1, 3]);
  });

  it("search is:merged / is:unmerged tell the two closed kinds apart", async () => {
    const data = await gql(
      state,
      `{ m: search(type: ISSUE, first: 10, query: "repo:${ORG}/app is:pr is:merged") { issueCount }
         u: search(type: ISSUE, first: 10, query: "repo:${ORG}/app is:pr is:unmerged") { issueCount } }`,
    );
    expect(data.m.issueCount).toBe(2);
    expect(data.u.issueCount).toBe(2);
  });

  it("refuses a seed that marks an issue or an open pull request as merged, naming it", () => {
    expect(() => createState(seed([repo("app", { issues: [issue(7, { merged: true })] })]))).toThrow(
      /app#7 is marked merged, but only a closed pull request can be merged/,
    );
    expect(() =>
      createState(seed([repo("app", { issues: [issue(8, { pull_request: true, merged: true })] })])),
    ).toThrow(/app#8 is marked merged/);
  });
});

describe("merged pull requests in REST", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: items });
  });
  afterAll(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it("gives merged_at to a merged pull request only", async () => {
    const merged = await call(sim.url, "GET", `/repos/${ORG}/app/issues/2`);
    expect(merged.body.pull_request.merged_at).toBe("2023-11-02T10:00:00Z");
    const unmerged = await call(sim.url, "GET", `/repos/${ORG}/app/issues/3`);
    expect(unmerged.body.state).toBe("closed");
    expect(unmerged.body.pull_request.merged_at).toBeNull();
    const open = await call(sim.url, "GET", `/repos/${ORG}/app/issues/1`);
    expect(open.body.pull_request.merged_at).toBeNull();
  });

  it("search is:merged counts only merged pull requests", async () => {
    const reply = await call(
      sim.url,
      "GET",
      `/search/issues?q=${encodeURIComponent(`repo:${ORG}/app is:pr is:merged`)}`,
    );
    expect(reply.body.items.map((i: { number: number }) => i.number).sort()).toEqual([2, 5]);
  });
});

describe("the demo organisation's pull requests", () => {
  const state = createState(demoSeed({ now: new Date("2023-11-27T09:00:00Z") }));
  const closedPrs = state.repos.flatMap((r) =>
    r.issues.filter((i) => i.pull_request && i.state === "closed"),
  );

  it("were mostly merged when closed, as on a real organisation, and some were closed unmerged", () => {
    const merged = closedPrs.filter((i) => i.merged).length;
    expect(closedPrs.length).toBeGreaterThan(50);
    expect(merged / closedPrs.length).toBeGreaterThan(0.7);
    expect(merged).toBeLessThan(closedPrs.length);
  });

  it("lose their merged pull requests to a query without MERGED", async () => {
    const query = (states: string) =>
      gql(
        state,
        `{ repository(owner: "waku-org", name: "nwaku") { pullRequests(first: 1, states: ${states}) { totalCount } } }`,
      ).then((d) => d.repository.pullRequests.totalCount as number);
    const nwaku = state.repos.find((r) => r.name === "nwaku");
    const nwakuPrs = nwaku?.issues.filter((i) => i.pull_request) ?? [];
    const nwakuMerged = nwakuPrs.filter((i) => i.merged).length;
    expect(nwakuMerged).toBeGreaterThan(0);
    expect(await query("[OPEN, CLOSED, MERGED]")).toBe(nwakuPrs.length);
    expect(await query("[OPEN, CLOSED]")).toBe(nwakuPrs.length - nwakuMerged);
  });
});
