/**
 * The status renderers on their own: the bordered terminal table (which the subprocess tests,
 * being piped, never see), colour only when allowed, and hostile titles.
 */
import { describe, expect, it } from "vitest";
import type { Epic, Milestone, Task } from "../../src/model/work.js";
import { toOverviewCsv, toStatusCsv, toStatusJson } from "../../src/status/render-data.js";
import { describeDue, drawBar, renderEpicTable, renderMilestoneTable } from "../../src/status/render-text.js";
import { summariseMilestone } from "../../src/status/summarise.js";

const milestone: Milestone = {
  number: 1,
  title: "Waku Network Gen 0",
  url: "https://github.com/o/pm/milestone/1",
  dueOn: "2023-12-01T00:00:00Z",
  state: "open",
  description: null,
};
const epics: Epic[] = [
  {
    number: 62,
    title: "[Epic] 1.1: Network requirements",
    url: "https://github.com/o/pm/issues/62",
    state: "open",
    labels: ["epic", "E:1.1"],
    milestone: 1,
    assignees: [],
  },
  {
    number: 63,
    title: "[Epic] evil \u001b[2J\u001b]0;pwned\u0007 | title",
    url: "https://github.com/o/pm/issues/63",
    state: "closed",
    labels: ["epic", "E:1.2"],
    milestone: 1,
    assignees: [],
  },
];
const task = (
  repo: string,
  number: number,
  state: Task["state"],
  label: string,
  title = `t${number}`,
): Task => ({
  repo: `o/${repo}`,
  number,
  title,
  url: `https://github.com/o/${repo}/issues/${number}`,
  state,
  pullRequest: number % 2 === 0,
  assignees: number % 3 === 0 ? ["alice"] : [],
  labels: [label],
});
const tasks = [
  task("nwaku", 1, "closed", "E:1.1"),
  task("nwaku", 2, "open", "E:1.1"),
  task("js-waku", 3, "open", "E:1.1", "fix \u001b[31mred\u001b[0m\nnewline"),
  task("go-waku", 4, "closed", "E:1.2"),
];
const summary = summariseMilestone(milestone, epics, tasks, { pmRepo: "o/pm", epicPrefix: "E:" });
const now = new Date("2023-11-24T12:00:00Z");

describe("terminal table", () => {
  it("draws a bordered table with bars, totals and days left (snapshot, colour off)", async () => {
    const text = renderMilestoneTable(milestone, summary.epics, summary.totals, {
      output: { isTTY: true, color: false },
      now,
      titleWidth: 40,
    });
    expect(text).not.toMatch(/\u001b/);
    await expect(text).toMatchFileSnapshot("__snapshots__/render-tty-table.txt");
    const rows = text.split("\n").filter((l) => l.startsWith("│"));
    expect(new Set(rows.map((l) => [...l].length)).size).toBe(1);
    expect(text).toContain("Total: 2/4 tasks closed (50%)");
  });

  it("colours only when the output allows it", () => {
    const coloured = renderMilestoneTable(milestone, summary.epics, summary.totals, {
      output: { isTTY: true, color: true },
      now,
      titleWidth: 40,
    });
    expect(coloured).toMatch(/\u001b\[/);
    // The hostile title's own sequences are gone; only ours (SGR colour codes) remain.
    expect(coloured).not.toMatch(/\u001b\[2J|\u001b\]/);
  });

  it("lists an epic's tasks open first, one line each even with a newline in a title", () => {
    const text = renderEpicTable(milestone, summary.epics[0]!, {
      output: { isTTY: false, color: false },
      now,
      titleWidth: 80,
    });
    const rows = text.split("\n").filter((l) => l.includes("\t"));
    expect(rows.slice(1).map((l) => l.split("\t")[0])).toEqual(["open", "open", "closed"]);
    expect(rows.find((l) => l.includes("fix red newline"))).toBeDefined();
  });
});

describe("pieces", () => {
  it("fills a bar cell only when its whole share is done", () => {
    expect(drawBar(0, 0, 4)).toEqual({ done: "", left: "░░░░" });
    expect(drawBar(1, 3, 4)).toEqual({ done: "█", left: "░░░" });
    expect(drawBar(99, 100, 4)).toEqual({ done: "███", left: "░" });
    expect(drawBar(5, 5, 4)).toEqual({ done: "████", left: "" });
  });

  it("says how far the due date is", () => {
    expect(describeDue("2023-12-01T00:00:00Z", now)).toBe("due 2023-12-01 (7 days left)");
    expect(describeDue("2023-11-25T00:00:00Z", now)).toBe("due 2023-11-25 (1 day left)");
    expect(describeDue("2023-11-20T00:00:00Z", now)).toBe("due 2023-11-20 (overdue by 4 days)");
    expect(describeDue(null, now)).toBe("no due date");
  });

  it("JSON keeps GitHub's text as is, with exactly the spec's keys", () => {
    const json = toStatusJson(summary);
    expect(Object.keys(json)).toEqual(["version", "milestone", "epics", "totals", "warnings"]);
    expect(Object.keys(json.milestone!)).toEqual(["number", "title", "url", "due_on", "state"]);
    expect(Object.keys(json.epics[0]!)).toEqual([
      "number",
      "title",
      "url",
      "state",
      "label",
      "open",
      "closed",
      "total",
      "percent",
      "not_planned",
      "tasks",
    ]);
    expect(Object.keys(json.epics[0]!.tasks[0]!)).toEqual([
      "repo",
      "number",
      "title",
      "url",
      "state",
      "pull_request",
      "assignees",
    ]);
    expect(json.epics[1]!.title).toBe(epics[1]!.title);
  });
});

describe("csv", () => {
  it("gives an epic without tasks one row with empty task columns, so no epic disappears", () => {
    const empty = summariseMilestone(milestone, [{ ...epics[0]!, labels: ["epic", "E:none"] }], tasks, {
      pmRepo: "o/pm",
      epicPrefix: "E:",
    });
    const lines = toStatusCsv(milestone, empty.epics).trimEnd().split("\r\n");
    expect(lines).toEqual([
      "milestone,epic,epic_label,epic_title,epic_state,repo,number,type,state,title,url,assignees",
      "Waku Network Gen 0,62,E:none,[Epic] 1.1: Network requirements,open,,,,,,,",
    ]);
  });

  it("has one row per milestone without --milestone", () => {
    const csv = toOverviewCsv([
      { milestone, epics: { closed: 1, total: 2 }, tasks: { open: 1, closed: 3, total: 4, percent: 75 } },
    ]);
    expect(csv).toBe(
      "number,title,state,due_on,epics_closed,epics_total,tasks_open,tasks_closed,tasks_total,percent\r\n" +
        "1,Waku Network Gen 0,open,2023-12-01T00:00:00Z,1,2,1,3,4,75\r\n",
    );
  });
});
