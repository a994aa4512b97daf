/**
 * The pure core of `status`: milestone, epics and tasks in, progress out. No I/O, no colour.
 *
 * Counting rules (docs/spec/cli.md, `status`; the membership rule is the model's, src/model/epics.ts):
 * - the tasks of an epic are those its membership rule gives it (by label: every issue or pull
 *   request carrying one of its epic labels), the epic issue itself excluded, each once;
 * - a task that belongs to two epics counts for each of them;
 * - percent = closed / total rounded down, so 100 only when every task is closed; an epic with no
 *   task is at 0 %;
 * - milestone totals count each task once, even when it belongs to two epics of the milestone;
 * - a task closed as not planned or duplicate is out of the scope (listed as not planned).
 */
import { compareTasks, type EpicMembership, epicLabelsOf, LabelMembership } from "../model/epics.js";
import { isNotPlanned, type Progress, progressOf } from "../model/progress.js";
import { type Epic, issueKey, type Milestone, type Task } from "../model/work.js";

export { compareTasks } from "../model/epics.js";
export type { Progress } from "../model/progress.js";
export { daysLeft, percentOf, progressOf } from "../model/progress.js";

export interface EpicProgress extends Progress {
  epic: Epic;
  /** The epic label the tasks were counted by (the first when several), null when it has none. */
  label: string | null;
  /** Every epic label the epic carries (normally exactly one). */
  labels: string[];
  /** The tasks in scope: open first, then by repository and number. */
  tasks: Task[];
  /** Its tasks closed as not planned or duplicate: out of the scope, so out of every count above. */
  notPlanned: Task[];
  /** Sub-issues that have sub-issues of their own: shown, never counted (their leaves are). */
  groups: Task[];
  /** Open tasks per repository ("org/name"), most first. */
  openByRepo: { repo: string; open: number }[];
}

export interface MilestoneProgress {
  milestone: Milestone;
  epics: EpicProgress[];
  totals: Progress;
  /** Distinct tasks of the milestone closed as not planned (out of the totals). */
  notPlanned: number;
  warnings: string[];
}

export interface MilestoneOverviewRow {
  milestone: Milestone;
  epics: { closed: number; total: number };
  tasks: Progress;
}

export interface SummariseOptions {
  /** "org/pm": the repository holding the epic issues. */
  pmRepo: string;
  /** Epic labels start with this; an epic's label is shown and put in the JSON. */
  epicPrefix: string;
  /** Which tasks belong to which epic (the config's `epics.source`); by label when absent. */
  membership?: EpicMembership;
}

function membershipOf(options: SummariseOptions): EpicMembership {
  return options.membership ?? new LabelMembership(options.pmRepo, options.epicPrefix);
}

function openByRepo(tasks: readonly Task[]): { repo: string; open: number }[] {
  const counts = new Map<string, number>();
  for (const t of tasks) if (t.state === "open") counts.set(t.repo, (counts.get(t.repo) ?? 0) + 1);
  return [...counts]
    .map(([repo, open]) => ({ repo, open }))
    .sort((a, b) => b.open - a.open || (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0));
}

/** Warnings about the epics' definitions under the membership rule (no label, several, shared). */
export function epicLabelWarnings(epics: readonly Epic[], options: SummariseOptions): string[] {
  return membershipOf(options).warnings(epics);
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
  const dropped = new Set<string>();
  for (const p of progress) {
    for (const t of p.tasks) distinct.set(issueKey(t), t);
    for (const t of p.notPlanned) dropped.add(issueKey(t));
  }
  return {
    milestone,
    epics: progress,
    totals: progressOf([...distinct.values()]),
    notPlanned: dropped.size,
    warnings,
  };
}

export function summariseEpic(epic: Epic, tasks: readonly Task[], options: SummariseOptions): EpicProgress {
  const membership = membershipOf(options);
  return {
    ...summariseTasksOfEpic(epic, membership.tasksOf(epic, tasks), options.epicPrefix),
    groups: membership.groupsOf(epic, tasks),
  };
}

/** An epic's progress from its members (as its membership rule gave them, now or at a past moment). */
export function summariseTasksOfEpic(epic: Epic, members: readonly Task[], epicPrefix: string): EpicProgress {
  const labels = epicLabelsOf(epic, epicPrefix);
  const mine = members.filter((t) => !isNotPlanned(t)).sort(compareTasks);
  return {
    epic,
    label: labels[0] ?? null,
    labels,
    tasks: mine,
    notPlanned: members.filter(isNotPlanned),
    groups: [],
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
