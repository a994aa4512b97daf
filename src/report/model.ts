/**
 * The report's data: what collecting hands to the pure core (`*Input` types) and what the core hands
 * to the renderers (`Report`). Plain data, no behaviour. Milestones and epics are the planning
 * module's own types, so `report`, `status` and `check` read the same hierarchy.
 */
import type { EpicMembership } from "../model/epics.js";
import type { Epic, Milestone, UpdatedIssue } from "../model/work.js";

/**
 * An issue (never a pull request) of the org updated in the window, with at least every comment
 * created in it (older ones are ignored), as `updates.ts` fetches it.
 */
export type IssueInput = UpdatedIssue;

/** A GitHub milestone of the pm repository, as `planning.ts` fetches it. */
export type MilestoneInput = Milestone;

/**
 * An issue of the pm repository: an epic (label `epic`, as `planning.ts` fetches it) or a milestone
 * tracking issue (label `milestone`, from `updates.ts`).
 */
export type PmIssueInput = Pick<Epic, "number" | "title" | "url" | "state" | "labels" | "milestone">;

export interface ReportInput {
  org: string;
  pmRepo: string;
  epicPrefix: string;
  since: Date;
  until: Date;
  milestones: MilestoneInput[];
  /** Issues of the pm repository labelled `epic`. */
  epics: PmIssueInput[];
  /** Issues of the pm repository labelled `milestone`. */
  trackingIssues: PmIssueInput[];
  issues: IssueInput[];
  /** Logins expected to post updates. */
  team: string[];
  /** Which tasks belong to which epic (the config's `epics.source`); by label when absent. */
  membership?: EpicMembership;
}

export interface Update {
  author: string;
  createdAt: string;
  url: string;
  /** As written in the comment; the markdown renderer escapes what could break the report. */
  lines: string[];
}

export interface TaskEntry {
  repo: string;
  number: number;
  title: string;
  url: string;
  state: "open" | "closed";
  /** Oldest first. */
  updates: Update[];
}

export interface EpicSection {
  number: number;
  /** Without the `[Epic]` prefix the issue template adds. */
  title: string;
  url: string;
  state: "open" | "closed";
  label: string | null;
  /** Updates posted on the epic issue itself. */
  updates: Update[];
  tasks: TaskEntry[];
}

export interface MilestoneSection {
  number: number;
  title: string;
  /** The GitHub milestone page. */
  url: string;
  dueOn: string | null;
  state: "open" | "closed";
  trackingIssue: { number: number; url: string } | null;
  /** Updates posted on the tracking issue. */
  updates: Update[];
  epics: EpicSection[];
}

export type OtherCategory = "enhancement" | "bug" | "documentation" | "chore" | "other";

export interface OtherSection {
  category: OtherCategory;
  title: string;
  tasks: TaskEntry[];
}

export interface TeamMember {
  login: string;
  posted: boolean;
  /** Posted only on pull requests (not counted): where, so the checklist can say so. */
  onPullRequestsOnly?: string[];
}

export interface Report {
  org: string;
  since: string;
  until: string;
  milestones: MilestoneSection[];
  orphanEpics: EpicSection[];
  other: OtherSection[];
  team: TeamMember[];
  warnings: string[];
}

// ---- The monthly report (docs/spec/time-and-hierarchy.md, "The monthly report") ----

/** Closed over scope (open + closed; not-planned tasks are out of it) at a moment. */
export interface ProgressCount {
  closed: number;
  total: number;
  percent: number;
}

/** A task of the period's lists (closed, added, removed, reopened), as it is now. */
export interface PeriodTask {
  /** "org/name". */
  repo: string;
  number: number;
  title: string;
  url: string;
  /** The milestone's epic it counts under (the first by number when it counts under two). */
  epic: number | null;
  /** When it happened, from the history's changes; null when the change is not in them. */
  at: string | null;
  /** Removed tasks: why they left the scope. */
  reason?: "not_planned" | "left";
}

export interface EpicRefEntry {
  number: number;
  title: string;
  url: string;
}

export interface PeriodEpic extends EpicRefEntry {
  label: string | null;
  /** At the end of the period. */
  state: "open" | "closed";
  start: ProgressCount;
  end: ProgressCount;
  /** Percentage points from start to end. */
  delta: number;
  /** Weekly percents from the start to the end (the sparkline's values). */
  trend: number[];
  /** The likely finish from the trailing weeks before the period's end, or null with a reason. */
  forecast: { likely: string | null; reason: string | null };
  /** Why it is overdue (due date passed, or forecast past the milestone's due date), else null. */
  overdue: string | null;
  /** No task added, removed, closed or reopened and no weekly update in the period. */
  idle: boolean;
}

/** One `_achieved_`, `_risks_` or `_blocker_` item of a weekly update. */
export interface Mention {
  kind: "achieved" | "risks" | "blocker";
  /** As written (the renderer escapes it). */
  text: string;
  /** The update comment. */
  url: string;
  author: string;
  createdAt: string;
  /** The epic it is grouped under, or null for the milestone's tracking issue. */
  epic: number | null;
  /** The group's heading: the epic (title without `[Epic]`) or the tracking issue. */
  group: { title: string; url: string };
  /** The issue the update was posted on. */
  issue: { repo: string; number: number; title: string; url: string };
}

export interface MonthlyMilestone {
  number: number;
  title: string;
  url: string;
  dueOn: string | null;
  state: "open" | "closed";
  trackingIssue: { number: number; url: string } | null;
  start: ProgressCount;
  end: ProgressCount;
  delta: number;
  /** The percent at the start, then at each weekly point of the history series to the end. */
  trend: { date: string; percent: number }[];
  closedTasks: PeriodTask[];
  addedTasks: PeriodTask[];
  removedTasks: PeriodTask[];
  reopenedTasks: PeriodTask[];
  epicsClosed: EpicRefEntry[];
  /** The epics in the milestone at the end and still open, with their own progress. */
  epics: PeriodEpic[];
  forecast: { earliest: string; likely: string; latest: string } | null;
  forecastReason: string | null;
  /** Grouped: the tracking issue's first, then epic by epic; oldest first within a group; each once. */
  highlights: Mention[];
  /** Grouped the same way, newest first within a group; each once. */
  risks: Mention[];
}

export interface OtherWork {
  category: OtherCategory;
  title: string;
  /** Issues outside every milestone epic with a weekly update in the period. */
  count: number;
  /** Those with an `_achieved_` item, each with its items (oldest first). */
  notable: { task: TaskEntry; achieved: string[] }[];
}

export interface UpdateSource {
  url: string;
  author: string;
  createdAt: string;
  issue: { repo: string; number: number; title: string; url: string };
}

export interface MonthlyReport {
  org: string;
  month: string | null;
  since: string;
  until: string;
  complete: boolean;
  milestones: MonthlyMilestone[];
  /** Epics in no milestone that had weekly updates, with their highlights and risks. */
  orphanHighlights: Mention[];
  orphanRisks: Mention[];
  other: OtherWork[];
  updates: UpdateSource[];
  warnings: string[];
}
