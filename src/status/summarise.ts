/**
 * The pure core of `status`: milestone, epics and tasks in, progress out. No I/O, no colour.
 *
 * Counting rules (spec/cli.md, `status`):
 * - a task of an epic is any issue or pull request carrying one of the epic's epic labels, the epic
 *   issue itself excluded, counted once per epic;
 * - percent = closed / total rounded down, so 100 only when every task is closed; an epic with no
 *   task is at 0 %;
 * - milestone totals count each task once, even when it carries the labels of two epics of the
 *   milestone (the epics' own counts each include it).
 */
import {
  type Epic,
  epicLabelsOf,
  hasLabel,
  type Milestone,
  type Task,
  type TaskCount,
} from "../github/planning.js";

export interface Progress {
  open: number;
  closed: number;
  total: number;
  percent: number;
}

export interface EpicProgress extends Progress {
  epic: Epic;
  /** The epic label the tasks were counted by (the first when several), null when it has none. */
  label: string | null;
  /** Every epic label the epic carries (normally exactly one). */
  labels: string[];
  /** Open first, then by repository and number. */
  tasks: Task[];
  /** Open tasks per repository ("org/name"), most first. */
  openByRepo: { repo: string; open: number }[];
}

export interface MilestoneProgress {
  milestone: Milestone;
  epics: EpicProgress[];
  totals: Progress;
  warnings: string[];
}

export interface MilestoneOverviewRow {
  milestone: Milestone;
  epics: { closed: number; total: number };
  tasks: Progress;
}

/** Rounded down: 99.9 % of the work is not done. */
export function percentOf(closed: number, total: number): number {
  if (total === 0) return 0;
  return Math.floor((closed * 100) / total);
}

export function progressOf(tasks: readonly Pick<Task, "state">[]): Progress {
  const closed = tasks.filter((t) => t.state === "closed").length;
  return {
    open: tasks.length - closed,
    closed,
    total: tasks.length,
    percent: percentOf(closed, tasks.length),
  };
}

function taskKey(task: Pick<Task, "repo" | "number">): string {
  return `${task.repo.toLowerCase()}#${task.number}`;
}

/** Open first, then repository, then number: what the program manager reads first is what is left. */
export function compareTasks(a: Task, b: Task): number {
  if (a.state !== b.state) return a.state === "open" ? -1 : 1;
  if (a.repo !== b.repo) return a.repo < b.repo ? -1 : 1;
  return a.number - b.number;
}

export interface SummariseOptions {
  /** "org/pm": the repository holding the epic issues. */
  pmRepo: string;
  epicPrefix: string;
}

/** The tasks of one epic among all fetched tasks (pure; used by status, report and check). */
export function tasksOfEpic(
  epic: Epic,
  labels: readonly string[],
  tasks: readonly Task[],
  pmRepo: string,
): Task[] {
  const self = taskKey({ repo: pmRepo, number: epic.number });
  const seen = new Set<string>();
  const mine: Task[] = [];
  for (const task of tasks) {
    const key = taskKey(task);
    if (key === self || seen.has(key)) continue;
    if (!labels.some((label) => hasLabel(task, label))) continue;
    seen.add(key);
    mine.push(task);
  }
  return mine.sort(compareTasks);
}

function openByRepo(tasks: readonly Task[]): { repo: string; open: number }[] {
  const counts = new Map<string, number>();
  for (const t of tasks) if (t.state === "open") counts.set(t.repo, (counts.get(t.repo) ?? 0) + 1);
  return [...counts]
    .map(([repo, open]) => ({ repo, open }))
    .sort((a, b) => b.open - a.open || (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
}

/** Warnings about the epics' labels: none, several, or one label shared by two epics. */
export function epicLabelWarnings(epics: readonly Epic[], options: SummariseOptions): string[] {
  const warnings: string[] = [];
  const owners = new Map<string, number[]>();
  for (const epic of epics) {
    const labels = epicLabelsOf(epic, options.epicPrefix);
    const where = `epic ${options.pmRepo}#${epic.number} "${epic.title}"`;
    if (labels.length === 0) {
      warnings.push(
        `${where} has no label starting with "${options.epicPrefix}", so no task can be counted for it; add its epic label`,
      );
    } else if (labels.length > 1) {
      warnings.push(
        `${where} has ${labels.length} epic labels (${labels.join(", ")}); tasks carrying any of them are counted; keep exactly one`,
      );
    }
    for (const label of labels) {
      const key = label.toLowerCase();
      owners.set(key, [...(owners.get(key) ?? []), epic.number]);
    }
  }
  for (const [label, numbers] of owners) {
    if (numbers.length > 1) {
      const original = epics.flatMap((e) => e.labels).find((l) => l.toLowerCase() === label) ?? label;
      warnings.push(
        `epic label ${original} is carried by ${numbers.length} epics (${numbers.map((n) => `#${n}`).join(", ")}); its tasks count for each`,
      );
    }
  }
  return warnings;
}

/** The epics of a milestone, by number. */
export function epicsOfMilestone(epics: readonly Epic[], milestone: Pick<Milestone, "number">): Epic[] {
  return epics.filter((e) => e.milestone === milestone.number).sort((a, b) => a.number - b.number);
}

/**
 * Progress of one milestone. `epics` may be every epic of the pm repository: only those in the
 * milestone are kept. `tasks` may contain tasks of other epics: each epic keeps its own.
 */
export function summariseMilestone(
  milestone: Milestone,
  epics: readonly Epic[],
  tasks: readonly Task[],
  options: SummariseOptions,
): MilestoneProgress {
  const mine = epicsOfMilestone(epics, milestone);
  const warnings = epicLabelWarnings(mine, options);
  const progress = mine.map((epic) => summariseEpic(epic, tasks, options));
  const distinct = new Map<string, Task>();
  for (const p of progress) for (const t of p.tasks) distinct.set(taskKey(t), t);
  return { milestone, epics: progress, totals: progressOf([...distinct.values()]), warnings };
}

export function summariseEpic(epic: Epic, tasks: readonly Task[], options: SummariseOptions): EpicProgress {
  const labels = epicLabelsOf(epic, options.epicPrefix);
  const mine = tasksOfEpic(epic, labels, tasks, options.pmRepo);
  return {
    epic,
    label: labels[0] ?? null,
    labels,
    tasks: mine,
    openByRepo: openByRepo(mine),
    ...progressOf(mine),
  };
}

/**
 * One row per given milestone (the caller picks the open ones): epics closed/total, tasks
 * closed/total, from task lists. `status` without --milestone uses the cheaper
 * `summariseMilestoneCounts`; this is the reference it is tested against, and what a caller that
 * already holds the task lists (report, check) can use.
 */
export function summariseMilestones(
  milestones: readonly Milestone[],
  epics: readonly Epic[],
  tasks: readonly Task[],
  options: SummariseOptions,
): { rows: MilestoneOverviewRow[]; warnings: string[] } {
  const warnings: string[] = [];
  const rows = milestones.map((milestone) => {
    const summary = summariseMilestone(milestone, epics, tasks, options);
    warnings.push(...summary.warnings);
    const closedEpics = summary.epics.filter((e) => e.epic.state === "closed").length;
    return { milestone, epics: { closed: closedEpics, total: summary.epics.length }, tasks: summary.totals };
  });
  return { rows, warnings };
}

/**
 * The same rows as `summariseMilestones`, from per-milestone counts (`fetchTaskCounts`: items
 * carrying any epic label of the milestone) instead of task lists. Those counts include the epic
 * issues themselves, so each epic of the milestone is taken out again unless it is also a task of
 * another epic of the milestone (it carries that epic's label), exactly as the task lists count.
 */
export function summariseMilestoneCounts(
  milestones: readonly Milestone[],
  epics: readonly Epic[],
  counts: ReadonlyMap<string, TaskCount>,
  options: SummariseOptions,
): { rows: MilestoneOverviewRow[]; warnings: string[] } {
  const warnings: string[] = [];
  const rows = milestones.map((milestone) => {
    const mine = epicsOfMilestone(epics, milestone);
    warnings.push(...epicLabelWarnings(mine, options));
    const labelsOf = new Map(mine.map((e) => [e.number, epicLabelsOf(e, options.epicPrefix)]));
    const all = [...labelsOf.values()].flat();
    const count = counts.get(countKey(milestone));
    let open = count?.open ?? 0;
    let closed = count?.closed ?? 0;
    for (const epic of mine) {
      const counted = all.some((label) => hasLabel(epic, label));
      const taskOfAnother = mine.some(
        (other) =>
          other.number !== epic.number && (labelsOf.get(other.number) ?? []).some((l) => hasLabel(epic, l)),
      );
      if (!counted || taskOfAnother) continue;
      if (epic.state === "open") open--;
      else closed--;
    }
    open = Math.max(0, open);
    closed = Math.max(0, closed);
    const closedEpics = mine.filter((e) => e.state === "closed").length;
    return {
      milestone,
      epics: { closed: closedEpics, total: mine.length },
      tasks: { open, closed, total: open + closed, percent: percentOf(closed, open + closed) },
    };
  });
  return { rows, warnings };
}

/** The key of a milestone's group in `fetchTaskCounts`. */
export function countKey(milestone: Pick<Milestone, "number">): string {
  return `milestone-${milestone.number}`;
}

/** Days from `now` until the due date, rounded up to whole days (negative when overdue). */
export function daysLeft(dueOn: string | null, now: Date): number | null {
  if (!dueOn) return null;
  const due = new Date(dueOn).getTime();
  if (Number.isNaN(due)) return null;
  return Math.ceil((due - now.getTime()) / 86_400_000);
}
