/**
 * The pure rules: planLinks (what link-tasks does) and checkHierarchy (what check reports), on
 * hand-made task lists: each disagreement named with its fix, GitHub's impossibilities as
 * warnings, nothing planned twice, and a reconciled milestone green.
 */
import { describe, expect, it } from "vitest";
import { checkHierarchy } from "../../src/check/hierarchy.js";
import { planLinks } from "../../src/link/plan.js";
import { mergeTaskPools } from "../../src/link/pool.js";
import type { Epic, IssueRef, Task } from "../../src/model/work.js";

const ORG = "acme";
const PM = `${ORG}/pm`;
const E1 = "E:1 Store";
const E2 = "E:2 Light";

function epic(number: number, labels: string[]): Epic {
  return {
    number,
    title: `Epic ${number}`,
    url: `https://github.com/${PM}/issues/${number}`,
    state: "open",
    labels: ["Deliverable", ...labels],
    milestone: 1,
    assignees: [],
  };
}

function task(repo: string, number: number, extra: Partial<Task> = {}): Task {
  return {
    repo: `${ORG}/${repo}`,
    number,
    title: `task ${number}`,
    url: `https://github.com/${ORG}/${repo}/issues/${number}`,
    state: "open",
    pullRequest: false,
    assignees: [],
    labels: [],
    ...extra,
  };
}

const under = (...chain: number[]): { ancestors: IssueRef[] } => ({
  ancestors: chain.map((n) => ({ repo: PM, number: n })),
});

const EPICS = [epic(1, [E1]), epic(2, [E2]), epic(3, ["E:3 Empty"])];
const base = { epics: EPICS, epicPrefix: "E:", pmRepo: PM, org: ORG };

// app#1: labelled E1 and linked under 1: agreed.
// app#2: labelled E1, not linked: link.
// app#3: linked under 1 (via group app#4), not labelled: label.
// app#4: a group under 1, not labelled: left alone (groups are not tasks).
// app#5: a pull request labelled E1: refused.
// app#6: labelled E2, linked under 1: label E1; for epic 2, refused (other parent).
// app#7: labelled E1 and E2, linked nowhere: refused (several epics).
// other/x#9: linked under 2, outside the organisation.
const labelTasks = [
  task("app", 1, { labels: [E1] }),
  task("app", 2, { labels: [E1] }),
  task("app", 5, { labels: [E1], pullRequest: true }),
  task("app", 6, { labels: [E2] }),
  task("app", 7, { labels: [E1, E2] }),
];
const subIssueTasks = [
  task("app", 1, { ...under(1), subIssues: 0 }),
  task("app", 4, { ...under(1), subIssues: 1 }),
  {
    ...task("app", 3, { subIssues: 0 }),
    ancestors: [
      { repo: PM, number: 1 },
      { repo: `${ORG}/app`, number: 4 },
    ],
  },
  task("app", 6, { ...under(1), subIssues: 0 }),
  {
    ...task("app", 9, { ...under(2), subIssues: 0 }),
    repo: "other/x",
    url: "https://github.com/other/x/issues/9",
  },
];

describe("planLinks", () => {
  it("links the labelled, labels the linked, and refuses what GitHub forbids", () => {
    const plan = planLinks({ ...base, labelTasks, subIssueTasks });
    expect(plan.links.map((l) => `${l.task.repo}#${l.task.number} -> ${l.epic.number}`)).toEqual([
      "acme/app#2 -> 1",
    ]);
    expect(plan.labels.map((l) => `${l.task.repo}#${l.task.number} + ${l.label}`)).toEqual([
      `acme/app#3 + ${E1}`,
      `acme/app#6 + ${E1}`,
    ]);
    expect(plan.refused.map((r) => `${r.rule} ${r.task.repo}#${r.task.number}`)).toEqual([
      "pull-request acme/app#5",
      "other-parent acme/app#6",
      "several-epics acme/app#7",
      "other-owner other/x#9",
    ]);
    expect(plan.agreed).toBe(1);
  });

  it("uses GitHub's facts: a parent outside every epic, a full epic, a repository without the label", () => {
    const items = new Map([
      [
        "acme/app#2",
        { databaseId: 2, pullRequest: false, parent: { repo: "acme/app", number: 99 }, subIssues: 0 },
      ],
      ["acme/pm#1", { databaseId: 100, pullRequest: false, parent: null, subIssues: 3 }],
    ]);
    const plan = planLinks({
      ...base,
      labelTasks,
      subIssueTasks,
      facts: { items, labels: new Map([["acme/app", new Set<string>()]]) },
    });
    expect(plan.links).toEqual([]);
    expect(plan.labels).toEqual([]);
    const byRule = Object.fromEntries(plan.refused.map((r) => [`${r.rule} ${r.task.number}`, r.message]));
    expect(byRule["other-parent 2"]).toBe(
      `acme/app#2 is labelled ${E1} but is not a sub-issue of acme/pm#1: it is already a sub-issue of acme/app#99, and GitHub allows one parent per issue (move it on GitHub, or remove the label)`,
    );
    expect(byRule["label-missing 3"]).toMatch(/acme\/app has no label "E:1 Store"; run waku-pm sync-labels/);

    const full = planLinks({
      ...base,
      labelTasks,
      subIssueTasks,
      facts: {
        items: new Map([
          ["acme/app#2", { databaseId: 2, pullRequest: false, parent: null, subIssues: 0 }],
          ["acme/pm#1", { databaseId: 100, pullRequest: false, parent: null, subIssues: 100 }],
        ]),
        labels: new Map([["acme/app", new Set([E1.toLowerCase()])]]),
      },
    });
    expect(full.refused.find((r) => r.rule === "parent-full")?.message).toMatch(
      /acme\/pm#1 already has 100 sub-issues, GitHub's limit per parent/,
    );
    expect(full.labels).toHaveLength(2);
  });

  it("plans nothing once the two models agree", () => {
    const agreed = planLinks({
      ...base,
      labelTasks: [task("app", 1, { labels: [E1] }), task("app", 3, { labels: [E1] })],
      subIssueTasks: [
        task("app", 1, { ...under(1), subIssues: 0 }),
        task("app", 3, { ...under(1), subIssues: 0 }),
      ],
    });
    expect(agreed).toEqual({ links: [], labels: [], refused: [], agreed: 2 });
  });
});

describe("checkHierarchy", () => {
  it("under both: each disagreement is a problem with its fix; impossibilities are warnings", () => {
    const result = checkHierarchy({ ...base, source: "both", labelTasks, subIssueTasks });
    expect(result.problems.map((p) => p.problem)).toEqual([
      "other/x#9 (https://github.com/other/x/issues/9) is a sub-issue of acme/pm#2 but outside the organisation acme: move it into acme, or unlink it",
      `acme/app#2 is labelled ${E1} but is not a sub-issue of acme/pm#1: run waku-pm link-tasks, or link it on GitHub`,
      `acme/app#3 is a sub-issue of acme/pm#1 but is not labelled ${E1}: run waku-pm link-tasks, or add the label on GitHub`,
      `acme/app#6 is a sub-issue of acme/pm#1 but is not labelled ${E1}: run waku-pm link-tasks, or add the label on GitHub`,
    ]);
    expect(result.warnings.map((w) => `${w.kind} ${w.epics.join(",")}`)).toEqual([
      "epic-without-tasks 3",
      "pull-request 1",
      "other-parent 2",
      "several-epics 1,2",
    ]);
    expect(result.warnings[0]?.message).toBe(
      'epic acme/pm#3 "Epic 3" has no tasks: it has no sub-issues and nothing carries E:3 Empty',
    );
    expect(result.warnings[1]?.message).toMatch(
      /acme\/app#5 .*GitHub cannot make a pull request a sub-issue/,
    );
  });

  it("under sub-issues: no label rules; an epic without sub-issues is a warning; another owner a problem", () => {
    const result = checkHierarchy({ ...base, source: "sub-issues", labelTasks, subIssueTasks });
    expect(result.problems.map((p) => p.kind)).toEqual(["outside-org"]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      'epic acme/pm#3 "Epic 3" has no tasks: it has no sub-issues',
    ]);
  });

  it("under labels: only epics without tasks", () => {
    const result = checkHierarchy({ ...base, source: "labels", labelTasks, subIssueTasks: [] });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.epics)).toEqual([[3]]);
  });

  it("a reconciled milestone is green even with what GitHub forbids", () => {
    const result = checkHierarchy({
      ...base,
      epics: [epic(1, [E1])],
      source: "both",
      labelTasks: [task("app", 1, { labels: [E1] }), task("app", 5, { labels: [E1], pullRequest: true })],
      subIssueTasks: [task("app", 1, { ...under(1), subIssues: 0 })],
    });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.kind)).toEqual(["pull-request"]);
  });
});

describe("mergeTaskPools", () => {
  it("keeps each task once: the label read's labels, the tree's chain and group count", () => {
    const merged = mergeTaskPools(
      [task("app", 4, { labels: [E1, "bug"] }), task("app", 5, { labels: [E1], pullRequest: true })],
      [task("app", 4, { ...under(1), subIssues: 2, labels: ["bug"] })],
    );
    expect(merged).toHaveLength(2);
    expect(merged.find((t) => t.number === 4)).toMatchObject({
      labels: [E1, "bug"],
      subIssues: 2,
      ...under(1),
    });
  });
});
