/**
 * Sub-issues as GitHub models them: REST (list/add/remove/reprioritise, the parent,
 * `sub_issues_summary`), GraphQL (`subIssues`, `parent`, `subIssuesSummary`, the mutations), and
 * GitHub's rules as 422s / UNPROCESSABLE errors, each checked against GitHub's descriptions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DELIVERABLE_LABEL,
  DEMO_DELIVERABLES,
  DEMO_DELIVERABLES_MILESTONE,
  demoSeed,
} from "../../src/simulator/demo-seed.js";
import { handleGraphql } from "../../src/simulator/graphql.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { SeedIssue } from "../../src/simulator/seed.js";
import { createState, findIssue, findRepo, type SimState } from "../../src/simulator/state.js";
import { call, issue, ORG, repo, seed } from "./helpers.js";

const chain = Array.from({ length: 9 }, (_, i) =>
  issue(20 + i, { title: `level ${i}`, ...(i < 8 ? { sub_issues: [`app#${21 + i}`] } : {}) }),
);
const wide: SeedIssue = issue(40, {
  title: "full parent",
  sub_issues: Array.from({ length: 100 }, (_, i) => `lib#${100 + i}`),
});

const hierarchy = () =>
  seed([
    repo("app", {
      issues: [
        issue(1, { title: "parent" }),
        issue(2, { title: "child" }),
        issue(3, { title: "closed child", state: "closed", closed_at: "2023-11-03T00:00:00Z" }),
        issue(4, { title: "a pull request", pull_request: true }),
        issue(5, { title: "other parent", sub_issues: ["app#6"] }),
        issue(6, { title: "taken child" }),
        issue(7, { title: "spare" }),
        ...chain,
        wide,
        issue(41, { title: "one too many" }),
      ],
    }),
    repo("lib", {
      issues: [
        issue(9, { title: "child in another repository" }),
        ...Array.from({ length: 100 }, (_, i) => issue(100 + i, { title: `wide ${i}` })),
      ],
    }),
  ]);

function idOf(state: SimState, repoName: string, number: number): number {
  const found = findIssue(findRepo(state, repoName) as NonNullable<ReturnType<typeof findRepo>>, number);
  if (!found) throw new Error(`no ${repoName}#${number}`);
  return found.id;
}

describe("sub-issues over REST", () => {
  let sim: Simulator;
  const id = (repoName: string, number: number) => idOf(sim.state, repoName, number);
  const post = (number: number, body: unknown) =>
    call(sim.url, "POST", `/repos/${ORG}/app/issues/${number}/sub_issues`, { body });
  const listed = async (number: number) =>
    (await call(sim.url, "GET", `/repos/${ORG}/app/issues/${number}/sub_issues`)).body.map(
      (i: { number: number; repository_url: string }) => `${i.repository_url.split("/").pop()}#${i.number}`,
    );

  beforeAll(async () => {
    sim = await startSimulator({ seed: hierarchy() });
  });
  afterAll(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it("adds a sub-issue by its database id, from any repository of the owner, and lists it", async () => {
    const added = await post(1, { sub_issue_id: id("app", 2) });
    expect(added.status).toBe(201);
    expect(added.body.number).toBe(1);
    expect(added.body.sub_issues_summary).toEqual({ total: 1, completed: 0, percent_completed: 0 });
    expect((await post(1, { sub_issue_id: id("app", 3) })).status).toBe(201);
    expect((await post(1, { sub_issue_id: id("lib", 9) })).status).toBe(201);
    expect(await listed(1)).toEqual(["app#2", "app#3", "lib#9"]);
    const parent = await call(sim.url, "GET", `/repos/${ORG}/app/issues/1`);
    expect(parent.body.sub_issues_summary).toEqual({ total: 3, completed: 1, percent_completed: 33 });
    const child = await call(sim.url, "GET", `/repos/${ORG}/lib/issues/9`);
    expect(child.body.parent_issue_url).toBe(`${sim.url}/repos/${ORG}/app/issues/1`);
    const up = await call(sim.url, "GET", `/repos/${ORG}/lib/issues/9/parent`);
    expect(up.status).toBe(200);
    expect(up.body.number).toBe(1);
    expect((await call(sim.url, "GET", `/repos/${ORG}/app/issues/7/parent`)).status).toBe(404);
  });

  it("takes the database id, not the issue number", async () => {
    const refused = await post(7, { sub_issue_id: 2 });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].message).toMatch(/does not exist/);
  });

  it("refuses what GitHub's rules forbid, with 422 naming the rule", async () => {
    const message = async (number: number, body: unknown) => {
      const reply = await post(number, body);
      expect(reply.status).toBe(422);
      return reply.body.errors[0].message as string;
    };
    expect(await message(7, { sub_issue_id: id("app", 4) })).toBe("Pull requests cannot be sub-issues");
    expect(await message(7, { sub_issue_id: id("app", 6) })).toBe("Sub issue may only have one parent");
    expect(await message(7, { sub_issue_id: id("app", 7) })).toMatch(/itself/);
    // 28 is eight levels below 20: making 20 a sub-issue of 28 would close a cycle.
    expect(await message(28, { sub_issue_id: id("app", 20) })).toMatch(/cycle/);
    expect(await message(28, { sub_issue_id: id("app", 7) })).toMatch(/nested more than 8 levels/);
    expect(await message(40, { sub_issue_id: id("app", 41) })).toMatch(/more than 100 sub-issues/);
  });

  it("moves a sub-issue to a new parent only with replace_parent", async () => {
    const moved = await post(7, { sub_issue_id: id("app", 6), replace_parent: true });
    expect(moved.status).toBe(201);
    expect(await listed(7)).toEqual(["app#6"]);
    expect(await listed(5)).toEqual([]);
  });

  it("reprioritises and removes sub-issues", async () => {
    const patch = (body: unknown) =>
      call(sim.url, "PATCH", `/repos/${ORG}/app/issues/1/sub_issues/priority`, { body });
    expect((await patch({ sub_issue_id: id("lib", 9), before_id: id("app", 2) })).status).toBe(200);
    expect(await listed(1)).toEqual(["lib#9", "app#2", "app#3"]);
    expect((await patch({ sub_issue_id: id("lib", 9), after_id: id("app", 3) })).status).toBe(200);
    expect(await listed(1)).toEqual(["app#2", "app#3", "lib#9"]);
    const both = await patch({ sub_issue_id: id("lib", 9), after_id: id("app", 2), before_id: id("app", 3) });
    expect(both.status).toBe(422);

    const remove = () =>
      call(sim.url, "DELETE", `/repos/${ORG}/app/issues/1/sub_issue`, {
        body: { sub_issue_id: id("app", 2) },
      });
    const removed = await remove();
    expect(removed.status).toBe(200);
    expect(removed.body.sub_issues_summary.total).toBe(2);
    expect(await listed(1)).toEqual(["app#3", "lib#9"]);
    expect((await remove()).status).toBe(404);
    expect((await call(sim.url, "GET", `/repos/${ORG}/app/issues/2/parent`)).status).toBe(404);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, narrowed by the assertions
async function gql(state: SimState, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  return (await handleGraphql(state, { query, variables })).body;
}

describe("sub-issues over GraphQL", () => {
  const state = createState(hierarchy());
  const nodeId = (repoName: string, number: number) =>
    (
      findIssue(findRepo(state, repoName) as NonNullable<ReturnType<typeof findRepo>>, number) as {
        node_id: string;
      }
    ).node_id;
  const ADD = `mutation($p: ID!, $c: ID, $url: String, $r: Boolean) {
    addSubIssue(input: { issueId: $p, subIssueId: $c, subIssueUrl: $url, replaceParent: $r }) {
      issue { number subIssuesSummary { total completed percentCompleted } } subIssue { number parent { number } } } }`;

  it("links with addSubIssue and reads subIssues, parent and subIssuesSummary", async () => {
    const added = await gql(state, ADD, { p: nodeId("app", 1), c: nodeId("app", 3) });
    expect(added.errors).toBeUndefined();
    expect(added.data.addSubIssue).toEqual({
      issue: { number: 1, subIssuesSummary: { total: 1, completed: 1, percentCompleted: 100 } },
      subIssue: { number: 3, parent: { number: 1 } },
    });
    const byUrl = await gql(state, ADD, {
      p: nodeId("app", 1),
      url: `https://github.com/${ORG}/lib/issues/9`,
    });
    expect(byUrl.errors).toBeUndefined();
    const read = await gql(
      state,
      `{ repository(owner: "${ORG}", name: "app") { issue(number: 1) {
          subIssues(first: 10) { totalCount nodes { number repository { name } } } parent { number } } } }`,
    );
    expect(read.data.repository.issue).toEqual({
      subIssues: {
        totalCount: 2,
        nodes: [
          { number: 3, repository: { name: "app" } },
          { number: 9, repository: { name: "lib" } },
        ],
      },
      parent: null,
    });
  });

  it("answers GitHub's rules as UNPROCESSABLE errors, other owners included", async () => {
    const pr = await gql(state, ADD, { p: nodeId("app", 1), c: nodeId("app", 4) });
    expect(pr.data.addSubIssue).toBeNull();
    expect(pr.errors[0]).toMatchObject({
      type: "UNPROCESSABLE",
      message: "Pull requests cannot be sub-issues",
    });
    const taken = await gql(state, ADD, { p: nodeId("app", 1), c: nodeId("app", 6) });
    expect(taken.errors[0].message).toBe("Sub issue may only have one parent");
    const replaced = await gql(state, ADD, { p: nodeId("app", 1), c: nodeId("app", 6), r: true });
    expect(replaced.errors).toBeUndefined();
    const foreign = await gql(state, ADD, {
      p: nodeId("app", 1),
      url: "https://github.com/elsewhere/app/issues/2",
    });
    expect(foreign.errors[0]).toMatchObject({ type: "UNPROCESSABLE" });
    expect(foreign.errors[0].message).toMatch(/same owner/);
  });

  it("reorders with reprioritizeSubIssue and unlinks with removeSubIssue", async () => {
    const moved = await gql(
      state,
      `mutation($p: ID!, $c: ID!, $b: ID) { reprioritizeSubIssue(input: { issueId: $p, subIssueId: $c, beforeId: $b }) {
         issue { subIssues(first: 10) { nodes { number } } } } }`,
      { p: nodeId("app", 1), c: nodeId("app", 6), b: nodeId("app", 3) },
    );
    expect(
      moved.data.reprioritizeSubIssue.issue.subIssues.nodes.map((n: { number: number }) => n.number),
    ).toEqual([6, 3, 9]);
    const REMOVE = `mutation($p: ID!, $c: ID!) { removeSubIssue(input: { issueId: $p, subIssueId: $c }) {
      issue { subIssuesSummary { total } } subIssue { parent { number } } } }`;
    const removed = await gql(state, REMOVE, { p: nodeId("app", 1), c: nodeId("app", 6) });
    expect(removed.data.removeSubIssue).toEqual({
      issue: { subIssuesSummary: { total: 2 } },
      subIssue: { parent: null },
    });
    const again = await gql(state, REMOVE, { p: nodeId("app", 1), c: nodeId("app", 6) });
    expect(again.errors[0].type).toBe("UNPROCESSABLE");
  });
});

describe("seeded sub-issues", () => {
  const withSubs = (subIssues: string[], extra: SeedIssue[] = []) =>
    seed([
      repo("app", {
        issues: [issue(1, { sub_issues: subIssues }), issue(2), issue(3, { pull_request: true }), ...extra],
      }),
    ]);

  it("links what the seed lists, in order", () => {
    const state = createState(withSubs(["app#2"]));
    const app = state.repos[0] as NonNullable<SimState["repos"][number]>;
    expect(findIssue(app, 1)?.subIssueIds).toEqual([findIssue(app, 2)?.id]);
    expect(findIssue(app, 2)?.parentId).toBe(findIssue(app, 1)?.id);
  });

  it("refuses a seed GitHub could not hold, naming the parent, the sub-issue and the rule", () => {
    expect(() => createState(withSubs(["app#3"]))).toThrow(
      "seed: app#1 lists sub-issue app#3: Pull requests cannot be sub-issues",
    );
    expect(() => createState(withSubs(["elsewhere/app#2"]))).toThrow(/belongs to another owner/);
    expect(() => createState(withSubs(["app#99"]))).toThrow(/app#99 does not exist/);
    expect(() => createState(withSubs(["app#2"], [issue(4, { sub_issues: ["app#2"] })]))).toThrow(
      "seed: app#4 lists sub-issue app#2: Sub issue may only have one parent",
    );
  });
});

describe("the demo's Deliverables milestone (demoSeed({ deliverables: true }))", () => {
  const NOW = new Date("2023-11-27T09:00:00Z");
  const plain = demoSeed({ now: NOW });
  const seeded = demoSeed({ now: NOW, deliverables: true });
  const state = createState(seeded);

  it("leaves the default demo organisation as it was", () => {
    const pm = plain.repos.find((r) => r.name === "pm");
    expect(pm?.milestones?.map((m) => m.number)).toEqual([1, 2, 3, 4]);
    expect(plain.repos.some((r) => r.labels.some((l) => l.name === DELIVERABLE_LABEL))).toBe(false);
    expect(plain.repos.some((r) => r.issues?.some((i) => i.sub_issues))).toBe(false);
    // Everything the default seed holds is in the extended one, unchanged.
    for (const r of plain.repos) {
      const extended = seeded.repos.find((x) => x.name === r.name);
      for (const i of r.issues ?? []) expect(extended?.issues?.find((x) => x.number === i.number)).toEqual(i);
    }
  });

  it("tracks Deliverables in a milestone with nested sub-issues across repositories", async () => {
    const answer = await gql(
      state,
      `{ repository(owner: "waku-org", name: "pm") { milestone(number: ${DEMO_DELIVERABLES_MILESTONE.number}) {
          title issues(first: 10, labels: ["${DELIVERABLE_LABEL}"]) { nodes { number state
            subIssuesSummary { total completed }
            subIssues(first: 20) { nodes { number state repository { name } labels(first: 5) { nodes { name } }
              subIssues(first: 20) { nodes { number repository { name } } } } } } } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const milestone = answer.data.repository.milestone;
    expect(milestone.title).toBe(DEMO_DELIVERABLES_MILESTONE.title);
    const deliverables = milestone.issues.nodes;
    expect(deliverables.map((d: { number: number }) => d.number)).toEqual(
      DEMO_DELIVERABLES.map((d) => d.number),
    );
    const d1 = deliverables[0];
    const repos = new Set<string>();
    for (const t of d1.subIssues.nodes) repos.add(t.repository.name);
    expect(repos.size).toBeGreaterThanOrEqual(3);
    expect(d1.subIssuesSummary).toEqual({ total: 6, completed: 2 });
    const group = d1.subIssues.nodes.find((t: { number: number }) => t.number === 2403);
    expect(group.subIssues.nodes).toEqual([
      { number: 2404, repository: { name: "nwaku" } },
      { number: 903, repository: { name: "go-waku" } },
    ]);
    // Labelled for another Deliverable while linked under this one: a `both` model must see it.
    const crossed = d1.subIssues.nodes.find((t: { number: number }) => t.number === 1704);
    expect(crossed.labels.nodes.map((l: { name: string }) => l.name)).toEqual([
      "E:D2: Light client reliability",
    ]);
    const unlabelled = d1.subIssues.nodes.filter(
      (t: { labels: { nodes: unknown[] } }) => t.labels.nodes.length === 0,
    );
    expect(unlabelled.length).toBeGreaterThanOrEqual(2);
  });

  it("has a labelled pull request that GitHub's rules keep out of the tree", () => {
    const js = findRepo(state, "js-waku");
    const pr = js && findIssue(js, 1705);
    expect(pr?.pull_request).toBe(true);
    expect(pr?.parentId).toBeNull();
  });
});
