import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  DEMO_ARCHIVED_REPO,
  DEMO_DRIFT,
  DEMO_FORK_REPO,
  DEMO_MILESTONES,
  DEMO_REPOS,
  DEMO_TEAM,
  DEMO_TOKEN,
  demoSeed,
  GITHUB_DEFAULT_LABELS,
  PM_LABELS,
} from "../../src/simulator/demo-seed.js";
import type { SeedIssue, SeedRepo } from "../../src/simulator/seed.js";
import { createState } from "../../src/simulator/state.js";

const NOW = new Date("2023-11-27T09:00:00Z");
const seed = demoSeed({ now: NOW });
const repo = (name: string): SeedRepo => {
  const found = seed.repos.find((r) => r.name === name);
  if (!found) throw new Error(`demo has no repository ${name}`);
  return found;
};
const pm = repo("pm");
const epicLabelsOf = (issue: SeedIssue) => issue.labels.filter((l) => /^e:/i.test(l));
const allItems = seed.repos.flatMap((r) => (r.issues ?? []).map((issue) => ({ repo: r.name, issue })));
const tasks = allItems.filter(
  ({ repo: r, issue }) => epicLabelsOf(issue).length > 0 && !(r === "pm" && issue.labels.includes("epic")),
);
const isUpdate = (body: string) => /^\W*weekly update\W*(\n|$)/i.test(body);

describe("demo seed: organisation and repositories", () => {
  it("has the 18 waku-org repositories plus one archived repository and one fork", () => {
    expect(seed.org).toBe("waku-org");
    const plain = seed.repos.filter((r) => !r.archived && !r.fork).map((r) => r.name);
    expect(plain.sort()).toEqual([...DEMO_REPOS].sort());
    expect(plain).toHaveLength(18);
    expect(seed.repos.filter((r) => r.archived).map((r) => r.name)).toEqual([DEMO_ARCHIVED_REPO]);
    expect(seed.repos.filter((r) => r.fork).map((r) => r.name)).toEqual([DEMO_FORK_REPO]);
    expect(seed.tokens).toEqual([DEMO_TOKEN]);
  });

  it("builds a simulator state (so every label an issue carries exists in its repository)", () => {
    const state = createState(seed);
    expect(state.repos).toHaveLength(20);
    for (const r of seed.repos) {
      const names = new Set(r.labels.map((l) => l.name.toLowerCase()));
      for (const issue of r.issues ?? []) {
        for (const label of issue.labels)
          expect(names.has(label.toLowerCase()), `${r.name}#${issue.number} ${label}`).toBe(true);
      }
    }
  });

  it("carries the 59 labels of the real label file, field for field", () => {
    // failsafe, as the config loader reads it: YAML 1.2's core schema turns 008672 or 5319e7 into numbers.
    const text = readFileSync(new URL("../fixtures/waku-org-pm-labels.yaml", import.meta.url), "utf8");
    const fixture = parse(text, { schema: "failsafe" }) as {
      name: string;
      color: string;
      description: string;
    }[];
    expect(PM_LABELS).toHaveLength(59);
    expect(PM_LABELS.map((l) => ({ name: l.name, color: l.color, description: l.description }))).toEqual(
      fixture.map((l) => ({ name: l.name, color: l.color, description: l.description })),
    );
    for (const label of PM_LABELS) expect(label.color, label.name).toMatch(/^[0-9a-fA-F]{6}$/);
    expect(PM_LABELS.find((l) => l.name === "help wanted")?.color).toBe("008672");
    expect(PM_LABELS.find((l) => l.name === "E:1.2: Autosharding for autoscaling")?.color).toBe("5319e7");
    const synced = seed.repos.filter((r) => r.labels.length >= 59);
    expect(synced.length).toBeGreaterThanOrEqual(15);
  });

  it("has the label drift a dry-run sync should show", () => {
    expect(repo("internal-waku-outreach").labels).toEqual(GITHUB_DEFAULT_LABELS);
    const nwaku = repo("nwaku").labels.map((l) => l.name);
    expect(nwaku).toContain("E:Postgres");
    expect(nwaku).not.toContain("E:PostgreSQL");
    expect(repo("nwaku").issues?.some((i) => i.labels.includes("E:Postgres"))).toBe(true);
    const jsWaku = repo("js-waku").labels.map((l) => l.name);
    expect(jsWaku).toContain("Bug");
    expect(jsWaku).not.toContain("bug");
    expect(repo("go-waku").labels.find((l) => l.name === "critical")?.color).toBe(DEMO_DRIFT.colour.color);
    expect(repo("waku-ui").labels.some((l) => l.name.startsWith("track:"))).toBe(false);
  });
});

describe("demo seed: milestones and epics", () => {
  it("has pm milestones 1-4 with their real titles and tracking issues", () => {
    expect(pm.milestones?.map((m) => [m.number, m.title])).toEqual([
      [1, "Waku Network Gen 0"],
      [2, "Support Many Platforms"],
      [3, "Quality Assurance processes are in place"],
      [4, "Waku Network can Support 1 Million Users"],
    ]);
    expect(pm.milestones?.[0]?.due_on).toBe("2023-12-01T00:00:00Z");
    for (const [number, tracking] of [
      [1, 50],
      [2, 42],
      [3, 73],
      [4, 83],
    ] as const) {
      const milestone = pm.milestones?.find((m) => m.number === number);
      expect(milestone?.description).toContain(`https://github.com/waku-org/pm/issues/${tracking}`);
      const issue = pm.issues?.find((i) => i.number === tracking);
      expect(issue?.labels).toEqual(["milestone"]);
      expect(issue?.title).toBe(`[Milestone] ${milestone?.title}`);
    }
    expect(DEMO_MILESTONES.map((m) => m.trackingIssue)).toEqual([50, 42, 73, 83]);
  });

  it("has 13 Gen 0 epics, E:1.1 to E:4.1, at the numbers their labels name", () => {
    const epics = (pm.issues ?? []).filter((i) => i.labels.includes("epic"));
    const gen0 = epics.filter((e) => e.milestone === 1);
    expect(gen0).toHaveLength(13);
    const labels = gen0.map((e) => epicLabelsOf(e)[0] ?? "").sort();
    expect(labels[0]).toMatch(/^E:1\.1 /);
    expect(labels[12]).toMatch(/^E:4\.1: /);
    for (const epic of epics) {
      expect(epic.title).toMatch(/^\[Epic\] /);
      for (const label of epicLabelsOf(epic)) {
        const described = PM_LABELS.find((l) => l.name === label)?.description ?? "";
        if (epicLabelsOf(epic).length === 1) expect(described).toMatch(new RegExp(`/issues/${epic.number} `));
      }
    }
    expect(gen0.find((e) => e.number === 62)?.labels).toContain(
      "E:1.1 Network requirements and task breakdown",
    );
    expect(gen0.find((e) => e.number === 65)?.labels).toContain("E:1.2: Autosharding for autoscaling");
  });

  it("has orphan epics and one epic carrying two epic labels", () => {
    const epics = (pm.issues ?? []).filter((i) => i.labels.includes("epic"));
    expect(epics.filter((e) => e.milestone == null).length).toBeGreaterThanOrEqual(3);
    expect(epics.filter((e) => epicLabelsOf(e).length === 2)).toHaveLength(1);
    // Every epic label of the file belongs to some epic issue.
    const used = new Set(epics.flatMap(epicLabelsOf));
    for (const label of PM_LABELS.filter((l) => l.name.startsWith("E:")))
      expect(used.has(label.name)).toBe(true);
  });
});

describe("demo seed: tasks", () => {
  it("has a few hundred tasks, issues and pull requests, open and closed, assigned to the team", () => {
    expect(tasks.length).toBeGreaterThan(300);
    expect(tasks.length).toBeLessThan(800);
    expect(tasks.some((t) => t.issue.pull_request)).toBe(true);
    expect(tasks.some((t) => !t.issue.pull_request)).toBe(true);
    expect(tasks.some((t) => t.issue.state === "open")).toBe(true);
    expect(tasks.some((t) => t.issue.state === "closed")).toBe(true);
    const assignees = new Set(tasks.flatMap((t) => t.issue.assignees ?? []));
    for (const login of assignees) expect(DEMO_TEAM as readonly string[]).toContain(login);
    expect(assignees.size).toBe(DEMO_TEAM.length);
  });

  it("spreads Gen 0 tasks over at least six repositories and puts over 100 issues of one epic in nwaku", () => {
    const gen0Labels = new Set(
      (pm.issues ?? []).filter((i) => i.milestone === 1 && i.labels.includes("epic")).flatMap(epicLabelsOf),
    );
    const gen0Repos = new Set(
      tasks.filter((t) => epicLabelsOf(t.issue).some((l) => gen0Labels.has(l))).map((t) => t.repo),
    );
    expect(gen0Repos.size).toBeGreaterThanOrEqual(6);
    const big = "E:2.1: Production testing of existing protocols";
    const nwakuIssues = (repo("nwaku").issues ?? []).filter((i) => !i.pull_request && i.labels.includes(big));
    expect(nwakuIssues.length).toBeGreaterThan(100);
  });

  it("has tasks with two epic labels and other work without any", () => {
    expect(tasks.filter((t) => epicLabelsOf(t.issue).length >= 2).length).toBeGreaterThan(0);
    const other = allItems.filter((t) => epicLabelsOf(t.issue).length === 0 && t.repo !== "pm");
    for (const label of ["enhancement", "documentation", "dependencies"]) {
      expect(
        other.some((t) => t.issue.labels.includes(label)),
        label,
      ).toBe(true);
    }
    expect(other.some((t) => t.issue.labels.some((l) => l.toLowerCase() === "bug"))).toBe(true);
    expect(other.some((t) => t.issue.user === "dependabot[bot]")).toBe(true);
  });
});

describe("demo seed: weekly updates", () => {
  const comments = allItems.flatMap(({ repo: r, issue }) =>
    (issue.comments ?? []).map((c) => ({ repo: r, issue, comment: c })),
  );
  const updates = comments.filter((c) => isUpdate(c.comment.body));
  const threeWeeksAgo = NOW.getTime() - 21 * 86_400_000;

  it("posts updates on issues over the last three weeks, in every heading variant", () => {
    const recent = updates.filter((u) => Date.parse(u.comment.created_at) >= threeWeeksAgo);
    expect(recent.length).toBeGreaterThan(20);
    for (const u of updates) expect(Date.parse(u.comment.created_at)).toBeLessThanOrEqual(NOW.getTime());
    const headings = new Set(updates.map((u) => u.comment.body.split("\n")[0]));
    expect(headings).toEqual(new Set(["**Weekly Update**", "weekly update:", "**Weekly update**:"]));
    expect(updates.every((u) => /- _achieved_: .+\n- _next_: .+/.test(u.comment.body))).toBe(true);
    expect(updates.some((u) => u.comment.body.includes("- _blocker_: "))).toBe(true);
    // An older round that a three-week window leaves out.
    expect(updates.some((u) => Date.parse(u.comment.created_at) < threeWeeksAgo)).toBe(true);
  });

  it("updates milestone tracking issues with risks, and has updates on pull requests and ordinary comments", () => {
    const onTracking = updates.filter((u) => u.repo === "pm" && u.issue.labels.includes("milestone"));
    expect(onTracking.length).toBeGreaterThan(0);
    expect(onTracking.every((u) => u.comment.body.includes("- _risks_: "))).toBe(true);
    expect(updates.some((u) => u.issue.pull_request)).toBe(true);
    expect(comments.some((c) => !isUpdate(c.comment.body))).toBe(true);
  });

  it("has one member with no update on an issue in the latest week", () => {
    const lastFriday = Date.parse("2023-11-24T00:00:00Z");
    const latest = new Set(
      updates
        .filter((u) => !u.issue.pull_request && Date.parse(u.comment.created_at) >= lastFriday)
        .map((u) => u.comment.user),
    );
    const missing = DEMO_TEAM.filter((login) => !latest.has(login));
    expect(missing).toEqual([DEMO_TEAM[DEMO_TEAM.length - 1]]);
  });
});

describe("demo seed: determinism", () => {
  it("gives the same seed for the same clock and shifts timestamps with it", () => {
    expect(demoSeed({ now: NOW })).toEqual(seed);
    const later = demoSeed({ now: new Date(NOW.getTime() + 7 * 86_400_000) });
    expect(later.repos.map((r) => r.issues?.length)).toEqual(seed.repos.map((r) => r.issues?.length));
    const first = (s: typeof seed) => s.repos.find((r) => r.name === "nwaku")?.issues?.[0]?.created_at ?? "";
    expect(Date.parse(first(later)) - Date.parse(first(seed))).toBe(7 * 86_400_000);
  });
});
