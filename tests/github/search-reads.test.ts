/**
 * The search-based reads (search.ts, planning.ts `fetchTasks`, updates.ts `fetchUpdatedIssues`,
 * `fetchPlanningOverviewAndLabels`) against the simulator over HTTP: the same answer as the
 * per-repository reads they replace, for points that follow the results, and none of the
 * guarantees given up (the 1,000-result cap, the 256-character limit, merged pull requests, why an
 * issue was closed, a label spelt in another case).
 */
import { afterEach, describe, expect, it } from "vitest";
import { GitHubClient } from "../../src/github/client.js";
import { inParallel } from "../../src/github/parallel.js";
import {
  fetchPlanningOverview,
  fetchPlanningOverviewAndLabels,
  fetchTasks,
  fetchTasksPerRepository,
} from "../../src/github/planning.js";
import { listOrgReposWithLabels } from "../../src/github/repos.js";
import { fetchUpdatedIssues, fetchUpdatedIssuesPerRepository } from "../../src/github/updates.js";
import { LabelMembership } from "../../src/model/epics.js";
import type { Task } from "../../src/model/work.js";
import { demoSeed } from "../../src/simulator/demo-seed.js";
import { setGraphqlBehaviour } from "../../src/simulator/graphql-resolvers.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import type { Seed, SeedIssue } from "../../src/simulator/seed.js";

const TOKEN = "ghp_search_reads_test";
const DEMO_NOW = "2023-11-27T09:00:00Z";
let sim: Simulator | undefined;

afterEach(async () => {
  if (sim) expect(sim.violations).toEqual([]);
  await sim?.close();
  sim = undefined;
});

async function start(seed: Seed): Promise<{ s: Simulator; client: GitHubClient; log: string[] }> {
  const s = await startSimulator({ seed });
  sim = s;
  const log: string[] = [];
  const client = new GitHubClient({
    token: TOKEN,
    apiUrl: s.url,
    graphqlUrl: s.graphqlUrl,
    verbose: true,
    log: (line) => log.push(line),
  });
  return { s, client, log };
}

const points = (s: Simulator): number => s.log.reduce((sum, e) => sum + e.cost, 0);
const byKey = (tasks: Task[]): Task[] =>
  [...tasks].sort((a, b) => a.repo.localeCompare(b.repo) || a.number - b.number);

describe("status's task read on the demo organisation", () => {
  it("finds exactly the tasks the per-repository read finds, for a tenth of the points", async () => {
    const { s, client, log } = await start(demoSeed({ now: new Date(DEMO_NOW), tokens: [TOKEN] }));
    const overview = await fetchPlanningOverview(client, { org: "waku-org", pmRepo: "pm" });
    const gen0 = overview.milestones.find((m) => m.title.includes("Gen 0"));
    const epics = overview.epics.filter((e) => e.milestone === gen0?.number);
    expect(epics).toHaveLength(13);
    const labels = new LabelMembership("waku-org/pm", "E:").labelsOf(epics);
    const repositories = overview.repositories.map((r) => r.name);

    const searched = await fetchTasks(client, { org: "waku-org", repositories, labels });
    const statusPoints = points(s);
    s.clearLog();
    const perRepository = await fetchTasksPerRepository(client, { org: "waku-org", repositories, labels });
    const oldPoints = points(s);

    // Task for task: repository, number, title, state, why closed, kind, assignees, labels.
    expect(byKey(searched.tasks)).toEqual(byKey(perRepository.tasks));
    expect(searched.tasks.length).toBeGreaterThan(290);
    expect(searched.tasks.some((t) => t.pullRequest && t.state === "closed")).toBe(true);
    expect(searched.warnings).toEqual([]);
    // status --milestone gen0's reads: the overview and the tasks, at most 10 points (82 before).
    expect(statusPoints).toBeLessThanOrEqual(10);
    expect(oldPoints).toBeGreaterThan(50);
    // --verbose names each document's points.
    expect(log).toContain("GraphQL SearchCounts: 1 point");
    expect(log.filter((l) => l.startsWith("GraphQL SearchPages: ")).length).toBeGreaterThan(1);
  });
});

/** One repository per entry, each with the given issues; pm holds the epic. */
function smallOrg(repos: { name: string; labels: string[]; issues: SeedIssue[] }[], marker = "epic"): Seed {
  return {
    org: "acme",
    tokens: [TOKEN],
    repos: [
      {
        name: "pm",
        labels: [
          { name: marker, color: "ededed" },
          { name: "E:One", color: "ededed" },
        ],
        milestones: [{ number: 1, title: "M1" }],
        issues: [{ number: 1, title: "epic one", state: "open", labels: [marker, "E:One"], milestone: 1 }],
      },
      ...repos.map((r) => ({
        name: r.name,
        labels: r.labels.map((name) => ({ name, color: "ededed" })),
        issues: r.issues,
      })),
    ],
  };
}

describe("label spelling: GitHub's labels: filter may be case-sensitive (cli/cli#1819)", () => {
  it("a task in a repository spelling the epic label in another case is still found", async () => {
    const { s, client } = await start(
      smallOrg([
        {
          name: "app",
          labels: ["E:One"],
          issues: [{ number: 3, title: "a", state: "open", labels: ["E:One"] }],
        },
        {
          name: "lib",
          labels: ["e:one"],
          issues: [{ number: 4, title: "b", state: "open", labels: ["e:one"] }],
        },
      ]),
    );
    setGraphqlBehaviour(s.state, { caseSensitiveLabelFilter: true });
    const options = { org: "acme", repositories: ["app", "lib", "pm"], labels: ["E:One"] };
    // The switch works: the per-repository read now misses lib's task, as GitHub would.
    const old = await fetchTasksPerRepository(client, options);
    expect(old.tasks.map((t) => `${t.repo}#${t.number}`).sort()).toEqual(["acme/app#3", "acme/pm#1"]);
    const read = await fetchTasks(client, options);
    expect(read.tasks.map((t) => `${t.repo}#${t.number}`).sort()).toEqual([
      "acme/app#3",
      "acme/lib#4",
      "acme/pm#1",
    ]);
    // The task keeps its repository's own spelling; the membership rule compares ignoring case.
    const lib = read.tasks.find((t) => t.repo === "acme/lib");
    expect(lib?.labels).toEqual(["e:one"]);
    expect(
      new LabelMembership("acme/pm", "E:").belongsTo(lib as Task, { number: 1, labels: ["E:One"] }),
    ).toBe(true);
  });

  it("epics are found when pm spells the marker label in another case", async () => {
    const { s, client } = await start(smallOrg([], "Epic"));
    setGraphqlBehaviour(s.state, { caseSensitiveLabelFilter: true });
    const fresh = await fetchPlanningOverview(client, { org: "acme", pmRepo: "pm", fresh: true });
    expect(fresh.epics).toEqual([]);
    const overview = await fetchPlanningOverview(client, { org: "acme", pmRepo: "pm" });
    expect(overview.epics.map((e) => e.number)).toEqual([1]);
  });
});

function issues(count: number, label: string, startMs: number): SeedIssue[] {
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(startMs + i * 3_600_000).toISOString();
    return { number: i + 2, title: `t${i}`, state: "open", labels: [label], created_at: at, updated_at: at };
  });
}

describe("what search must not lose", () => {
  it("a label with over 1,000 tasks is split by date and read in full, without a warning", async () => {
    const many = issues(1_150, "E:One", Date.parse("2022-01-01T00:00:00Z"));
    const { s, client } = await start(smallOrg([{ name: "app", labels: ["E:One"], issues: many }]));
    const read = await fetchTasks(client, { org: "acme", repositories: ["pm", "app"], labels: ["E:One"] });
    expect(read.warnings).toEqual([]);
    expect(read.tasks.filter((t) => t.repo === "acme/app")).toHaveLength(1_150);
    expect(new Set(read.tasks.map((t) => `${t.repo}#${t.number}`)).size).toBe(1_151);
    // Two rounds of counting: the label alone, then its halves by date.
    expect(s.log.length).toBeGreaterThan(3);
  });

  it("a query that cannot be split under the cap is a warning, not a silent loss", async () => {
    // 1,005 issues created in the same second: no date range can tell them apart.
    const same = Array.from(
      { length: 1_005 },
      (_, i): SeedIssue => ({
        number: i + 2,
        title: `t${i}`,
        state: "open",
        labels: ["E:One"],
        created_at: "2023-01-01T00:00:00Z",
      }),
    );
    const { client } = await start(smallOrg([{ name: "app", labels: ["E:One"], issues: same }]));
    const read = await fetchTasks(client, { org: "acme", repositories: ["app"], labels: ["E:One"] });
    expect(read.warnings).toEqual([
      expect.stringMatching(/matches 100\d results, over its 1000-result cap, and cannot be split further/),
    ]);
  });

  it("a long list of labels becomes several queries of at most 256 characters, every task found", async () => {
    const labels = Array.from({ length: 30 }, (_, i) => `E:${i}: a long epic name to make each label long`);
    const seeded: SeedIssue[] = labels.map((label, i) => ({
      number: i + 2,
      title: `t${i}`,
      state: "open",
      labels: [label],
    }));
    const { s, client } = await start(smallOrg([{ name: "app", labels, issues: seeded }]));
    const read = await fetchTasks(client, { org: "acme", repositories: ["app"], labels });
    expect(read.tasks).toHaveLength(30);
    // The simulator refuses a longer query, as GitHub does; nothing was refused.
    expect(s.log.every((e) => e.status === 200)).toBe(true);
  });

  it("a label search cannot express (a double quote) is read per repository instead", async () => {
    const odd = 'E:the "quoted" one';
    const { client } = await start(
      smallOrg([
        {
          name: "app",
          labels: [odd, "E:One"],
          issues: [
            { number: 2, title: "q", state: "open", labels: [odd] },
            { number: 3, title: "n", state: "open", labels: ["E:One"] },
          ],
        },
      ]),
    );
    const read = await fetchTasks(client, { org: "acme", repositories: ["app"], labels: [odd, "E:One"] });
    expect(read.tasks.map((t) => t.number)).toEqual([2, 3]);
  });

  it("merged and closed pull requests are closed, an issue closed as not planned says so", async () => {
    const { client } = await start(
      smallOrg([
        {
          name: "app",
          labels: ["E:One"],
          issues: [
            { number: 2, title: "m", state: "closed", pull_request: true, merged: true, labels: ["E:One"] },
            { number: 3, title: "c", state: "closed", pull_request: true, labels: ["E:One"] },
            { number: 4, title: "n", state: "closed", state_reason: "not_planned", labels: ["E:One"] },
            { number: 5, title: "d", state: "closed", labels: ["E:One"] },
          ],
        },
      ]),
    );
    const read = await fetchTasks(client, { org: "acme", repositories: ["app"], labels: ["E:One"] });
    expect(read.tasks.map((t) => [t.number, t.pullRequest, t.state, t.stateReason])).toEqual([
      [4, false, "closed", "not_planned"],
      [5, false, "closed", "completed"],
      [2, true, "closed", undefined],
      [3, true, "closed", undefined],
    ]);
  });

  it("only the repositories asked about count", async () => {
    const { client } = await start(
      smallOrg([
        {
          name: "app",
          labels: ["E:One"],
          issues: [{ number: 2, title: "a", state: "open", labels: ["E:One"] }],
        },
        {
          name: "lib",
          labels: ["E:One"],
          issues: [{ number: 3, title: "b", state: "open", labels: ["E:One"] }],
        },
      ]),
    );
    const read = await fetchTasks(client, { org: "acme", repositories: ["APP"], labels: ["E:One"] });
    expect(read.tasks.map((t) => `${t.repo}#${t.number}`)).toEqual(["acme/APP#2"]);
  });
});

describe("report's read on the demo organisation", () => {
  it("the same issues as the per-repository read, plus pull requests, for a few points", async () => {
    const { s, client } = await start(demoSeed({ now: new Date(DEMO_NOW), tokens: [TOKEN] }));
    const since = new Date(Date.parse(DEMO_NOW) - 7 * 86_400_000);
    const overview = await fetchPlanningOverview(client, { org: "waku-org", pmRepo: "pm" });
    const repositories = overview.repositories.map((r) => r.name);
    s.clearLog();
    const read = await fetchUpdatedIssues(client, { org: "waku-org", pmRepo: "pm", since });
    const readPoints = points(s);
    s.clearLog();
    const old = await fetchUpdatedIssuesPerRepository(client, {
      org: "waku-org",
      pmRepo: "pm",
      repositories,
      since,
    });
    expect(points(s)).toBeGreaterThan(20);

    const key = (i: { repo: string; number: number }) => `${i.repo}#${i.number}`;
    const issues = read.issues.filter((i) => !i.pullRequest);
    expect(issues.map(key).sort()).toEqual(old.issues.map(key).sort());
    const byIssue = new Map(old.issues.map((i) => [key(i), i]));
    for (const issue of issues) expect(issue).toEqual(byIssue.get(key(issue)));
    expect(read.trackingIssues).toEqual([...old.trackingIssues].sort((a, b) => a.number - b.number));
    // Pull requests updated in the window come too, marked, with their comments.
    const pulls = read.issues.filter((i) => i.pullRequest === true);
    expect(pulls.length).toBeGreaterThan(0);
    for (const pr of pulls) expect(pr.url).toContain("/pull/");
    expect(read.warnings).toEqual([]);
    // With the overview (1 point), report --since 7d stays far under 10 points (43 before).
    expect(readPoints).toBeLessThanOrEqual(5);
  });

  it("a weekly update posted on a pull request is read, comments older than the window are not", async () => {
    const { client } = await start({
      org: "acme",
      tokens: [TOKEN],
      repos: [
        { name: "pm", labels: [{ name: "milestone", color: "ededed" }] },
        {
          name: "app",
          labels: [],
          issues: [
            {
              number: 7,
              title: "a PR",
              state: "open",
              pull_request: true,
              labels: [],
              created_at: "2023-11-01T00:00:00Z",
              updated_at: "2023-11-24T10:00:00Z",
              comments: [
                { user: "old", body: "before", created_at: "2023-11-10T00:00:00Z" },
                {
                  user: "alice",
                  body: "**Weekly update**\n- achieved: x",
                  created_at: "2023-11-24T10:00:00Z",
                },
              ],
            },
          ],
        },
      ],
    });
    const read = await fetchUpdatedIssues(client, {
      org: "acme",
      pmRepo: "pm",
      repositories: ["pm", "app"],
      since: new Date("2023-11-20T09:00:00Z"),
    });
    expect(read.issues).toEqual([
      expect.objectContaining({
        repo: "app",
        number: 7,
        pullRequest: true,
        comments: [expect.objectContaining({ author: "alice", createdAt: "2023-11-24T10:00:00Z" })],
      }),
    ]);
  });
});

describe("check's read", () => {
  it("every repository's labels and the planning overview in ONE document on the demo", async () => {
    const { s, client } = await start(demoSeed({ now: new Date(DEMO_NOW), tokens: [TOKEN] }));
    const both = await fetchPlanningOverviewAndLabels(client, { org: "waku-org", pmRepo: "pm" });
    expect(s.log.map((e) => e.kind)).toEqual(["graphql"]);
    s.clearLog();
    const labels = await listOrgReposWithLabels(client, "waku-org");
    const overview = await fetchPlanningOverview(client, { org: "waku-org", pmRepo: "pm" });
    expect(both.labels.repos).toEqual(labels.repos);
    expect([...both.labels.labels.entries()]).toEqual([...labels.labels.entries()]);
    expect(both.overview).toEqual(overview);
  });

  it("a repository with over 100 labels is read in full in a follow-up", async () => {
    const wide = Array.from({ length: 130 }, (_, i) => `area-${i}`);
    const { s, client } = await start(smallOrg([{ name: "app", labels: wide, issues: [] }]));
    const both = await fetchPlanningOverviewAndLabels(client, { org: "acme", pmRepo: "pm" });
    expect(both.labels.labels.get("app")?.map((l) => l.name)).toEqual(wide);
    expect(s.log).toHaveLength(2);
  });
});

describe("documents in flight", () => {
  it("never more than the limit at once, every result in order", async () => {
    let running = 0;
    let peak = 0;
    const results = await inParallel(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (n) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return n * 2;
      },
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });
});
