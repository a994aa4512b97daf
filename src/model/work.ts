/**
 * The domain: what a milestone, an epic and a task are (docs/spec/data-model.md), as plain data. The
 * `github/` modules turn GitHub's answers into these types and nothing else; the cores (`status/`,
 * `report/`, `check/`, `history/`) read only these. No behaviour here: the rules about the types
 * live beside them in `epics.ts` (which label marks an epic, which tasks belong to it) and
 * `progress.ts` (how progress is counted).
 */

/** A GitHub milestone of the pm repository. */
export interface Milestone {
  number: number;
  title: string;
  url: string;
  /** ISO date-time, or null when the milestone has no due date. */
  dueOn: string | null;
  state: "open" | "closed";
  description: string | null;
  /** When the milestone was created (history starts there unless the config gives a start). */
  createdAt?: string;
}

/** An issue of the pm repository marked as an epic (label `epic`, or the configured marker). */
export interface Epic {
  number: number;
  title: string;
  url: string;
  state: "open" | "closed";
  /** Every label name, as GitHub returned them. */
  labels: string[];
  /** Number of the pm milestone it is in, or null (an orphan epic). */
  milestone: number | null;
  assignees: string[];
}

/** Names one issue or pull request anywhere in the organisation. */
export interface IssueRef {
  /** "org/name". */
  repo: string;
  number: number;
}

/**
 * An issue or pull request of any repository of the organisation that may belong to an epic: by
 * carrying its epic label, or (sub-issues) by descending from it.
 */
export interface Task extends IssueRef {
  title: string;
  url: string;
  /** A merged pull request is closed. */
  state: "open" | "closed";
  /**
   * Why a closed issue was closed. Closed as not planned or as a duplicate, it leaves the scope
   * instead of counting as done (docs/spec/time-and-hierarchy.md). Pull requests have none: closed is done.
   */
  stateReason?: "completed" | "not_planned" | "duplicate" | null;
  pullRequest: boolean;
  assignees: string[];
  labels: string[];
  /**
   * Sub-issues only: the chain of parents from the epic down to this task's parent (the epic first),
   * as read from GitHub's sub-issue tree. Absent for tasks found by label.
   */
  ancestors?: IssueRef[];
  /** Sub-issues only: how many sub-issues the task has itself (a group when more than 0). */
  subIssues?: number;
}

/** A repository of the organisation. */
export interface Repo {
  name: string;
  archived: boolean;
  fork: boolean;
}

/** A comment on an issue (the weekly update format is in docs/spec/data-model.md). */
export interface IssueComment {
  /** "ghost" when the author's account was deleted (GitHub returns a null author). */
  author: string;
  body: string;
  createdAt: string;
  url: string;
}

/** An issue (or pull request) updated in a window, with at least every comment created in it. */
export interface UpdatedIssue {
  /** Repository name without the org. */
  repo: string;
  number: number;
  title: string;
  url: string;
  state: "open" | "closed";
  labels: string[];
  /** True for a pull request: weekly updates belong on issues, so these are warned about. */
  pullRequest?: boolean;
  /** Sub-issue epics: its chain of parents from the epic down, when it is in an epic's tree. */
  ancestors?: IssueRef[];
  /** Every comment created at or after the window's start, oldest first. */
  comments: IssueComment[];
}

/** An issue of the pm repository labelled `milestone`: a milestone's tracking issue. */
export interface TrackingIssue {
  number: number;
  title: string;
  url: string;
  state: "open" | "closed";
  labels: string[];
  milestone: number | null;
}

/** What `status`, `report` and `check` read about the hierarchy before the tasks. */
export interface PlanningOverview {
  org: string;
  pmRepo: string;
  /** Every milestone of the pm repository, open and closed, by number. */
  milestones: Milestone[];
  /** Every epic issue of the pm repository, open and closed, any milestone. */
  epics: Epic[];
  /** Every repository of the organisation, archived ones included (their tasks are real). */
  repositories: Repo[];
  warnings: string[];
}

/** "org/name#number", ignoring case: the identity of an issue across the organisation. */
export function issueKey(ref: IssueRef): string {
  return `${ref.repo.toLowerCase()}#${ref.number}`;
}
