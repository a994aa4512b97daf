import { describe, expect, it } from "vitest";
import type { Epic, Milestone, Task, TaskCount } from "../../src/model/work.js";
import {
  countKey,
  daysLeft,
  epicLabelWarnings,
  percentOf,
  summariseMilestone,
  summariseMilestoneCounts,
  summariseMilestones,
} from "../../src/status/summarise.js";

const milestone = (number: number, title = `M${number}`): Milestone => ({
  number,
  title,
  url: `https://github.com/o/pm/milestone/${number}`,
  dueOn: "2023-12-01T00:00:00Z",
  state: "open",
  description: null,
});

const epic = (
  number: number,
  labels: string[],
  ms: number | null = 1,
  state: Epic["state"] = "open",
): Epic => ({
  number,
  title: `Epic ${number}`,
  url: `https://github.com/o/pm/issues/${number}`,
  state,
  labels: ["epic", ...labels],
  milestone: ms,
  assignees: [],
});

const task = (
  repo: string,
  number: number,
  state: Task["state"],
  labels: string[],
  pullRequest = false,
): Task => ({
  repo: `o/${repo}`,
  number,
  title: `Task ${number}`,
  url: `https://github.com/o/${repo}/issues/${number}`,
  state,
  pullRequest,
  assignees: [],
  labels,
});

const options = { pmRepo: "o/pm", epicPrefix: "E:" };

describe("percentOf", () => {
  it("rounds down, so 100 means every task is closed", () => {
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(2, 3)).toBe(66);
    expect(percentOf(5, 8)).toBe(62);
    expect(percentOf(3, 3)).toBe(100);
  });
  it("is 0 for an epic without tasks", () => {
    expect(percentOf(0, 0)).toBe(0);
  });
});

describe("summariseMilestone", () => {
  const epics = [epic(10, ["E:a"]), epic(11, ["E:b"]), epic(12, ["E:c"], 2)];
  const tasks = [
    task("nwaku", 1, "closed", ["E:a"]),
    task("nwaku", 2, "open", ["E:a", "bug"]),
    task("js-waku", 3, "open", ["e:A"], true),
    task("js-waku", 4, "closed", ["E:a", "E:b"]),
    task("pm", 10, "open", ["epic", "E:a"]),
    task("pm", 20, "open", ["E:c"]),
  ];

  it("counts each epic's tasks, ignoring label case, excluding the epic issue itself", () => {
    const s = summariseMilestone(milestone(1), epics, tasks, options);
    expect(s.epics.map((e) => e.epic.number)).toEqual([10, 11]);
    const a = s.epics[0]!;
    expect(a.tasks.map((t) => `${t.repo}#${t.number}`)).toEqual([
      "o/js-waku#3",
      "o/nwaku#2",
      "o/js-waku#4",
      "o/nwaku#1",
    ]);
    expect({ open: a.open, closed: a.closed, total: a.total, percent: a.percent }).toEqual({
      open: 2,
      closed: 2,
      total: 4,
      percent: 50,
    });
    expect(a.openByRepo).toEqual([
      { repo: "o/js-waku", open: 1 },
      { repo: "o/nwaku", open: 1 },
    ]);
    expect(s.epics[1]!.total).toBe(1);
  });

  it("counts a task carrying two epic labels in both epics but once in the totals", () => {
    const s = summariseMilestone(milestone(1), epics, tasks, options);
    expect(s.epics.reduce((n, e) => n + e.total, 0)).toBe(5);
    expect(s.totals).toEqual({ open: 2, closed: 2, total: 4, percent: 50 });
  });

  it("counts an epic with two epic labels by both, and warns", () => {
    const two = [epic(10, ["E:a", "E:b"])];
    const s = summariseMilestone(milestone(1), two, tasks, options);
    expect(s.epics[0]!.total).toBe(4);
    expect(s.epics[0]!.label).toBe("E:a");
    expect(s.warnings.join("\n")).toMatch(/#10.*2 epic labels \(E:a, E:b\)/);
  });

  it("warns about an epic without an epic label and counts nothing for it", () => {
    const s = summariseMilestone(milestone(1), [epic(10, [])], tasks, options);
    expect(s.epics[0]!.total).toBe(0);
    expect(s.epics[0]!.label).toBeNull();
    expect(s.warnings.join("\n")).toMatch(/o\/pm#10.*no label starting with "E:"/);
  });
});

describe("epicLabelWarnings", () => {
  it("names a label carried by two epics", () => {
    const w = epicLabelWarnings([epic(1, ["E:x"]), epic(2, ["e:X"])], options);
    expect(w.join("\n")).toMatch(/E:x is carried by 2 epics \(#1, #2\)/);
  });
});

describe("summariseMilestones", () => {
  it("gives epics closed/total and distinct tasks per milestone", () => {
    const epics = [epic(10, ["E:a"], 1, "closed"), epic(11, ["E:b"], 1), epic(12, ["E:c"], 2)];
    const tasks = [task("x", 1, "closed", ["E:a", "E:b"]), task("x", 2, "open", ["E:c"])];
    const { rows } = summariseMilestones([milestone(1), milestone(2)], epics, tasks, options);
    expect(rows.map((r) => [r.milestone.number, r.epics, r.tasks])).toEqual([
      [1, { closed: 1, total: 2 }, { open: 0, closed: 1, total: 1, percent: 100 }],
      [2, { closed: 0, total: 1 }, { open: 1, closed: 0, total: 1, percent: 0 }],
    ]);
  });
});

describe("daysLeft", () => {
  it("counts whole days up to the due date, negative when overdue", () => {
    const now = new Date("2023-11-24T12:00:00Z");
    expect(daysLeft("2023-12-01T00:00:00Z", now)).toBe(7);
    expect(daysLeft("2023-11-20T00:00:00Z", now)).toBe(-4);
    expect(daysLeft(null, now)).toBeNull();
  });
});

describe("summariseMilestoneCounts", () => {
  /** What GitHub's count-only OR query returns: items (epic issues included) carrying any label. */
  function countLikeGithub(items: Task[], labels: string[]): TaskCount {
    const wanted = labels.map((l) => l.toLowerCase());
    const hits = items.filter((i) => i.labels.some((l) => wanted.includes(l.toLowerCase())));
    return {
      open: hits.filter((i) => i.state === "open").length,
      closed: hits.filter((i) => i.state === "closed").length,
    };
  }
  const asTask = (e: Epic): Task => ({
    repo: "o/pm",
    number: e.number,
    title: e.title,
    url: e.url,
    state: e.state,
    pullRequest: false,
    assignees: [],
    labels: e.labels,
  });

  it("agrees with the task-list count, epic issues (even one carrying another epic's label) included", () => {
    const epics = [
      epic(10, ["E:a"], 1, "closed"),
      epic(11, ["E:b", "E:a"], 1),
      epic(12, ["E:c"], 2),
      epic(13, [], 1),
      epic(14, ["E:d", "E:a"], 2),
    ];
    const tasks = [
      task("x", 1, "closed", ["E:a", "E:b"]),
      task("x", 2, "open", ["E:c"]),
      task("y", 3, "open", ["e:B"], true),
      task("y", 4, "closed", ["E:d"]),
      ...epics.map(asTask),
    ];
    const milestones = [milestone(1), milestone(2)];
    const counts = new Map(
      milestones.map((m) => {
        const labels = epics
          .filter((e) => e.milestone === m.number)
          .flatMap((e) => e.labels.filter((l) => l.startsWith("E:")));
        return [countKey(m), countLikeGithub(tasks, labels)] as const;
      }),
    );
    const fromCounts = summariseMilestoneCounts(milestones, epics, counts, options);
    const fromTasks = summariseMilestones(milestones, epics, tasks, options);
    expect(fromCounts.rows).toEqual(fromTasks.rows);
    // Epics 10 and 11 share E:a, so each is a task of the other, and epic 14 (milestone 2) carries
    // E:a too: x#1, y#3, pm#10, pm#11, pm#14. In milestone 2 (E:c, E:d, E:a): x#1, x#2, y#4, and
    // epics 10 and 11 through E:a; epic 14 itself is excluded, epic 12 carries no label of another.
    expect(fromCounts.rows[0]!.tasks).toEqual({ open: 3, closed: 2, total: 5, percent: 40 });
    expect(fromCounts.rows[1]!.tasks).toEqual({ open: 2, closed: 3, total: 5, percent: 60 });
  });
});
