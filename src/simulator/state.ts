/**
 * The simulator's live, mutable picture of an organisation, built from a Seed by `createState`.
 *
 * Both halves of the simulator read it: the REST handlers (`rest.ts`) mutate it, the GraphQL half
 * (`graphql.ts`) reads it. It is deliberately plain data (arrays of objects, numeric ids, ISO
 * timestamps) so either half can walk it without helpers; the lookups GitHub performs in a special
 * way (names ignoring case) live here so both halves agree.
 *
 * Conventions:
 * - Ids are unique across the whole organisation (one counter), as GitHub's database ids are.
 * - Issue labels are stored by label id, so renaming a label keeps every association (as GitHub's
 *   PATCH with `new_name` does) and deleting a label strips it everywhere.
 * - Issues and pull requests share one number sequence per repository (`pull_request: true`).
 * - Users are plain logins; `userId(login)` gives the stable numeric id GitHub objects need.
 */
import type { Seed, SeedIssue, SeedMilestone, SeedRepo } from "./seed.js";

export interface SimLabel {
  id: number;
  node_id: string;
  name: string;
  /** Six hex digits, stored with the case it was sent in (GitHub does not normalise it). */
  color: string;
  /** `null` when there is none (GitHub never returns an empty string here). */
  description: string | null;
  /** True for the labels GitHub creates in every new repository (bug, documentation, …). */
  default: boolean;
}

export interface SimComment {
  id: number;
  node_id: string;
  /** Login of the author. */
  user: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface SimIssue {
  id: number;
  node_id: string;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  /** True for a pull request: listed among issues with a `pull_request` key. */
  pull_request: boolean;
  /** A closed pull request that was merged (at `closed_at`); always false for issues. */
  merged: boolean;
  /** Ids of labels of the same repository, in the order they were applied. */
  labelIds: number[];
  /** Logins. */
  assignees: string[];
  /** Login of the author. */
  user: string;
  /** Milestone number in the same repository, or null. */
  milestone: number | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  comments: SimComment[];
}

export interface SimMilestone {
  id: number;
  node_id: string;
  number: number;
  title: string;
  description: string | null;
  state: "open" | "closed";
  due_on: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Login of the creator. */
  creator: string;
}

export interface SimRepo {
  id: number;
  node_id: string;
  name: string;
  archived: boolean;
  fork: boolean;
  private: boolean;
  description: string | null;
  created_at: string;
  updated_at: string;
  pushed_at: string;
  labels: SimLabel[];
  milestones: SimMilestone[];
  /** Issues and pull requests, in number order. */
  issues: SimIssue[];
}

export interface SimState {
  org: string;
  orgId: number;
  /** Tokens accepted in `Authorization`; anything else is 401 Bad credentials. */
  tokens: string[];
  repos: SimRepo[];
  /** Next id handed out by `allocateId` (ids are unique across the organisation). */
  nextId: number;
}

/** GitHub's default labels: a repository created on GitHub starts with these (`default: true`). */
export const DEFAULT_LABEL_NAMES: readonly string[] = [
  "bug",
  "documentation",
  "duplicate",
  "enhancement",
  "good first issue",
  "help wanted",
  "invalid",
  "question",
  "wontfix",
];

/** Timestamp used when the seed gives none, so state built from the same seed is identical. */
export const DEFAULT_TIMESTAMP = "2023-01-01T00:00:00Z";

/** A GraphQL-style global node id for an object type (R_ repo, LA_ label, I_ issue, …) and id. */
export function makeNodeId(prefix: string, id: number): string {
  return `${prefix}_kw${Buffer.from(`${prefix}:${id}`).toString("base64url")}`;
}

/** Node-id prefixes GitHub uses, by object type. */
export const NODE_PREFIX = {
  repo: "R",
  label: "LA",
  issue: "I",
  pullRequest: "PR",
  milestone: "MI",
  comment: "IC",
  user: "U",
  org: "O",
} as const;

/** A stable numeric id for a login (GitHub objects need one; the seed only has logins). */
export function userId(login: string): number {
  let hash = 2166136261;
  for (const ch of login.toLowerCase()) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 16777619);
  }
  // Keep user ids away from the object ids the state allocates (those start at 1000).
  return 10_000_000 + ((hash >>> 0) % 90_000_000);
}

export function allocateId(state: SimState): number {
  const id = state.nextId;
  state.nextId += 1;
  return id;
}

/** Repository by name, ignoring case (GitHub resolves `Waku-Org/NWaku` too). */
export function findRepo(state: SimState, name: string): SimRepo | undefined {
  const lower = name.toLowerCase();
  return state.repos.find((r) => r.name.toLowerCase() === lower);
}

/** Label by name, ignoring case: GitHub's label names are unique and looked up case-insensitively. */
export function findLabel(repo: SimRepo, name: string): SimLabel | undefined {
  const lower = name.toLowerCase();
  return repo.labels.find((l) => l.name.toLowerCase() === lower);
}

export function findLabelById(repo: SimRepo, id: number): SimLabel | undefined {
  return repo.labels.find((l) => l.id === id);
}

export function findIssue(repo: SimRepo, number: number): SimIssue | undefined {
  return repo.issues.find((i) => i.number === number);
}

export function findMilestone(repo: SimRepo, number: number): SimMilestone | undefined {
  return repo.milestones.find((m) => m.number === number);
}

/** An issue's labels as objects, in the order applied (ids of deleted labels are skipped). */
export function issueLabels(repo: SimRepo, issue: SimIssue): SimLabel[] {
  const out: SimLabel[] = [];
  for (const id of issue.labelIds) {
    const label = findLabelById(repo, id);
    if (label) out.push(label);
  }
  return out;
}

/**
 * Open and closed issue counts of a milestone, derived from the issues (GitHub counts issues and
 * pull requests alike here), so they can never disagree with the issue list.
 */
export function milestoneCounts(repo: SimRepo, number: number): { open: number; closed: number } {
  let open = 0;
  let closed = 0;
  for (const issue of repo.issues) {
    if (issue.milestone !== number) continue;
    if (issue.state === "open") open++;
    else closed++;
  }
  return { open, closed };
}

/** The next number for a new issue or pull request in a repository (one shared sequence). */
export function nextIssueNumber(repo: SimRepo): number {
  return repo.issues.reduce((max, i) => Math.max(max, i.number), 0) + 1;
}

/** Every comment in the organisation with its repository and issue (for org-wide listings). */
export function* allComments(
  state: SimState,
): Generator<{ repo: SimRepo; issue: SimIssue; comment: SimComment }> {
  for (const repo of state.repos) {
    for (const issue of repo.issues) {
      for (const comment of issue.comments) yield { repo, issue, comment };
    }
  }
}

/**
 * Builds the mutable state from a seed. The seed is not modified. Throws on a seed that GitHub
 * could not hold (duplicate names, an issue label missing from its repository, duplicate numbers),
 * naming the repository and the item, because a silently "fixed" seed hides test mistakes.
 */
export function createState(seed: Seed): SimState {
  const state: SimState = {
    org: seed.org,
    orgId: userId(`org:${seed.org}`),
    tokens: [...seed.tokens],
    repos: [],
    nextId: 1000,
  };
  // Seeded comment ids are honoured; reserve them first so allocated ids never collide.
  const seededCommentIds = new Set<number>();
  for (const repo of seed.repos) {
    for (const issue of repo.issues ?? []) {
      for (const comment of issue.comments ?? []) {
        if (comment.id === undefined) continue;
        if (seededCommentIds.has(comment.id)) {
          throw new Error(
            `seed: comment id ${comment.id} is used twice (comment ids are unique across the org)`,
          );
        }
        seededCommentIds.add(comment.id);
      }
    }
  }
  if (seededCommentIds.size > 0) state.nextId = Math.max(state.nextId, ...seededCommentIds) + 1;

  for (const seedRepo of seed.repos) {
    if (findRepo(state, seedRepo.name)) throw new Error(`seed: repository ${seedRepo.name} appears twice`);
    state.repos.push(buildRepo(state, seedRepo));
  }
  return state;
}

function buildRepo(state: SimState, seedRepo: SeedRepo): SimRepo {
  const id = allocateId(state);
  const repo: SimRepo = {
    id,
    node_id: makeNodeId(NODE_PREFIX.repo, id),
    name: seedRepo.name,
    archived: seedRepo.archived ?? false,
    fork: seedRepo.fork ?? false,
    private: seedRepo.private ?? false,
    description: seedRepo.description ?? null,
    created_at: DEFAULT_TIMESTAMP,
    updated_at: DEFAULT_TIMESTAMP,
    pushed_at: DEFAULT_TIMESTAMP,
    labels: [],
    milestones: [],
    issues: [],
  };
  for (const seedLabel of seedRepo.labels) {
    if (findLabel(repo, seedLabel.name)) {
      throw new Error(
        `seed: repository ${seedRepo.name} has label "${seedLabel.name}" twice (ignoring case)`,
      );
    }
    const labelId = allocateId(state);
    repo.labels.push({
      id: labelId,
      node_id: makeNodeId(NODE_PREFIX.label, labelId),
      name: seedLabel.name,
      color: seedLabel.color,
      description: seedLabel.description ? seedLabel.description : null,
      default: DEFAULT_LABEL_NAMES.includes(seedLabel.name),
    });
  }
  for (const seedMilestone of seedRepo.milestones ?? []) {
    if (findMilestone(repo, seedMilestone.number)) {
      throw new Error(`seed: repository ${seedRepo.name} has milestone #${seedMilestone.number} twice`);
    }
    repo.milestones.push(buildMilestone(state, seedMilestone));
  }
  repo.milestones.sort((a, b) => a.number - b.number);
  for (const seedIssue of seedRepo.issues ?? []) {
    if (findIssue(repo, seedIssue.number)) {
      throw new Error(
        `seed: repository ${seedRepo.name} has issue or pull request #${seedIssue.number} twice`,
      );
    }
    repo.issues.push(buildIssue(state, repo, seedIssue));
  }
  repo.issues.sort((a, b) => a.number - b.number);
  return repo;
}

function buildMilestone(state: SimState, m: SeedMilestone): SimMilestone {
  const id = allocateId(state);
  const created = m.created_at ?? DEFAULT_TIMESTAMP;
  const stateValue = m.state ?? "open";
  return {
    id,
    node_id: makeNodeId(NODE_PREFIX.milestone, id),
    number: m.number,
    title: m.title,
    description: m.description ?? null,
    state: stateValue,
    due_on: m.due_on ?? null,
    created_at: created,
    updated_at: created,
    closed_at: stateValue === "closed" ? created : null,
    creator: state.org,
  };
}

function buildIssue(state: SimState, repo: SimRepo, s: SeedIssue): SimIssue {
  const id = allocateId(state);
  const labelIds: number[] = [];
  for (const name of s.labels) {
    const label = findLabel(repo, name);
    if (!label) {
      throw new Error(
        `seed: ${repo.name}#${s.number} has label "${name}", which the repository does not have`,
      );
    }
    if (!labelIds.includes(label.id)) labelIds.push(label.id);
  }
  if (s.milestone != null && !findMilestone(repo, s.milestone)) {
    throw new Error(
      `seed: ${repo.name}#${s.number} is in milestone ${s.milestone}, which the repository lacks`,
    );
  }
  const created = s.created_at ?? DEFAULT_TIMESTAMP;
  const comments: SimComment[] = (s.comments ?? []).map((c) => {
    const commentId = c.id ?? allocateId(state);
    return {
      id: commentId,
      node_id: makeNodeId(NODE_PREFIX.comment, commentId),
      user: c.user,
      body: c.body,
      created_at: c.created_at,
      updated_at: c.updated_at ?? c.created_at,
    };
  });
  const isPr = s.pull_request ?? false;
  if (s.merged && (!isPr || s.state !== "closed")) {
    throw new Error(
      `seed: ${repo.name}#${s.number} is marked merged, but only a closed pull request can be merged`,
    );
  }
  return {
    id,
    node_id: makeNodeId(isPr ? NODE_PREFIX.pullRequest : NODE_PREFIX.issue, id),
    number: s.number,
    title: s.title,
    body: s.body ?? null,
    state: s.state,
    pull_request: isPr,
    merged: s.merged === true,
    labelIds,
    assignees: [...(s.assignees ?? [])],
    user: s.user ?? state.org,
    milestone: s.milestone ?? null,
    created_at: created,
    updated_at: s.updated_at ?? created,
    closed_at: s.closed_at ?? (s.state === "closed" ? (s.updated_at ?? created) : null),
    comments,
  };
}
