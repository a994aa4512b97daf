/**
 * Issue history: every change made through the simulator is recorded as GitHub records it, with
 * the actor and the simulator's clock, and served as GitHub serves it (REST issue events, timeline
 * and the repository-wide listing, GraphQL timelineItems, stateReason), checked against GitHub's
 * descriptions. Seeded histories are replayed and refused when they do not end in the seed's state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleGraphql } from "../../src/simulator/graphql.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed, SeedIssue } from "../../src/simulator/seed.js";
import { createState, type SimState } from "../../src/simulator/state.js";
import { call, fetchAll, issue, label, ORG, repo, seed } from "./helpers.js";

let clock = new Date("2023-10-02T09:00:00Z");
const tick = (iso: string) => {
  clock = new Date(iso);
};

const base = (): Seed =>
  seed([
    repo("app", {
      labels: [label("E:old", "ff0000"), label("bug"), label("epic")],
      milestones: [
        { number: 1, title: "Gen 0" },
        { number: 2, title: "Gen 1" },
      ],
      issues: [
        issue(1, { title: "task", created_at: "2023-09-01T00:00:00Z" }),
        issue(2, { title: "parent", created_at: "2023-09-01T00:00:00Z" }),
        issue(3, {
          title: "with a comment",
          created_at: "2023-09-01T00:00:00Z",
          comments: [{ user: "ann", body: "hello", created_at: "2023-09-05T00:00:00Z" }],
        }),
      ],
    }),
  ]);

describe("events recorded through REST writes", () => {
  let sim: Simulator;
  let subIssueId = 0;
  const events = async (n: number) =>
    (await call(sim.url, "GET", `/repos/${ORG}/app/issues/${n}/events`)).body;
  const patch = (n: number, body: unknown) =>
    call(sim.url, "PATCH", `/repos/${ORG}/app/issues/${n}`, { body });

  beforeAll(async () => {
    sim = await startSimulator({ seed: base(), now: () => clock, actor: "mira-lead" });
    const child = await call(sim.url, "GET", `/repos/${ORG}/app/issues/1`);
    subIssueId = child.body.id;
    const before = await events(1);
    expect(before).toEqual([]);

    tick("2023-10-02T09:00:00Z");
    await call(sim.url, "POST", `/repos/${ORG}/app/issues/1/labels`, { body: { labels: ["E:old", "bug"] } });
    tick("2023-10-03T09:00:00Z");
    await call(sim.url, "DELETE", `/repos/${ORG}/app/issues/1/labels/bug`);
    tick("2023-10-04T09:00:00Z");
    // A rename records nothing (as on GitHub), and leaves the old events with the old name.
    await call(sim.url, "PATCH", `/repos/${ORG}/app/labels/E:old`, { body: { new_name: "E:new" } });
    tick("2023-10-05T09:00:00Z");
    await patch(1, { milestone: 1 });
    tick("2023-10-06T09:00:00Z");
    await patch(1, { milestone: 2 });
    tick("2023-10-07T09:00:00Z");
    await patch(1, { state: "closed", state_reason: "not_planned" });
    tick("2023-10-08T09:00:00Z");
    await patch(1, { state: "open" });
    tick("2023-10-09T09:00:00Z");
    await call(sim.url, "POST", `/repos/${ORG}/app/issues/2/sub_issues`, {
      body: { sub_issue_id: subIssueId },
    });
    tick("2023-10-10T09:00:00Z");
    await patch(1, { state: "closed" });
  });
  afterAll(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it("lists an issue's events oldest first, with the actor and the simulator's clock", async () => {
    const listed = await events(1);
    expect(
      listed.map((e: { event: string; created_at: string; actor: { login: string } }) => [
        e.event,
        e.created_at,
        e.actor.login,
      ]),
    ).toEqual([
      ["labeled", "2023-10-02T09:00:00Z", "mira-lead"],
      ["labeled", "2023-10-02T09:00:00Z", "mira-lead"],
      ["unlabeled", "2023-10-03T09:00:00Z", "mira-lead"],
      ["milestoned", "2023-10-05T09:00:00Z", "mira-lead"],
      ["demilestoned", "2023-10-06T09:00:00Z", "mira-lead"],
      ["milestoned", "2023-10-06T09:00:00Z", "mira-lead"],
      ["closed", "2023-10-07T09:00:00Z", "mira-lead"],
      ["reopened", "2023-10-08T09:00:00Z", "mira-lead"],
      ["parent_issue_added", "2023-10-09T09:00:00Z", "mira-lead"],
      ["closed", "2023-10-10T09:00:00Z", "mira-lead"],
    ]);
    expect(listed[0].label).toEqual({ name: "E:old", color: "ff0000" });
    expect(listed[2].label.name).toBe("bug");
    expect(listed.slice(3, 6).map((e: { milestone: { title: string } }) => e.milestone.title)).toEqual([
      "Gen 0",
      "Gen 0",
      "Gen 1",
    ]);
    expect(listed[6].state_reason).toBe("not_planned");
    expect(listed[9].state_reason).toBe("completed");
    expect(listed[8].parent_issue.number).toBe(2);
    const parent = await events(2);
    expect(parent.map((e: { event: string }) => e.event)).toEqual(["sub_issue_added"]);
    expect(parent[0].sub_issue).toMatchObject({ number: 1, state: "closed" });
  });

  it("gives the issue GitHub's state_reason for each state", async () => {
    tick("2023-10-11T09:00:00Z");
    expect((await patch(3, { state: "closed", state_reason: "duplicate" })).body.state_reason).toBe(
      "duplicate",
    );
    expect((await patch(3, { state: "open" })).body.state_reason).toBe("reopened");
    expect((await call(sim.url, "GET", `/repos/${ORG}/app/issues/1`)).body.state_reason).toBe("completed");
  });

  it("shows the comments among the events in the timeline", async () => {
    const timeline = (await call(sim.url, "GET", `/repos/${ORG}/app/issues/3/timeline`)).body;
    expect(timeline.map((e: { event: string }) => e.event)).toEqual(["commented", "closed", "reopened"]);
    expect(timeline[0]).toMatchObject({ body: "hello", actor: { login: "ann" } });
  });

  it("lists the repository's events newest first, each with its issue, in pages", async () => {
    const first = await call(sim.url, "GET", `/repos/${ORG}/app/issues/events?per_page=5`);
    expect(first.headers.get("link")).toContain('rel="next"');
    expect(first.body[0]).toMatchObject({ event: "reopened", issue: { number: 3 } });
    const { items, pages } = await fetchAll(sim.url, `/repos/${ORG}/app/issues/events?per_page=5`);
    expect(pages).toBe(3);
    expect(items).toHaveLength(13);
    const times = items.map((e: { created_at: string }) => e.created_at);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, narrowed by the assertions
async function gql(state: SimState, query: string): Promise<any> {
  const body = (await handleGraphql(state, { query })).body as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  // biome-ignore lint/suspicious/noExplicitAny: as above
  return body.data as any;
}

const history: SeedIssue[] = [
  issue(10, {
    title: "labelled, closed, reopened, closed again",
    created_at: "2023-09-01T00:00:00Z",
    labels: ["E:1.2: Autosharding for autoscaling"],
    milestone: 1,
    state: "closed",
    closed_at: "2023-09-20T00:00:00Z",
    events: [
      { event: "labeled", label: "E:1.2: Autosharding", created_at: "2023-09-02T00:00:00Z" },
      { event: "milestoned", milestone: "Gen 0", created_at: "2023-09-02T00:00:00Z" },
      { event: "closed", created_at: "2023-09-10T00:00:00Z", actor: "kaiyo" },
      { event: "reopened", created_at: "2023-09-12T00:00:00Z" },
      { event: "closed", created_at: "2023-09-20T00:00:00Z" },
    ],
  }),
  issue(11, {
    title: "not planned",
    created_at: "2023-09-01T00:00:00Z",
    state: "closed",
    state_reason: "not_planned",
    events: [
      { event: "labeled", label: "bug", created_at: "2023-09-01T00:00:00Z" },
      { event: "unlabeled", label: "bug", created_at: "2023-09-03T00:00:00Z" },
      { event: "closed", state_reason: "not_planned", created_at: "2023-09-04T00:00:00Z" },
    ],
  }),
  issue(12, {
    title: "merged PR",
    pull_request: true,
    merged: true,
    state: "closed",
    labels: ["bug"],
    created_at: "2023-09-01T00:00:00Z",
    closed_at: "2023-09-06T00:00:00Z",
  }),
  issue(13, { title: "parent", created_at: "2023-09-01T00:00:00Z", sub_issues: ["app#14"] }),
  issue(14, { title: "child", created_at: "2023-09-05T00:00:00Z" }),
];

const historySeed = (issues: SeedIssue[] = history): Seed =>
  seed([
    repo("app", {
      labels: [
        {
          name: "E:1.2: Autosharding for autoscaling",
          color: "5319e7",
          former_names: ["E:1.2: Autosharding"],
        },
        label("bug"),
      ],
      milestones: [{ number: 1, title: "Gen 0" }],
      issues,
    }),
  ]);

describe("GraphQL timelineItems and stateReason over a seeded history", () => {
  const state = createState(historySeed());
  const timeline = (number: number, args: string, fields = "") =>
    gql(
      state,
      `{ repository(owner: "${ORG}", name: "app") { issueOrPullRequest(number: ${number}) {
        ... on Issue { stateReason timelineItems(${args}) { totalCount filteredCount pageCount pageInfo { hasNextPage endCursor }
          nodes { __typename ... on LabeledEvent { createdAt label { name } actor { login } }
            ... on ClosedEvent { createdAt stateReason actor { login } } ... on ReopenedEvent { createdAt }
            ... on MilestonedEvent { milestoneTitle } ... on UnlabeledEvent { label { name } }
            ... on SubIssueAddedEvent { createdAt subIssue { number } } ... on ParentIssueAddedEvent { parent { number } } ${fields} } } }
        ... on PullRequest { state timelineItems(${args}) { totalCount nodes { __typename ... on MergedEvent { createdAt }
          ... on ClosedEvent { createdAt } ... on LabeledEvent { label { name } } } } } } } }`,
    ).then((d) => d.repository.issueOrPullRequest);

  it("replays the seeded events in order, an old label name on the old event", async () => {
    const item = await timeline(10, "first: 20");
    expect(item.stateReason).toBe("COMPLETED");
    expect(item.timelineItems.nodes).toEqual([
      {
        __typename: "LabeledEvent",
        createdAt: "2023-09-02T00:00:00Z",
        label: { name: "E:1.2: Autosharding" },
        actor: { login: "acme" },
      },
      { __typename: "MilestonedEvent", milestoneTitle: "Gen 0" },
      {
        __typename: "ClosedEvent",
        createdAt: "2023-09-10T00:00:00Z",
        stateReason: "COMPLETED",
        actor: { login: "kaiyo" },
      },
      { __typename: "ReopenedEvent", createdAt: "2023-09-12T00:00:00Z" },
      {
        __typename: "ClosedEvent",
        createdAt: "2023-09-20T00:00:00Z",
        stateReason: "COMPLETED",
        actor: { login: "acme" },
      },
    ]);
  });

  it("filters by itemTypes and since, and pages with cursors", async () => {
    const closes = await timeline(10, "first: 20, itemTypes: [CLOSED_EVENT, REOPENED_EVENT]");
    expect(closes.timelineItems.totalCount).toBe(3);
    const since = await timeline(10, 'first: 20, since: "2023-09-11T00:00:00Z"');
    expect(since.timelineItems.nodes.map((n: { __typename: string }) => n.__typename)).toEqual([
      "ReopenedEvent",
      "ClosedEvent",
    ]);
    const page1 = await timeline(10, "first: 2");
    expect(page1.timelineItems).toMatchObject({
      totalCount: 5,
      pageCount: 2,
      pageInfo: { hasNextPage: true },
    });
    const page2 = await timeline(10, `first: 10, after: "${page1.timelineItems.pageInfo.endCursor}"`);
    expect(page2.timelineItems).toMatchObject({
      filteredCount: 3,
      pageCount: 3,
      pageInfo: { hasNextPage: false },
    });
  });

  it("reports not-planned closes, merges and sub-issue links with GitHub's types", async () => {
    const notPlanned = await timeline(11, "first: 10");
    expect(notPlanned.stateReason).toBe("NOT_PLANNED");
    expect(notPlanned.timelineItems.nodes.at(-1)).toMatchObject({
      __typename: "ClosedEvent",
      stateReason: "NOT_PLANNED",
    });
    const pr = await timeline(12, "first: 10");
    expect(pr.state).toBe("MERGED");
    expect(pr.timelineItems.nodes).toEqual([
      { __typename: "LabeledEvent", label: { name: "bug" } },
      { __typename: "MergedEvent", createdAt: "2023-09-06T00:00:00Z" },
      { __typename: "ClosedEvent", createdAt: "2023-09-06T00:00:00Z" },
    ]);
    const parent = await timeline(13, "first: 10");
    // Written for a seed without events: linked once both issues existed.
    expect(parent.timelineItems.nodes).toEqual([
      { __typename: "SubIssueAddedEvent", createdAt: "2023-09-05T00:00:00Z", subIssue: { number: 14 } },
    ]);
    const child = await timeline(14, "first: 10");
    expect(child.timelineItems.nodes).toEqual([
      { __typename: "ParentIssueAddedEvent", parent: { number: 13 } },
    ]);
  });

  it("answers DUPLICATE only with enableDuplicate, as GitHub does", async () => {
    const dup = createState(
      historySeed([
        issue(20, { state: "closed", state_reason: "duplicate", closed_at: "2023-09-02T00:00:00Z" }),
      ]),
    );
    const data = await gql(
      dup,
      `{ repository(owner: "${ORG}", name: "app") { issue(number: 20) { plain: stateReason dup: stateReason(enableDuplicate: true) } } }`,
    );
    expect(data.repository.issue).toEqual({ plain: "NOT_PLANNED", dup: "DUPLICATE" });
  });
});

describe("seeded histories must end in the seeded state", () => {
  const refuse = (i: Partial<SeedIssue>) => () =>
    createState(historySeed([issue(30, { created_at: "2023-09-01T00:00:00Z", ...i })]));

  it("refuses a history whose labels do not end as the issue's, saying what to add", () => {
    expect(
      refuse({
        labels: ["bug"],
        events: [{ event: "labeled", label: "E:1.2: Autosharding", created_at: "2023-09-02T00:00:00Z" }],
      }),
    ).toThrow(
      `seed: app#30's history does not end in its stated state: it ends with labels "E:1.2: Autosharding for autoscaling" but the issue has "bug"; add a "labeled" event for "bug"; add an "unlabeled" event for "E:1.2: Autosharding for autoscaling"`,
    );
  });

  it("refuses a history that ends open for a closed issue, or closes twice", () => {
    expect(refuse({ state: "closed", events: [] })).toThrow(/it ends open but the issue is closed/);
    expect(
      refuse({
        state: "closed",
        events: [
          { event: "closed", created_at: "2023-09-02T00:00:00Z" },
          { event: "closed", created_at: "2023-09-03T00:00:00Z" },
        ],
      }),
    ).toThrow(
      "seed: app#30's event 2 (closed at 2023-09-03T00:00:00Z) closes an issue that is already closed",
    );
  });

  it("refuses a different close reason, close time, milestone, unknown label or events out of order", () => {
    expect(
      refuse({
        state: "closed",
        state_reason: "not_planned",
        events: [{ event: "closed", created_at: "2023-09-02T00:00:00Z" }],
      }),
    ).toThrow(/its last close is completed but state_reason is not_planned/);
    expect(
      refuse({
        state: "closed",
        closed_at: "2023-09-05T00:00:00Z",
        events: [{ event: "closed", created_at: "2023-09-02T00:00:00Z" }],
      }),
    ).toThrow(/last close is at 2023-09-02T00:00:00Z but closed_at is 2023-09-05T00:00:00Z/);
    expect(refuse({ milestone: 1, events: [] })).toThrow(/ends in milestone none but the issue is in #1/);
    expect(
      refuse({ events: [{ event: "labeled", label: "nope", created_at: "2023-09-02T00:00:00Z" }] }),
    ).toThrow(/names label "nope", which app has under no name/);
    expect(
      refuse({
        labels: ["bug"],
        events: [
          { event: "labeled", label: "bug", created_at: "2023-09-03T00:00:00Z" },
          { event: "unlabeled", label: "bug", created_at: "2023-09-02T00:00:00Z" },
        ],
      }),
    ).toThrow(/is earlier than the event before it/);
    expect(refuse({ events: [{ event: "reopened", created_at: "2023-08-01T00:00:00Z" }] })).toThrow(
      /is before the issue was created/,
    );
  });

  it("writes a plain history for an issue seeded without one", async () => {
    const state = createState(historySeed());
    const data = await gql(
      state,
      `{ repository(owner: "${ORG}", name: "app") { pullRequest(number: 12) { timelineItems(first: 5) { totalCount } } } }`,
    );
    expect(data.repository.pullRequest.timelineItems.totalCount).toBe(3);
  });
});
