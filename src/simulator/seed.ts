/**
 * The simulator's seed: a JSON-serialisable picture of an organisation. Tests build one by hand,
 * the demo generates one (`demo-seed.ts`). The simulator copies it into its mutable state.
 *
 * These types are shared by the REST and GraphQL halves of the simulator and by every test:
 * extend them only additively (new optional fields).
 */
export interface SeedLabel {
  name: string;
  /** Six hex digits, no '#'. Stored as given (GitHub keeps the case it was sent). */
  color: string;
  description?: string | null;
  /**
   * Names the label had before a rename (oldest first). GitHub's events keep the name a label had
   * when it was applied, so a seeded history may use these on its older events.
   */
  former_names?: string[];
}

export interface SeedComment {
  id?: number;
  user: string;
  body: string;
  created_at: string;
  updated_at?: string;
}

export interface SeedIssue {
  number: number;
  title: string;
  body?: string | null;
  state: "open" | "closed";
  /** True for a pull request (GitHub lists them among issues, with a `pull_request` key). */
  pull_request?: boolean;
  /**
   * A closed pull request that was merged (GraphQL `state: MERGED`, REST `pull_request.merged_at`).
   * Only on a closed pull request; a closed pull request without it was closed unmerged.
   */
  merged?: boolean;
  /** Label names; each must exist in the repository's labels (case-insensitively). */
  labels: string[];
  assignees?: string[];
  user?: string;
  /** Milestone number in this repository. */
  milestone?: number | null;
  created_at?: string;
  updated_at?: string;
  closed_at?: string | null;
  comments?: SeedComment[];
  /**
   * Sub-issues, in priority order, as `repo#number` (a repository of the same organisation; any
   * owner prefix other than the seed's org is refused, as GitHub refuses other owners). GitHub's
   * rules hold: issues only, one parent each, at most 100 per parent, 8 levels, no cycles.
   */
  sub_issues?: string[];
  /** Why a closed issue was closed (default `completed`); not for pull requests. */
  state_reason?: "completed" | "not_planned" | "duplicate";
  /**
   * The issue's history, oldest first, from its creation (with no labels, open, no milestone) to
   * the state the other fields give. Checked on load: a history that does not end in that state is
   * refused. Without it the simulator writes the plainest history consistent with the state (each
   * label and the milestone at creation, the close at `closed_at`, each sub-issue when both exist).
   * The child's `parent_issue_added`/`removed` events follow from the parent's sub-issue events.
   */
  events?: SeedEvent[];
}

/** One dated change in a seeded history, as GitHub records it. */
export interface SeedEvent {
  event:
    | "labeled"
    | "unlabeled"
    | "closed"
    | "reopened"
    | "merged"
    | "milestoned"
    | "demilestoned"
    | "sub_issue_added"
    | "sub_issue_removed"
    | "transferred";
  created_at: string;
  /** Login of who did it (default: the issue's author). */
  actor?: string;
  /** labeled/unlabeled: the label's name at the time (its current name or a `former_names` one). */
  label?: string;
  /** milestoned/demilestoned: the milestone's title at the time (current or `former_titles`). */
  milestone?: string;
  /** closed: completed (default), not_planned or duplicate. */
  state_reason?: "completed" | "not_planned" | "duplicate";
  /** sub_issue_added/removed: the sub-issue, as `repo#number`. */
  sub_issue?: string;
  /** transferred: the repository the issue came from (any name; it may no longer exist). */
  from_repo?: string;
}

export interface SeedMilestone {
  number: number;
  title: string;
  description?: string | null;
  state?: "open" | "closed";
  due_on?: string | null;
  created_at?: string;
  /** Titles it had before a rename: milestone events carry the title at the time. */
  former_titles?: string[];
}

export interface SeedRepo {
  name: string;
  archived?: boolean;
  fork?: boolean;
  private?: boolean;
  description?: string | null;
  labels: SeedLabel[];
  milestones?: SeedMilestone[];
  issues?: SeedIssue[];
}

export interface Seed {
  org: string;
  /** Tokens the simulator accepts; any other (or none) gets 401 Bad credentials. */
  tokens: string[];
  repos: SeedRepo[];
}
