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
}

export interface SeedMilestone {
  number: number;
  title: string;
  description?: string | null;
  state?: "open" | "closed";
  due_on?: string | null;
  created_at?: string;
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
