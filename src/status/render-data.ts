/**
 * Machine output of `status`: JSON in exactly the spec's shape, and CSV.
 *
 * CSV for a milestone (or `--epic`) has one row per task with its epic's columns repeated, so it
 * pivots in a spreadsheet; an epic without any task still gets one row with the task columns
 * empty, so no epic disappears. Without `--milestone`, one row per milestone.
 */
import type { Milestone, Task } from "../model/work.js";
import { toCsv } from "../render/csv.js";
import type { EpicProgress, MilestoneOverviewRow, MilestoneProgress, Progress } from "./summarise.js";

export interface StatusJson {
  version: 1;
  milestone: MilestoneJson | null;
  epics: EpicJson[];
  totals: Progress & { not_planned: number };
  /** `status --as-of DATE`: the day the numbers stood at (absent for today's). */
  as_of?: string;
  warnings: string[];
}

interface MilestoneJson {
  number: number;
  title: string;
  url: string;
  due_on: string | null;
  state: "open" | "closed";
}

interface EpicJson extends Progress {
  number: number;
  title: string;
  url: string;
  state: "open" | "closed";
  label: string | null;
  /** Tasks closed as not planned or duplicate: out of the scope, so in none of the counts. */
  not_planned: number;
  tasks: TaskJson[];
  groups?: (TaskJson & { sub_issues: number })[];
}

interface TaskJson {
  repo: string;
  number: number;
  title: string;
  url: string;
  state: "open" | "closed";
  pull_request: boolean;
  assignees: string[];
}

function milestoneJson(m: Milestone): MilestoneJson {
  return { number: m.number, title: m.title, url: m.url, due_on: m.dueOn, state: m.state };
}

function taskJson(t: Task): TaskJson {
  return {
    repo: t.repo,
    number: t.number,
    title: t.title,
    url: t.url,
    state: t.state,
    pull_request: t.pullRequest,
    assignees: t.assignees,
  };
}

function epicJson(e: EpicProgress): EpicJson {
  return {
    number: e.epic.number,
    title: e.epic.title,
    url: e.epic.url,
    state: e.epic.state,
    label: e.label,
    open: e.open,
    closed: e.closed,
    total: e.total,
    percent: e.percent,
    not_planned: e.notPlanned.length,
    tasks: e.tasks.map(taskJson),
    // Sub-issue epics only: the groups, shown beside the tasks they hold (never counted).
    ...(e.groups.length > 0
      ? { groups: e.groups.map((g) => ({ ...taskJson(g), sub_issues: g.subIssues ?? 0 })) }
      : {}),
  };
}

/** docs/spec/cli.md `status --format json`, field for field. `milestone` is null only for an orphan epic. */
export function toStatusJson(
  progress: Omit<MilestoneProgress, "milestone"> & { milestone: Milestone | null },
): StatusJson {
  return {
    version: 1,
    milestone: progress.milestone ? milestoneJson(progress.milestone) : null,
    epics: progress.epics.map(epicJson),
    // Picked field by field: any Progress-shaped object (an epic's, say) must not leak extra keys.
    totals: {
      open: progress.totals.open,
      closed: progress.totals.closed,
      total: progress.totals.total,
      percent: progress.totals.percent,
      not_planned: progress.notPlanned,
    },
    warnings: progress.warnings,
  };
}

/** Without --milestone: one entry per open milestone. */
export function toOverviewJson(rows: readonly MilestoneOverviewRow[], warnings: readonly string[]): unknown {
  return {
    version: 1,
    milestones: rows.map((r) => ({
      ...milestoneJson(r.milestone),
      epics: r.epics,
      ...r.tasks,
    })),
    warnings,
  };
}

const TASK_HEADER = [
  "milestone",
  "epic",
  "epic_label",
  "epic_title",
  "epic_state",
  "repo",
  "number",
  "type",
  "state",
  "title",
  "url",
  "assignees",
] as const;

export function toStatusCsv(milestone: Milestone | null, epics: readonly EpicProgress[]): string {
  const rows: (string | number | null)[][] = [[...TASK_HEADER]];
  for (const e of epics) {
    const epicCells = [milestone?.title ?? null, e.epic.number, e.label, e.epic.title, e.epic.state];
    if (e.tasks.length === 0) rows.push([...epicCells, null, null, null, null, null, null, null]);
    for (const t of e.tasks) {
      rows.push([
        ...epicCells,
        t.repo,
        t.number,
        t.pullRequest ? "pull_request" : "issue",
        t.state,
        t.title,
        t.url,
        t.assignees.join(" "),
      ]);
    }
  }
  return toCsv(rows);
}

export function toOverviewCsv(rows: readonly MilestoneOverviewRow[]): string {
  return toCsv([
    [
      "number",
      "title",
      "state",
      "due_on",
      "epics_closed",
      "epics_total",
      "tasks_open",
      "tasks_closed",
      "tasks_total",
      "percent",
    ],
    ...rows.map((r) => [
      r.milestone.number,
      r.milestone.title,
      r.milestone.state,
      r.milestone.dueOn,
      r.epics.closed,
      r.epics.total,
      r.tasks.open,
      r.tasks.closed,
      r.tasks.total,
      r.tasks.percent,
    ]),
  ]);
}
