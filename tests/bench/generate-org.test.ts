import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfigText } from "../../src/config/index.js";
import { GITHUB_DEFAULT_LABELS } from "../../src/simulator/demo-seed.js";
import { GENERATED_NOW, generatedRepoNames, generateOrg } from "../../src/simulator/generate-org.js";
import type { SeedIssue } from "../../src/simulator/seed.js";
import { createState } from "../../src/simulator/state.js";
import { ROOT } from "../helpers/cli.js";

const fixture = validateConfigText(
  readFileSync(join(ROOT, "tests/fixtures/waku-org-pm-labels.yaml"), "utf8"),
  "waku-org-pm-labels.yaml",
);
const LABELS = (fixture.config?.labels ?? []).map((l) => ({
  name: l.name,
  color: l.color,
  description: l.description ?? null,
}));
const EPIC_LABELS = LABELS.filter((l) => l.name.startsWith("E:")).map((l) => l.name);
const MILESTONES = [
  "Waku Network Gen 0",
  "Support Many Platforms",
  "Quality Assurance processes are in place",
];

const isUpdate = (body: string) => /^\*\*weekly update\*\*/i.test(body);

describe("generateOrg", () => {
  it("uses the real 59-label file as its label source in these tests", () => {
    expect(LABELS).toHaveLength(59);
    expect(EPIC_LABELS).toHaveLength(28);
  });

  it("is deterministic: the same options give the same organisation, byte for byte", () => {
    const options = { repos: 40, labels: LABELS, milestones: MILESTONES };
    expect(JSON.stringify(generateOrg(options))).toBe(JSON.stringify(generateOrg(options)));
    const other = generateOrg({ ...options, seed: 2 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(generateOrg(options)));
    // A different seed reshapes the org but not its size.
    expect(other.repos.map((r) => r.issues?.length)).toEqual(
      generateOrg(options).repos.map((r) => r.issues?.length),
    );
  });

  it("makes N repositories, pm first, each carrying exactly the config's labels", () => {
    const seed = generateOrg({ repos: 25, labels: LABELS, org: "acme", milestones: MILESTONES });
    expect(seed.org).toBe("acme");
    expect(seed.repos).toHaveLength(25);
    expect(seed.repos.map((r) => r.name)).toEqual(generatedRepoNames(25));
    expect(new Set(seed.repos.map((r) => r.name)).size).toBe(25);
    expect(seed.repos[0]?.name).toBe("pm");
    for (const repo of seed.repos) expect(repo.labels).toEqual(LABELS);
  });

  it("puts one epic per epic label in pm, spread over the milestones, and tasks in every other repository", () => {
    const seed = generateOrg({ repos: 12, labels: LABELS, milestones: MILESTONES, tasksPerRepo: 5 });
    const pm = seed.repos[0]!;
    expect(pm.milestones?.map((m) => m.title)).toEqual(MILESTONES);
    const epics = (pm.issues ?? []).filter((i) => i.labels.includes("epic"));
    expect(epics.map((e) => e.labels.find((l) => l.startsWith("E:"))).sort()).toEqual(
      [...EPIC_LABELS].sort(),
    );
    for (const epic of epics) expect(epic.labels).toHaveLength(2);
    const perMilestone = MILESTONES.map((_, i) => epics.filter((e) => e.milestone === i + 1).length);
    expect(perMilestone.reduce((a, b) => a + b, 0)).toBe(28);
    for (const count of perMilestone) expect(count).toBeGreaterThanOrEqual(9);
    const trackers = (pm.issues ?? []).filter((i) => i.labels.includes("milestone"));
    expect(trackers.map((t) => t.milestone)).toEqual([1, 2, 3]);

    const tasks = seed.repos.slice(1).flatMap((r) => r.issues ?? []);
    for (const repo of seed.repos.slice(1)) expect(repo.issues).toHaveLength(5);
    const withEpic = tasks.filter((t) => t.labels.some((l) => l.startsWith("E:")));
    expect(withEpic.length).toBeGreaterThan(tasks.length / 2);
    expect(tasks.some((t) => t.pull_request)).toBe(true);
    expect(tasks.some((t) => t.state === "closed")).toBe(true);
    // Issue numbers: one sequence per repository, from 1.
    for (const repo of seed.repos) {
      expect((repo.issues ?? []).map((i) => i.number)).toEqual((repo.issues ?? []).map((_, k) => k + 1));
    }
  });

  it("posts weekly updates on issues (never pull requests) on the Fridays before now, by the team", () => {
    const now = new Date(GENERATED_NOW);
    const seed = generateOrg({ repos: 30, labels: LABELS, milestones: MILESTONES, team: 5, weeks: 2 });
    const all: SeedIssue[] = seed.repos.flatMap((r) => r.issues ?? []);
    const updates = all.flatMap((i) =>
      (i.comments ?? []).filter((c) => isUpdate(c.body)).map((c) => ({ i, c })),
    );
    expect(updates.length).toBeGreaterThanOrEqual(2 * 5);
    for (const { i, c } of updates) {
      expect(i.pull_request).toBeFalsy();
      const at = new Date(c.created_at);
      expect(at.getTime()).toBeLessThan(now.getTime());
      expect(now.getTime() - at.getTime()).toBeLessThan(14 * 86_400_000);
      expect(at.getUTCDay()).toBe(5);
      expect(i.updated_at! >= c.created_at).toBe(true);
    }
    const authors = new Set(updates.map(({ c }) => c.user));
    expect([...authors].sort()).toEqual(["member-01", "member-02", "member-03", "member-04", "member-05"]);
  });

  it("before a first sync: GitHub's default labels only, no epics, and the simulator accepts it", () => {
    const seed = generateOrg({
      repos: 6,
      labels: LABELS,
      repoLabels: "github-defaults",
      milestones: MILESTONES,
    });
    for (const repo of seed.repos.slice(1)) expect(repo.labels).toEqual(GITHUB_DEFAULT_LABELS);
    const issues = seed.repos.flatMap((r) => r.issues ?? []);
    expect(issues.some((i) => i.labels.includes("epic"))).toBe(false);
    expect(issues.some((i) => i.labels.some((l) => l.startsWith("E:")))).toBe(false);
    // createState refuses an issue carrying a label its repository lacks.
    expect(() => createState(seed)).not.toThrow();
    expect(() => createState(generateOrg({ repos: 6, labels: LABELS }))).not.toThrow();
  });

  it("refuses a size that is not a whole number of at least one", () => {
    expect(() => generateOrg({ repos: 0, labels: LABELS })).toThrow(/repos must be/);
    expect(() => generateOrg({ repos: 2.5, labels: LABELS })).toThrow(/repos must be/);
  });
});
