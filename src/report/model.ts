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
