/**
 * The report's data: what collecting hands to the pure core (`*Input` types) and what the core hands
 * to the renderers (`Report`). Plain data, no behaviour.
 */

/** A comment on an issue, as fetched. */
export interface RawComment {
  author: string;
  body: string;
  /** ISO date-time. */
  createdAt: string;
  url: string;
}

/** An issue (never a pull request) of the org that was updated in the window, with its comments. */
export interface IssueInput {
  /** Repository name without the org (`nwaku`). */
  repo: string;
  number: number;
  title: string;
  url: string;
  state: "open" | "closed";
  labels: string[];
  /** At least every comment created in the window; older ones are ignored. */
  comments: RawComment[];
}

export interface MilestoneInput {
  number: number;
  title: string;
  /** The GitHub milestone page. */
  url: string;
  description: string | null;
  dueOn: string | null;
  state: "open" | "closed";
}

/** An issue of the pm repository: an epic (label `epic`) or a milestone tracking issue (label `milestone`). */
export interface PmIssueInput {
  number: number;
  title: string;
  url: string;
  state: "open" | "closed";
  labels: string[];
  /** Number of the GitHub milestone it is in, if any. */
  milestone: number | null;
}

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
