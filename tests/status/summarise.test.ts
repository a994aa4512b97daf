import { describe, expect, it } from "vitest";
import type { Epic, Milestone, Task } from "../../src/model/work.js";
import {
  daysLeft,
  epicLabelWarnings,
  percentOf,
  summariseMilestone,
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
