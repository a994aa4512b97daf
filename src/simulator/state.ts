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
import { buildHistories } from "./history.js";
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
  /** Earlier names (a seed's `former_names`): older events may carry them. */
  former_names: string[];
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
  /** Database id of the parent issue (any repository of the organisation), or null. */
  parentId: number | null;
  /** Database ids of the sub-issues, in priority order (what GitHub lists first comes first). */
  subIssueIds: number[];
  /** GitHub's `state_reason`: why it was closed, `reopened` after a reopen, else null. */
  state_reason: StateReason | null;
  /** Its history, oldest first: what the events and timeline endpoints list. */
  events: SimEvent[];
}

export type StateReason = "completed" | "not_planned" | "duplicate" | "reopened";

export type SimEventKind =
  | "labeled"
  | "unlabeled"
  | "closed"
  | "reopened"
  | "merged"
  | "milestoned"
  | "demilestoned"
  | "renamed"
  | "assigned"
  | "unassigned"
  | "sub_issue_added"
  | "sub_issue_removed"
  | "parent_issue_added"
  | "parent_issue_removed"
  | "transferred";

/** One change to an issue, as GitHub's issue events record it. */
export interface SimEvent {
  id: number;
  node_id: string;
  event: SimEventKind;
  /** Login. */
  actor: string;
  created_at: string;
  /**
   * labeled/unlabeled: the label as it was then. GitHub keeps the name at the time, so a later
   * rename does not rewrite old events (`id` is null when no label of the repository matches).
   */
  label?: { id: number | null; name: string; color: string };
  /** milestoned/demilestoned: GitHub's events carry only the milestone's title at the time. */
  milestone?: { title: string };
  /** closed: completed, not_planned or duplicate. */
  state_reason?: "completed" | "not_planned" | "duplicate";
  /** sub_issue_*: the sub-issue's database id; parent_issue_*: the parent's. */
  other_issue_id?: number;
  /** renamed: the titles before and after. */
  rename?: { from: string; to: string };
  /** assigned/unassigned: the login. */
  assignee?: string;
  /** transferred: the repository it came from. */
  from_repo?: string;
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
  /** Earlier titles (a seed's `former_titles`): older milestone events may carry them. */
  former_titles: string[];
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
  /**
   * Next issue-event id. A counter of its own (GitHub's event ids are a separate, much larger
   * sequence), so recording history never shifts the ids of issues, labels or comments.
   */
  nextEventId: number;
  /** The clock events are stamped with (the simulator's `now` option). */
  now: () => Date;
  /** Who REST writes and GraphQL mutations act as, in the events they record. */
  actor: string;
}

/** Who writes act as unless the simulator is told otherwise (GraphQL's default viewer too). */
export const DEFAULT_ACTOR = "waku-pm-bot";

/** GitHub prints times to the second. */
export function isoNow(state: SimState): string {
  return state
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

/** Records an event on an issue, stamped with the simulator's clock and actor unless given. */
export function recordEvent(
  state: SimState,
  issue: SimIssue,
  fields: Omit<SimEvent, "id" | "node_id" | "actor" | "created_at"> & { actor?: string; created_at?: string },
): SimEvent {
  const id = state.nextEventId++;
  const event: SimEvent = {
    ...fields,
    id,
    node_id: makeNodeId(EVENT_PREFIX[fields.event], id),
    actor: fields.actor ?? state.actor,
    created_at: fields.created_at ?? isoNow(state),
  };
  issue.events.push(event);
  return event;
}

/** Node-id prefixes of GitHub's event types (LE_ LabeledEvent, CE_ ClosedEvent, …). */
const EVENT_PREFIX: Record<SimEventKind, string> = {
  labeled: "LE",
  unlabeled: "UNLE",
  closed: "CE",
  reopened: "REE",
  merged: "ME",
  milestoned: "MIE",
  demilestoned: "DEME",
  renamed: "RTE",
  assigned: "AE",
  unassigned: "UAE",
  sub_issue_added: "SIAE",
  sub_issue_removed: "SIRE",
  parent_issue_added: "PIAE",
  parent_issue_removed: "PIRE",
  transferred: "TE",
};

/** The label as an event records it (its name and colour now). */
export function labelSnapshot(label: SimLabel): { id: number; name: string; color: string } {
  return { id: label.id, name: label.name, color: label.color };
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

/** An issue or pull request by database id, anywhere in the organisation, with its repository. */
export function findIssueById(state: SimState, id: number): { repo: SimRepo; issue: SimIssue } | undefined {
  for (const repo of state.repos) {
    const issue = repo.issues.find((i) => i.id === id);
    if (issue) return { repo, issue };
  }
  return undefined;
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
export interface StateOptions {
  /** The clock events are stamped with (default: the current time). */
  now?: () => Date;
  /** Who writes act as (default `waku-pm-bot`). */
  actor?: string;
}

export function createState(seed: Seed, options: StateOptions = {}): SimState {
  const state: SimState = {
    org: seed.org,
    orgId: userId(`org:${seed.org}`),
    tokens: [...seed.tokens],
    repos: [],
    nextId: 1000,
    nextEventId: 9_000_000_000,
    now: options.now ?? (() => new Date()),
    actor: options.actor ?? DEFAULT_ACTOR,
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
  linkSeededSubIssues(state, seed);
  buildHistories(state, seed);
  return state;
}

/** `repo#number` or `owner/repo#number` → the issue, or a message saying why it cannot be. */
export function resolveIssueRef(
  state: SimState,
  ref: string,
): { repo: SimRepo; issue: SimIssue } | { error: string } {
  const m = /^(?:([^/\s#]+)\/)?([^/\s#]+)#(\d+)$/.exec(ref.trim());
  if (!m) return { error: `"${ref}" is not a reference of the form repo#number` };
  const [, owner, repoName, number] = m as unknown as [string, string | undefined, string, string];
  if (owner !== undefined && owner.toLowerCase() !== state.org.toLowerCase()) {
    return {
      error: `${ref} belongs to another owner (sub-issues must belong to the same owner, ${state.org})`,
    };
  }
  const repo = findRepo(state, repoName);
  const issue = repo ? findIssue(repo, Number(number)) : undefined;
  if (!repo || !issue) return { error: `${ref} does not exist` };
  return { repo, issue };
}

function linkSeededSubIssues(state: SimState, seed: Seed): void {
  for (const seedRepo of seed.repos) {
    const repo = findRepo(state, seedRepo.name) as SimRepo;
    for (const seedIssue of seedRepo.issues ?? []) {
      if (!seedIssue.sub_issues?.length) continue;
      const parent = findIssue(repo, seedIssue.number) as SimIssue;
      for (const ref of seedIssue.sub_issues) {
        const where = `seed: ${repo.name}#${parent.number} lists sub-issue ${ref}`;
        const child = resolveIssueRef(state, ref);
        if ("error" in child) throw new Error(`${where}, but ${child.error}`);
        const problem = subIssueRuleBroken(state, parent, child.issue, false);
        if (problem) throw new Error(`${where}: ${problem}`);
        parent.subIssueIds.push(child.issue.id);
        child.issue.parentId = parent.id;
      }
    }
  }
}

/** GitHub's limits on sub-issues. */
export const SUB_ISSUES_PER_PARENT = 100;
/** Levels of sub-issues below the top-most issue of a tree. */
export const SUB_ISSUE_DEPTH = 8;

/** The ancestors of an issue, nearest first. */
export function ancestorsOf(state: SimState, issue: SimIssue): SimIssue[] {
  const out: SimIssue[] = [];
  let current = issue;
  while (current.parentId !== null) {
    const parent = findIssueById(state, current.parentId)?.issue;
    if (!parent || out.includes(parent)) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

/** Levels in the tree below and including `issue` (1 for an issue without sub-issues). */
function heightOf(state: SimState, issue: SimIssue, seen = new Set<number>()): number {
  if (seen.has(issue.id)) return 0;
  seen.add(issue.id);
  let deepest = 0;
  for (const id of issue.subIssueIds) {
    const child = findIssueById(state, id)?.issue;
    if (child) deepest = Math.max(deepest, heightOf(state, child, seen));
  }
  return 1 + deepest;
}

/**
 * Why GitHub would refuse to make `child` a sub-issue of `parent`, or undefined when it may.
 * The wording follows GitHub's own messages where they are known ("Sub issue may only have one
 * parent"); same-owner is checked where the reference is resolved (the state holds one owner).
 */
export function subIssueRuleBroken(
  state: SimState,
  parent: SimIssue,
  child: SimIssue,
  replaceParent: boolean,
): string | undefined {
  if (parent.pull_request) return "Pull requests cannot have sub-issues";
  if (child.pull_request) return "Pull requests cannot be sub-issues";
  if (child.id === parent.id) return "An issue cannot be a sub-issue of itself";
  if (parent.subIssueIds.includes(child.id)) return "Issue may not contain duplicate sub-issues";
  if (child.parentId !== null && !replaceParent) return "Sub issue may only have one parent";
  if (ancestorsOf(state, parent).some((a) => a.id === child.id)) {
    return "Sub issue cannot be an ancestor of its parent (that would be a cycle)";
  }
  if (parent.subIssueIds.length >= SUB_ISSUES_PER_PARENT) {
    return `Parent cannot have more than ${SUB_ISSUES_PER_PARENT} sub-issues`;
  }
  if (ancestorsOf(state, parent).length + heightOf(state, child) > SUB_ISSUE_DEPTH) {
    return `Sub issues cannot be nested more than ${SUB_ISSUE_DEPTH} levels deep`;
  }
  return undefined;
}

/** GitHub's `sub_issues_summary`: the direct sub-issues only (not their own sub-issues). */
export function subIssuesSummary(
  state: SimState,
  issue: SimIssue,
): { total: number; completed: number; percentCompleted: number } {
  let completed = 0;
  for (const id of issue.subIssueIds) {
    if (findIssueById(state, id)?.issue.state === "closed") completed++;
  }
  const total = issue.subIssueIds.length;
  return { total, completed, percentCompleted: total === 0 ? 0 : Math.round((completed / total) * 100) };
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
      former_names: [...(seedLabel.former_names ?? [])],
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
    former_titles: [...(m.former_titles ?? [])],
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
  if (s.state_reason !== undefined && (isPr || s.state !== "closed")) {
    throw new Error(
      `seed: ${repo.name}#${s.number} has state_reason ${s.state_reason}, which only a closed issue can have`,
    );
  }
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
    parentId: null,
    subIssueIds: [],
    state_reason: s.state === "closed" && !isPr ? (s.state_reason ?? "completed") : null,
    events: [],
  };
}

/**
 * Links `child` under `parent` (last in priority), detaching it from a previous parent when
 * `replaceParent` allows it. Returns GitHub's refusal instead when a rule forbids the link.
 */
export function linkSubIssue(
  state: SimState,
  parent: SimIssue,
  child: SimIssue,
  replaceParent: boolean,
): { ok: true; previousParent: SimIssue | null } | { ok: false; message: string } {
  const problem = subIssueRuleBroken(state, parent, child, replaceParent);
  if (problem) return { ok: false, message: problem };
  let previousParent: SimIssue | null = null;
  if (child.parentId !== null) {
    previousParent = findIssueById(state, child.parentId)?.issue ?? null;
    if (previousParent) unlinkSubIssue(state, previousParent, child);
  }
  parent.subIssueIds.push(child.id);
  child.parentId = parent.id;
  // GitHub records the link on both sides.
  recordEvent(state, parent, { event: "sub_issue_added", other_issue_id: child.id });
  recordEvent(state, child, { event: "parent_issue_added", other_issue_id: parent.id });
  return { ok: true, previousParent };
}

/** Undoes a link (recording it on both sides); false when `child` is not a sub-issue of `parent`. */
export function unlinkSubIssue(state: SimState, parent: SimIssue, child: SimIssue): boolean {
  if (!parent.subIssueIds.includes(child.id) || child.parentId !== parent.id) return false;
  parent.subIssueIds = parent.subIssueIds.filter((id) => id !== child.id);
  child.parentId = null;
  recordEvent(state, parent, { event: "sub_issue_removed", other_issue_id: child.id });
  recordEvent(state, child, { event: "parent_issue_removed", other_issue_id: parent.id });
  return true;
}

/**
 * Moves a sub-issue next to a sibling (`after` or `before`, exactly one), as GitHub's
 * reprioritise does; a message when the request cannot be honoured.
 */
export function reprioritizeSubIssue(
  parent: SimIssue,
  childId: number,
  position: { afterId?: number | undefined; beforeId?: number | undefined },
): string | undefined {
  const { afterId, beforeId } = position;
  if ((afterId === undefined) === (beforeId === undefined)) {
    return "Exactly one of after_id and before_id must be given";
  }
  if (!parent.subIssueIds.includes(childId)) return "The issue is not a sub-issue of this parent";
  const anchor = (afterId ?? beforeId) as number;
  if (anchor === childId || !parent.subIssueIds.includes(anchor)) {
    return "The sibling to place it next to is not another sub-issue of this parent";
  }
  const rest = parent.subIssueIds.filter((id) => id !== childId);
  const at = rest.indexOf(anchor) + (afterId !== undefined ? 1 : 0);
  rest.splice(at, 0, childId);
  parent.subIssueIds = rest;
  return undefined;
}
