/**
 * The demo organisation's history (demo-seed.ts, `demoHistory`): every seeded history replays to
 * today's seed, the story it tells (scope added week by week, a task removed, a reopen, a
 * not-planned close, an epic moved out of Gen 0, a renamed milestone and epic label) is in the
 * events, and GitHub's endpoints serve it: the repository-wide REST listing page by page, the
 * issue events, GraphQL timelineItems and stateReason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_MILESTONES,
  DEMO_NOW,
  DEMO_ORG,
  DEMO_TEAM,
  DEMO_TOKEN,
  demoHistory,
  demoSeed,
} from "../../src/simulator/demo-seed.js";
import { handleGraphql } from "../../src/simulator/graphql.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed, SeedEvent, SeedIssue } from "../../src/simulator/seed.js";
import { createState, type SimState } from "../../src/simulator/state.js";
import { call, type Json, parseLink } from "./helpers.js";

const NOW = new Date(DEMO_NOW);
const DAY = 86_400_000;
const seed = demoSeed({ now: NOW });
const facts = demoHistory();
const lead = DEMO_TEAM[0];

const repoIssues = (s: Seed, name: string): SeedIssue[] => s.repos.find((r) => r.name === name)?.issues ?? [];
const issueOf = (s: Seed, name: string, number: number): SeedIssue => {
  const found = repoIssues(s, name).find((i) => i.number === number);
  if (!found) throw new Error(`demo has no ${name}#${number}`);
  return found;
};
const ms = (iso: string | null | undefined) => Date.parse(iso ?? "");
const titleOf = (number: number) => DEMO_MILESTONES.find((m) => m.number === number)?.title;

/** Gen 0's epic labels today (the epics in milestone 1). */
const gen0Labels = new Set(
  repoIssues(seed, "pm")
    .filter((i) => i.labels.includes("epic") && i.milestone === 1)
    .flatMap((i) => i.labels.filter((l) => l.startsWith("E:"))),
);

describe("demo history: every seeded history replays to today's seed", () => {
  it("loads (the simulator refuses a history that does not end in the seeded state), with or without Deliverables", () => {
    const state = createState(seed);
    const given = seed.repos.flatMap((r) => (r.issues ?? []).filter((i) => i.events).map((i) => ({ r, i })));
    // The epics and tracking issues filed into milestones, the story's tasks, the late-labelled ones.
    expect(given.length).toBeGreaterThan(40);
    for (const { r, i } of given) {
      const simIssue = state.repos.find((x) => x.name === r.name)?.issues.find((x) => x.number === i.number);
      expect(simIssue?.events.length, `${r.name}#${i.number}`).toBe(i.events?.length);
    }
    expect(() => createState(demoSeed({ now: NOW, deliverables: true }))).not.toThrow();
  });

  it("is checked: the removed task without its unlabel is refused, naming the issue and the fix", () => {
    const broken = structuredClone(seed);
    const removed = issueOf(broken, facts.removed.repo, facts.removed.number);
    removed.events = (removed.events ?? []).filter((e) => e.event !== "unlabeled");
    expect(() => createState(broken)).toThrow(
      new RegExp(
        `${facts.removed.repo}#${facts.removed.number}'s history does not end .*add an "unlabeled" event`,
      ),
    );
  });

  it("never dates an event before its issue, after the clock, or after the issue's updated_at", () => {
    for (const r of seed.repos) {
      for (const i of r.issues ?? []) {
        for (const e of i.events ?? []) {
          const where = `${r.name}#${i.number} ${e.event} ${e.created_at}`;
          expect(ms(e.created_at), where).toBeGreaterThanOrEqual(ms(i.created_at));
          expect(ms(e.created_at), where).toBeLessThanOrEqual(NOW.getTime());
          expect(ms(e.created_at), where).toBeLessThanOrEqual(ms(i.updated_at));
        }
      }
    }
  });

  it("is deterministic and moves with the clock, telling the same story about the same tasks", () => {
    expect(demoSeed({ now: NOW })).toEqual(seed);
    const later = demoHistory(new Date(NOW.getTime() + 7 * DAY));
    expect(ms(later.movedEpic.at) - ms(facts.movedEpic.at)).toBe(7 * DAY);
    expect(ms(later.milestonesCreated) - ms(facts.milestonesCreated)).toBe(7 * DAY);
    expect([later.reopened.number, later.notPlanned.number, later.removed.number]).toEqual([
      facts.reopened.number,
      facts.notPlanned.number,
      facts.removed.number,
    ]);
  });
});

describe("demo history: the story, from late August to late November 2023", () => {
  it("starts when the lead created the milestones and filed every epic and tracking issue into one", () => {
    expect(facts.milestonesCreated).toBe("2023-08-28T09:00:00Z");
    const pm = seed.repos.find((r) => r.name === "pm");
    for (const m of pm?.milestones ?? []) {
      if (m.number > 4) continue;
      expect(ms(m.created_at) - ms(facts.milestonesCreated), m.title).toBeLessThan(DAY / 24);
    }
    for (const issue of (pm?.issues ?? []).filter((i) => i.milestone != null)) {
      const first = issue.events?.find((e) => e.event === "milestoned");
      expect(first?.actor, `pm#${issue.number}`).toBe(lead);
      expect(ms(first?.created_at) - ms(facts.milestonesCreated), `pm#${issue.number}`).toBeGreaterThan(0);
      expect(ms(first?.created_at) - ms(facts.milestonesCreated), `pm#${issue.number}`).toBeLessThan(
        DAY / 24,
      );
    }
  });

  it("adds Gen 0 scope week by week into November, and closes unevenly enough for a forecast band", () => {
    const labelledIn: Record<string, number> = {};
    const closesByWeek = new Map<number, number>();
    for (const r of seed.repos) {
      for (const i of r.issues ?? []) {
        if (r.name === "pm" && i.labels.includes("epic")) continue;
        if (!i.labels.some((l) => gen0Labels.has(l))) continue;
        const labelled = i.events
          ? i.events.find((e) => e.event === "labeled" && gen0Labels.has(e.label ?? ""))?.created_at
          : i.created_at;
        const month = (labelled ?? "").slice(0, 7);
        labelledIn[month] = (labelledIn[month] ?? 0) + 1;
        if (
          i.state === "closed" &&
          i.state_reason !== "not_planned" &&
          ms(i.closed_at) > NOW.getTime() - 28 * DAY
        ) {
          const week = Math.floor((NOW.getTime() - ms(i.closed_at)) / (7 * DAY));
          closesByWeek.set(week, (closesByWeek.get(week) ?? 0) + 1);
        }
      }
    }
    for (const month of ["2023-09", "2023-10", "2023-11"])
      expect(labelledIn[month], month).toBeGreaterThan(5);
    const weekly = [0, 1, 2, 3].map((w) => closesByWeek.get(w) ?? 0);
    expect(Math.min(...weekly)).toBeGreaterThan(0);
    expect(Math.max(...weekly) - Math.min(...weekly)).toBeGreaterThanOrEqual(5);
  });

  it("labels some Gen 0 tasks days after they were opened, each before it closed", () => {
    expect(facts.lateLabelled.length).toBeGreaterThan(5);
    for (const t of facts.lateLabelled) {
      const issue = issueOf(seed, t.repo, t.number);
      expect(issue.labels).toContain(t.label);
      const labelled = issue.events?.find((e) => e.event === "labeled" && e.label === t.label);
      expect(labelled).toMatchObject({ created_at: t.labelled, actor: lead });
      expect(ms(t.labelled) - ms(t.created)).toBeGreaterThanOrEqual(DAY);
      if (issue.closed_at) expect(ms(t.labelled)).toBeLessThan(ms(issue.closed_at));
    }
  });

  it("moves epic 92 out of Gen 0 into milestone 4 in mid-October, after the milestone's rename", () => {
    expect(facts.movedEpic).toMatchObject({ number: 92, from: 1, to: 4, at: "2023-10-16T10:30:00Z" });
    expect(facts.movedEpic.tasks).toBeGreaterThan(3);
    expect(facts.renamedMilestone).toEqual({
      number: 1,
      from: "Gen 0",
      to: "Waku Network Gen 0",
      at: "2023-09-04T10:00:00Z",
    });
    const epic = issueOf(seed, "pm", 92);
    expect(epic.milestone).toBe(4);
    const moves = (epic.events ?? []).filter((e) => e.event.endsWith("milestoned"));
    expect(moves.map((e) => [e.event, e.milestone])).toEqual([
      ["milestoned", "Gen 0"],
      ["demilestoned", "Waku Network Gen 0"],
      ["milestoned", titleOf(4)],
    ]);
    expect(moves.slice(1).map((e) => e.created_at)).toEqual([facts.movedEpic.at, facts.movedEpic.at]);
  });

  it("removes a task from a Gen 0 epic: labelled in September, unlabelled in October, unlabelled today", () => {
    const { removed } = facts;
    expect(removed.labelled.slice(0, 7)).toBe("2023-09");
    expect(removed.unlabelled.slice(0, 7)).toBe("2023-10");
    expect(gen0Labels.has(removed.label)).toBe(true);
    const issue = issueOf(seed, removed.repo, removed.number);
    expect(issue.labels).not.toContain(removed.label);
    const changes = (issue.events ?? []).filter((e) => e.label === removed.label);
    expect(changes.map((e) => [e.event, e.created_at])).toEqual([
      ["labeled", removed.labelled],
      ["unlabeled", removed.unlabelled],
    ]);
  });

  it("reopens one task and closes it again, and closes one as not planned (the demo's only one)", () => {
    const { reopened, notPlanned } = facts;
    const task = issueOf(seed, reopened.repo, reopened.number);
    expect(task.labels).toContain(reopened.label);
    expect(task.closed_at).toBe(reopened.closedAgain);
    expect(
      (task.events ?? [])
        .filter((e) => e.event === "closed" || e.event === "reopened")
        .map((e) => e.created_at),
    ).toEqual([reopened.closed, reopened.reopened, reopened.closedAgain]);
    expect(reopened.closed >= "2023-10-01" && reopened.closedAgain < "2023-11-27").toBe(true);

    const dropped = issueOf(seed, notPlanned.repo, notPlanned.number);
    expect(dropped).toMatchObject({
      state: "closed",
      state_reason: "not_planned",
      closed_at: notPlanned.closed,
    });
    expect(dropped.labels).toContain(notPlanned.label);
    expect(gen0Labels.has(notPlanned.label)).toBe(true);
    const labelled = dropped.events?.find((e) => e.event === "labeled" && e.label === notPlanned.label);
    expect(labelled?.created_at).toBe(notPlanned.labelled);
    expect(notPlanned.labelled >= facts.milestonesCreated && notPlanned.closed > notPlanned.labelled).toBe(
      true,
    );
    const withReason = seed.repos.flatMap((r) => (r.issues ?? []).filter((i) => i.state_reason));
    expect(withReason).toEqual([dropped]);
  });

  it("renames E:Postgres in go-waku in October: older labelled events carry the old name", () => {
    const { renamedLabel } = facts;
    expect(renamedLabel).toMatchObject({ repo: "go-waku", from: "E:Postgres", to: "E:PostgreSQL", epic: 84 });
    expect(renamedLabel.tasks.length).toBeGreaterThan(0);
    const goWaku = seed.repos.find((r) => r.name === "go-waku");
    expect(goWaku?.labels.find((l) => l.name === "E:PostgreSQL")?.former_names).toEqual(["E:Postgres"]);
    for (const issue of repoIssues(seed, "go-waku").filter((i) => i.labels.includes("E:PostgreSQL"))) {
      const names = (issue.events ?? plainLabels(issue))
        .filter((e) => e.event === "labeled")
        .map((e) => e.label);
      const old = renamedLabel.tasks.includes(issue.number);
      expect(ms(issue.created_at) < ms(renamedLabel.at), `go-waku#${issue.number}`).toBe(old);
      expect(names.includes("E:Postgres"), `go-waku#${issue.number}`).toBe(old);
    }
  });
});

/** What the simulator writes for an issue given no events: each label at creation. */
function plainLabels(issue: SeedIssue): SeedEvent[] {
  return issue.labels.map((label) => ({ event: "labeled", label, created_at: issue.created_at as string }));
}

describe("demo history: served as GitHub serves it (REST)", () => {
  let sim: Simulator;
  const get = (path: string) => call(sim.url, "GET", path, { token: DEMO_TOKEN });
  const eventsOf = async (repo: string, n: number): Promise<Json[]> => {
    const reply = await get(`/repos/${DEMO_ORG}/${repo}/issues/${n}/events?per_page=100`);
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const listAll = async (path: string) => {
    const items: Json[] = [];
    let url: string | undefined = `${sim.url}${path}`;
    let pages = 0;
    let last: string | undefined;
    while (url) {
      const reply = await call("", "GET", url, { token: DEMO_TOKEN });
      expect(reply.status).toBe(200);
      const links = parseLink(reply.headers.get("link"));
      if (pages === 0) last = links.last;
      pages++;
      items.push(...reply.body);
      url = links.next;
    }
    return { items, pages, last };
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed, latencyMs: 0, now: () => NOW });
  });
  afterAll(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it("pages nwaku's repository-wide events listing: every event once, newest first, Link to the last page", async () => {
    const state = createState(seed);
    const nwaku = state.repos.find((r) => r.name === "nwaku");
    const expected = (nwaku?.issues ?? []).reduce((n, i) => n + i.events.length, 0);
    expect(expected).toBeGreaterThan(400);
    const { items, pages, last } = await listAll(`/repos/${DEMO_ORG}/nwaku/issues/events?per_page=100`);
    expect(pages).toBe(Math.ceil(expected / 100));
    expect(last).toContain(`page=${pages}`);
    expect(items).toHaveLength(expected);
    expect(new Set(items.map((e) => e.id)).size).toBe(expected);
    const times = items.map((e) => e.created_at as string);
    expect([...times].sort().reverse()).toEqual(times);
    expect(items.every((e) => e.issue && typeof e.issue.number === "number")).toBe(true);
    // The reopened task's three changes are among them, each with the issue as it is now.
    const reopened = items.filter(
      (e) => e.issue.number === facts.reopened.number && (e.event === "closed" || e.event === "reopened"),
    );
    expect(reopened.map((e) => [e.event, e.created_at])).toEqual([
      ["closed", facts.reopened.closedAgain],
      ["reopened", facts.reopened.reopened],
      ["closed", facts.reopened.closed],
    ]);
    expect(reopened.every((e) => e.issue.state === "closed")).toBe(true);
  });

  it("finds the removed task only through the events listing, since a label query no longer does", async () => {
    const { removed } = facts;
    const labelled = await listAll(
      `/repos/${DEMO_ORG}/${removed.repo}/issues?state=all&per_page=100&labels=${encodeURIComponent(removed.label)}`,
    );
    expect(labelled.items.length).toBeGreaterThan(0);
    expect(labelled.items.map((i: Json) => i.number)).not.toContain(removed.number);
    const { items } = await listAll(`/repos/${DEMO_ORG}/${removed.repo}/issues/events?per_page=100`);
    const unlabel = items.find((e) => e.event === "unlabeled" && e.issue.number === removed.number);
    expect(unlabel).toMatchObject({
      created_at: removed.unlabelled,
      label: { name: removed.label },
      actor: { login: lead },
    });
  });

  it("serves the moved epic's milestone events with the titles of the time, and its milestone today", async () => {
    const events = (await eventsOf("pm", facts.movedEpic.number)).filter((e) =>
      e.event.endsWith("milestoned"),
    );
    expect(events.map((e) => [e.event, e.milestone.title, e.actor.login])).toEqual([
      ["milestoned", facts.renamedMilestone.from, lead],
      ["demilestoned", facts.renamedMilestone.to, lead],
      ["milestoned", titleOf(facts.movedEpic.to), lead],
    ]);
    const epic = await get(`/repos/${DEMO_ORG}/pm/issues/${facts.movedEpic.number}`);
    expect(epic.body.milestone).toMatchObject({ number: facts.movedEpic.to });
    const gen0 = await get(`/repos/${DEMO_ORG}/pm/milestones/1`);
    expect(gen0.body).toMatchObject({
      title: facts.renamedMilestone.to,
      created_at: facts.milestonesCreated,
    });
  });

  it("serves the not-planned close and the reopen with their reasons and actors", async () => {
    const { notPlanned, reopened } = facts;
    const dropped = await get(`/repos/${DEMO_ORG}/${notPlanned.repo}/issues/${notPlanned.number}`);
    expect(dropped.body).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(dropped.body.labels.map((l: Json) => l.name)).toContain(notPlanned.label);
    const closes = (await eventsOf(notPlanned.repo, notPlanned.number)).filter((e) => e.event === "closed");
    expect(closes).toEqual([
      expect.objectContaining({ created_at: notPlanned.closed, state_reason: "not_planned" }),
    ]);

    const events = await eventsOf(reopened.repo, reopened.number);
    expect(
      events
        .filter((e) => e.event === "closed" || e.event === "reopened")
        .map((e) => [e.event, e.state_reason]),
    ).toEqual([
      ["closed", "completed"],
      ["reopened", "reopened"],
      ["closed", "completed"],
    ]);
    expect(events.find((e) => e.event === "reopened")?.actor.login).toBe("nadia-qa");
    const task = await get(`/repos/${DEMO_ORG}/${reopened.repo}/issues/${reopened.number}`);
    expect(task.body).toMatchObject({
      state: "closed",
      state_reason: "completed",
      closed_at: reopened.closedAgain,
    });
  });

  it("serves go-waku's old label name on the old events and only the new name as a label", async () => {
    const { renamedLabel } = facts;
    const number = renamedLabel.tasks[0] as number;
    const labelled = (await eventsOf(renamedLabel.repo, number)).filter((e) => e.event === "labeled");
    expect(labelled.map((e) => e.label.name)).toContain(renamedLabel.from);
    const old = await get(
      `/repos/${DEMO_ORG}/${renamedLabel.repo}/labels/${encodeURIComponent(renamedLabel.from)}`,
    );
    expect(old.status).toBe(404);
    const task = await get(`/repos/${DEMO_ORG}/${renamedLabel.repo}/issues/${number}`);
    expect(task.body.labels.map((l: Json) => l.name)).toContain(renamedLabel.to);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers, narrowed by the assertions
async function gql(state: SimState, query: string): Promise<any> {
  const body = (await handleGraphql(state, { query })).body as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  // biome-ignore lint/suspicious/noExplicitAny: as above
  return body.data as any;
}

describe("demo history: served as GitHub serves it (GraphQL)", () => {
  const state = createState(seed);
  const item = (repo: string, number: number) =>
    gql(
      state,
      `{ repository(owner: "${DEMO_ORG}", name: "${repo}") { issue(number: ${number}) { stateReason
        timelineItems(first: 50, itemTypes: [LABELED_EVENT, UNLABELED_EVENT, CLOSED_EVENT, REOPENED_EVENT, MILESTONED_EVENT, DEMILESTONED_EVENT]) {
          nodes { __typename ... on LabeledEvent { createdAt label { name } } ... on UnlabeledEvent { createdAt label { name } }
            ... on ClosedEvent { createdAt stateReason } ... on ReopenedEvent { createdAt actor { login } }
            ... on MilestonedEvent { createdAt milestoneTitle } ... on DemilestonedEvent { createdAt milestoneTitle } } } } } }`,
    ).then((d) => d.repository.issue);

  it("has timelineItems for the move, the reopen, the not-planned close, the removal and the old label name", async () => {
    const epic = await item("pm", facts.movedEpic.number);
    expect(
      epic.timelineItems.nodes
        .filter((n: Json) => n.milestoneTitle)
        .map((n: Json) => [n.__typename, n.milestoneTitle, n.createdAt]),
    ).toEqual([
      ["MilestonedEvent", "Gen 0", expect.stringMatching(/^2023-08-28T09:/)],
      ["DemilestonedEvent", "Waku Network Gen 0", facts.movedEpic.at],
      ["MilestonedEvent", titleOf(4), facts.movedEpic.at],
    ]);

    const reopened = await item(facts.reopened.repo, facts.reopened.number);
    expect(reopened.stateReason).toBe("COMPLETED");
    expect(
      reopened.timelineItems.nodes
        .filter((n: Json) => n.__typename !== "LabeledEvent")
        .map((n: Json) => [n.__typename, n.createdAt]),
    ).toEqual([
      ["ClosedEvent", facts.reopened.closed],
      ["ReopenedEvent", facts.reopened.reopened],
      ["ClosedEvent", facts.reopened.closedAgain],
    ]);

    const dropped = await item(facts.notPlanned.repo, facts.notPlanned.number);
    expect(dropped.stateReason).toBe("NOT_PLANNED");
    expect(dropped.timelineItems.nodes.at(-1)).toEqual({
      __typename: "ClosedEvent",
      createdAt: facts.notPlanned.closed,
      stateReason: "NOT_PLANNED",
    });

    const removed = await item(facts.removed.repo, facts.removed.number);
    expect(removed.timelineItems.nodes.filter((n: Json) => n.label?.name === facts.removed.label)).toEqual([
      { __typename: "LabeledEvent", createdAt: facts.removed.labelled, label: { name: facts.removed.label } },
      {
        __typename: "UnlabeledEvent",
        createdAt: facts.removed.unlabelled,
        label: { name: facts.removed.label },
      },
    ]);

    // An issue or a pull request: the fragment for each asks the same.
    const labelled =
      "timelineItems(first: 20, itemTypes: [LABELED_EVENT]) { nodes { ... on LabeledEvent { label { name } } } }";
    for (const number of facts.renamedLabel.tasks) {
      const data = await gql(
        state,
        `{ repository(owner: "${DEMO_ORG}", name: "${facts.renamedLabel.repo}") { issueOrPullRequest(number: ${number}) {
          ... on Issue { ${labelled} } ... on PullRequest { ${labelled} } } } }`,
      );
      const names = data.repository.issueOrPullRequest.timelineItems.nodes.map((n: Json) => n.label.name);
      expect(names, `go-waku#${number}`).toContain(facts.renamedLabel.from);
      expect(names, `go-waku#${number}`).not.toContain(facts.renamedLabel.to);
    }
  });
});
