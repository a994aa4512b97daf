/**
 * Resolvers for the GraphQL half of the simulator: the state's repositories, labels, milestones,
 * issues, pull requests and comments as plain objects whose fields are values or functions of the
 * field's arguments. `resolveField` (graphql-js's `fieldResolver`) reads them; a field that is not
 * there is an error naming it, never a silent null, so a query using something the simulator does
 * not model fails loudly in tests instead of passing on empty data.
 */
import type { GraphQLError, GraphQLFieldResolver, GraphQLTypeResolver } from "graphql";
import {
  parseSearchQuery,
  SEARCH_QUERY_MAX_LENGTH,
  SEARCH_RESULT_CAP,
  searchIssues,
} from "./graphql-search.js";
import {
  findIssue,
  findIssueById,
  findLabel,
  findMilestone,
  findRepo,
  issueLabels,
  linkSubIssue,
  makeNodeId,
  milestoneCounts,
  NODE_PREFIX,
  reprioritizeSubIssue,
  resolveIssueRef,
  type SimComment,
  type SimEvent,
  type SimEventKind,
  type SimIssue,
  type SimLabel,
  type SimMilestone,
  type SimRepo,
  type SimState,
  subIssuesSummary,
  unlinkSubIssue,
  userId,
} from "./state.js";

export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

export interface ResolverContext {
  state: SimState;
  /** Web host for `url` fields, e.g. https://github.com. */
  htmlUrl: string;
  viewer: string;
  cost: number;
  nodeCount: number;
  /** The primary rate limit after this document is charged. */
  rateLimit: RateLimitSnapshot;
}

type Args = Record<string, unknown>;
type Resolved = { __typename: string } & Record<string, unknown>;

/** An error GitHub reports with a `type` (NOT_FOUND, INVALID_CURSOR_ARGUMENTS, …). */
export class GithubGraphqlError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export const resolveField: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  const value = source !== null && typeof source === "object" ? (source as Args)[info.fieldName] : undefined;
  if (typeof value === "function") return (value as (a: Args, c: ResolverContext) => unknown)(args, ctx);
  if (value === undefined) {
    throw new GithubGraphqlError(
      "SIMULATOR_UNSUPPORTED",
      `Field '${info.fieldName}' on type '${info.parentType.name}' is not supported by the GitHub simulator; add it to src/simulator/graphql-resolvers.ts or leave it out of the query.`,
    );
  }
  return value;
};

export const resolveType: GraphQLTypeResolver<unknown, ResolverContext> = (value) =>
  value !== null && typeof value === "object" ? ((value as Resolved).__typename as string) : undefined;

// ---------------------------------------------------------------------------------------------
// Connections and cursors

/** GitHub's cursors are opaque base64; `cursor:N` (N = 1-based position) is what search uses. */
function encodeCursor(position: number): string {
  return Buffer.from(`cursor:${position}`).toString("base64");
}

function decodeCursor(cursor: string, argument: string): number {
  const match = Buffer.from(cursor, "base64")
    .toString("utf8")
    .match(/^cursor:(\d+)$/);
  if (!match) {
    throw new GithubGraphqlError(
      "INVALID_CURSOR_ARGUMENTS",
      `\`${argument}: ${JSON.stringify(cursor)}\` does not appear to be a valid cursor.`,
    );
  }
  return Number(match[1]);
}

function paginate<T>(items: readonly T[], args: Args, toNode: (item: T) => unknown, extra: Args = {}): Args {
  let start = 0;
  let end = items.length;
  if (typeof args.after === "string") start = Math.min(end, decodeCursor(args.after, "after"));
  if (typeof args.before === "string")
    end = Math.max(start, Math.min(end, decodeCursor(args.before, "before") - 1));
  if (typeof args.first === "number") end = Math.min(end, start + args.first);
  if (typeof args.last === "number") start = Math.max(start, end - args.last);
  const page = items.slice(start, end).map((item, i) => ({ position: start + i + 1, node: toNode(item) }));
  return {
    totalCount: items.length,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: page[0] ? encodeCursor(page[0].position) : null,
      endCursor: page.at(-1) ? encodeCursor((page.at(-1) as { position: number }).position) : null,
    },
    nodes: page.map((p) => p.node),
    edges: page.map((p) => ({ cursor: encodeCursor(p.position), node: p.node })),
    ...extra,
  };
}

type Order = { field?: unknown; direction?: unknown } | null | undefined;

function sortBy<T>(items: T[], direction: unknown, key: (item: T) => number | string): T[] {
  const sign = direction === "DESC" ? -1 : 1;
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -sign : ka > kb ? sign : 0;
  });
}

const time = (iso: string | null): number => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

// ---------------------------------------------------------------------------------------------
// Objects

function urlOf(ctx: ResolverContext, ...parts: string[]): string {
  return [ctx.htmlUrl, ...parts.map((p) => encodeURIComponent(p))].join("/");
}

/** GitHub Apps act as `Bot`s whose GraphQL login drops the REST `[bot]` suffix. */
function actorNode(ctx: ResolverContext, login: string): Resolved {
  const bot = login.match(/^(.+)\[bot\]$/);
  const name = bot ? (bot[1] as string) : login;
  const id = userId(login);
  const common = {
    login: name,
    url: bot ? urlOf(ctx, "apps", name) : urlOf(ctx, name),
    resourcePath: bot ? `/apps/${name}` : `/${name}`,
    avatarUrl: () => `https://avatars.githubusercontent.com/u/${id}?v=4`,
  };
  if (bot) return { __typename: "Bot", id: makeNodeId("BOT", id), databaseId: id, ...common };
  return {
    __typename: "User",
    id: makeNodeId(NODE_PREFIX.user, id),
    databaseId: id,
    name: null,
    ...common,
  };
}

function orgNode(ctx: ResolverContext): Resolved {
  const { state } = ctx;
  return {
    __typename: "Organization",
    id: makeNodeId(NODE_PREFIX.org, state.orgId),
    databaseId: state.orgId,
    login: state.org,
    name: state.org,
    description: null,
    url: urlOf(ctx, state.org),
    resourcePath: `/${state.org}`,
    repositories: (args: Args) => paginate(selectRepositories(state, args), args, (r) => repoNode(ctx, r)),
    repository: (args: Args) => {
      const repo = findRepo(state, String(args.name));
      return repo ? repoNode(ctx, repo) : null;
    },
  };
}

function selectRepositories(state: SimState, args: Args): SimRepo[] {
  let repos = state.repos.filter(
    (r) =>
      (typeof args.isFork !== "boolean" || r.fork === args.isFork) &&
      (typeof args.isArchived !== "boolean" || r.archived === args.isArchived) &&
      (args.privacy == null || r.private === (args.privacy === "PRIVATE")),
  );
  const order = args.orderBy as Order;
  if (order?.field === "NAME") repos = sortBy([...repos], order.direction, (r) => r.name.toLowerCase());
  else if (order?.field === "CREATED_AT")
    repos = sortBy([...repos], order.direction, (r) => time(r.created_at));
  else if (order?.field === "UPDATED_AT")
    repos = sortBy([...repos], order.direction, (r) => time(r.updated_at));
  else if (order?.field === "PUSHED_AT")
    repos = sortBy([...repos], order.direction, (r) => time(r.pushed_at));
  return repos;
}

function repoNode(ctx: ResolverContext, repo: SimRepo): Resolved {
  const { state } = ctx;
  const items = (pullRequests: boolean) => repo.issues.filter((i) => i.pull_request === pullRequests);
  return {
    __typename: "Repository",
    id: repo.node_id,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${state.org}/${repo.name}`,
    description: repo.description,
    url: urlOf(ctx, state.org, repo.name),
    resourcePath: `/${state.org}/${repo.name}`,
    isArchived: repo.archived,
    isFork: repo.fork,
    isPrivate: repo.private,
    isDisabled: false,
    isEmpty: false,
    isLocked: false,
    isTemplate: false,
    hasIssuesEnabled: true,
    visibility: repo.private ? "PRIVATE" : "PUBLIC",
    createdAt: repo.created_at,
    updatedAt: repo.updated_at,
    pushedAt: repo.pushed_at,
    owner: () => orgNode(ctx),
    labels: (args: Args) => paginate(selectLabels(repo, args), args, (l) => labelNode(ctx, repo, l)),
    label: (args: Args) => {
      const label = findLabel(repo, String(args.name));
      return label ? labelNode(ctx, repo, label) : null;
    },
    milestones: (args: Args) =>
      paginate(selectMilestones(repo, args), args, (m) => milestoneNode(ctx, repo, m)),
    milestone: (args: Args) => {
      const m = findMilestone(repo, Number(args.number));
      return m ? milestoneNode(ctx, repo, m) : null;
    },
    issues: (args: Args) =>
      paginate(selectItems(ctx, repo, items(false), args), args, (i) => itemNode(ctx, repo, i)),
    pullRequests: (args: Args) =>
      paginate(selectItems(ctx, repo, items(true), args), args, (i) => itemNode(ctx, repo, i)),
    issue: (args: Args) => findItem(ctx, repo, Number(args.number), "Issue"),
    pullRequest: (args: Args) => findItem(ctx, repo, Number(args.number), "PullRequest"),
    issueOrPullRequest: (args: Args) => findItem(ctx, repo, Number(args.number), null),
  };
}

function findItem(
  ctx: ResolverContext,
  repo: SimRepo,
  number: number,
  type: "Issue" | "PullRequest" | null,
): Resolved {
  const issue = findIssue(repo, number);
  if (!issue || (type === "Issue" && issue.pull_request) || (type === "PullRequest" && !issue.pull_request)) {
    const what =
      type === "PullRequest" ? "a PullRequest" : type === "Issue" ? "an Issue" : "an issue or pull request";
    throw new GithubGraphqlError("NOT_FOUND", `Could not resolve to ${what} with the number of ${number}.`);
  }
  return itemNode(ctx, repo, issue);
}

function selectLabels(repo: SimRepo, args: Args): SimLabel[] {
  let labels = repo.labels;
  if (typeof args.query === "string" && args.query !== "") {
    const q = args.query.toLowerCase();
    labels = labels.filter(
      (l) => l.name.toLowerCase().includes(q) || (l.description ?? "").toLowerCase().includes(q),
    );
  }
  const order = args.orderBy as Order;
  if (order?.field === "NAME") return sortBy([...labels], order.direction, (l) => l.name.toLowerCase());
  // CREATED_AT: labels are kept in creation order.
  return order?.direction === "DESC" ? [...labels].reverse() : labels;
}

function labelNode(ctx: ResolverContext, repo: SimRepo, label: SimLabel): Resolved {
  const tagged = (pullRequests: boolean) =>
    repo.issues.filter((i) => i.pull_request === pullRequests && i.labelIds.includes(label.id));
  return {
    __typename: "Label",
    id: label.node_id,
    name: label.name,
    color: label.color,
    description: label.description,
    isDefault: label.default,
    url: urlOf(ctx, ctx.state.org, repo.name, "labels", label.name),
    resourcePath: `/${ctx.state.org}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    createdAt: repo.created_at,
    updatedAt: repo.updated_at,
    repository: () => repoNode(ctx, repo),
    issues: (args: Args) =>
      paginate(selectItems(ctx, repo, tagged(false), args), args, (i) => itemNode(ctx, repo, i)),
    pullRequests: (args: Args) =>
      paginate(selectItems(ctx, repo, tagged(true), args), args, (i) => itemNode(ctx, repo, i)),
  };
}

function selectMilestones(repo: SimRepo, args: Args): SimMilestone[] {
  const states = Array.isArray(args.states) ? (args.states as string[]).map((s) => s.toLowerCase()) : null;
  const query = typeof args.query === "string" ? args.query.toLowerCase() : "";
  const milestones = repo.milestones.filter(
    (m) => (!states || states.includes(m.state)) && m.title.toLowerCase().includes(query),
  );
  const order = args.orderBy as Order;
  switch (order?.field) {
    case "DUE_DATE":
      return sortBy([...milestones], order.direction, (m) => time(m.due_on));
    case "CREATED_AT":
      return sortBy([...milestones], order.direction, (m) => time(m.created_at));
    case "UPDATED_AT":
      return sortBy([...milestones], order.direction, (m) => time(m.updated_at));
    default:
      return sortBy([...milestones], order?.direction, (m) => m.number);
  }
}

function milestoneNode(ctx: ResolverContext, repo: SimRepo, m: SimMilestone): Resolved {
  const inMilestone = (pullRequests: boolean) =>
    repo.issues.filter((i) => i.pull_request === pullRequests && i.milestone === m.number);
  return {
    __typename: "Milestone",
    id: m.node_id,
    number: m.number,
    title: m.title,
    description: m.description,
    state: m.state.toUpperCase(),
    closed: m.state === "closed",
    dueOn: m.due_on,
    createdAt: m.created_at,
    updatedAt: m.updated_at,
    closedAt: m.closed_at,
    url: urlOf(ctx, ctx.state.org, repo.name, "milestone", String(m.number)),
    resourcePath: `/${ctx.state.org}/${repo.name}/milestone/${m.number}`,
    progressPercentage: () => {
      const { open, closed } = milestoneCounts(repo, m.number);
      return open + closed === 0 ? 0 : (closed / (open + closed)) * 100;
    },
    creator: () => actorNode(ctx, m.creator),
    repository: () => repoNode(ctx, repo),
    issues: (args: Args) =>
      paginate(selectItems(ctx, repo, inMilestone(false), args), args, (i) => itemNode(ctx, repo, i)),
    pullRequests: (args: Args) =>
      paginate(selectItems(ctx, repo, inMilestone(true), args), args, (i) => itemNode(ctx, repo, i)),
  };
}

/** A merged pull request is `MERGED`, never `CLOSED`: GitHub's three states are exclusive. */
function isMerged(issue: SimIssue): boolean {
  return issue.pull_request && issue.state === "closed" && issue.merged;
}

function itemState(issue: SimIssue): string {
  return isMerged(issue) ? "MERGED" : issue.state.toUpperCase();
}

/**
 * How the GraphQL half matches what GitHub has been reported to match differently: the `labels:`
 * argument of `issues`/`pullRequests` (and `filterBy.labels`) ignores case here by default, but
 * was reported case-sensitive on GitHub (cli/cli#1819). A test turns `caseSensitiveLabelFilter`
 * on to prove a read does not depend on it. Search's `label:` qualifier ignores case either way.
 */
export interface GraphqlBehaviour {
  caseSensitiveLabelFilter?: boolean;
}

const behaviours = new WeakMap<SimState, GraphqlBehaviour>();

/** Sets the GraphQL half's behaviour for one simulator's state (`startSimulator` passes its options). */
export function setGraphqlBehaviour(state: SimState, behaviour: GraphqlBehaviour): void {
  behaviours.set(state, { ...behaviours.get(state), ...behaviour });
}

/**
 * `issues`/`pullRequests` arguments. GitHub's `labels:` is an OR of names (unlike REST's
 * `labels=a,b`, an AND), matched ignoring case unless the simulator was told otherwise
 * (`caseSensitiveLabelFilter`); `filterBy.labels` behaves the same way.
 */
function selectItems(ctx: ResolverContext, repo: SimRepo, items: SimIssue[], args: Args): SimIssue[] {
  const filter = (args.filterBy ?? {}) as Args;
  const labelSets = [args.labels, filter.labels].filter(
    (l): l is string[] => Array.isArray(l) && l.length > 0,
  );
  const exact = behaviours.get(ctx.state)?.caseSensitiveLabelFilter === true;
  const fold = (name: string): string => (exact ? name : name.toLowerCase());
  const wanted = labelSets.map((set) => set.map(fold));
  const states = [args.states, filter.states].filter((s): s is string[] => Array.isArray(s) && s.length > 0);
  const since = typeof filter.since === "string" ? Date.parse(filter.since) : null;
  let selected = items.filter((issue) => {
    if (!states.every((s) => s.includes(itemState(issue)))) return false;
    if (since !== null && Date.parse(issue.updated_at) < since) return false;
    if (wanted.length > 0) {
      const names = issueLabels(repo, issue).map((l) => fold(l.name));
      if (!wanted.every((set) => set.some((n) => names.includes(n)))) return false;
    }
    if (!matchesPerson(filter, "assignee", issue.assignees)) return false;
    if (!matchesPerson(filter, "createdBy", [issue.user])) return false;
    if (typeof filter.mentioned === "string" && !(issue.body ?? "").includes(`@${filter.mentioned}`))
      return false;
    if (!matchesMilestone(repo, filter, issue)) return false;
    return true;
  });
  const order = args.orderBy as Order;
  if (order?.field === "UPDATED_AT")
    selected = sortBy([...selected], order.direction, (i) => time(i.updated_at));
  else if (order?.field === "COMMENTS")
    selected = sortBy([...selected], order.direction, (i) => i.comments.length);
  else if (order?.field === "CREATED_AT")
    selected = sortBy([...selected], order.direction, (i) => time(i.created_at));
  return selected;
}

/** `null` means nobody, `*` anybody, else a login (ignoring case). */
function matchesPerson(filter: Args, key: string, logins: string[]): boolean {
  if (!(key in filter) || filter[key] === undefined) return true;
  const value = filter[key];
  if (value === null) return key === "assignee" ? logins.length === 0 : true;
  if (value === "*") return logins.length > 0;
  return logins.some((l) => l.toLowerCase() === String(value).toLowerCase());
}

function matchesMilestone(repo: SimRepo, filter: Args, issue: SimIssue): boolean {
  for (const key of ["milestoneNumber", "milestone"] as const) {
    if (!(key in filter) || filter[key] === undefined) continue;
    const value = filter[key];
    if (value === null) {
      if (issue.milestone !== null) return false;
    } else if (value === "*") {
      if (issue.milestone === null) return false;
    } else if (key === "milestoneNumber") {
      if (issue.milestone !== Number(value)) return false;
    } else {
      const m = issue.milestone === null ? undefined : findMilestone(repo, issue.milestone);
      if (!m || m.id !== Number(value)) return false;
    }
  }
  return true;
}

function itemNode(ctx: ResolverContext, repo: SimRepo, issue: SimIssue): Resolved {
  const pr = issue.pull_request;
  const url = urlOf(ctx, ctx.state.org, repo.name, pr ? "pull" : "issues", String(issue.number));
  const node: Resolved = {
    __typename: pr ? "PullRequest" : "Issue",
    id: issue.node_id,
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    bodyText: issue.body ?? "",
    url,
    resourcePath: url.slice(ctx.htmlUrl.length),
    state: itemState(issue),
    closed: issue.state === "closed",
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    closedAt: issue.closed_at,
    locked: false,
    author: () => actorNode(ctx, issue.user),
    assignees: (args: Args) => paginate(issue.assignees, args, (login) => actorNode(ctx, login)),
    labels: (args: Args) => {
      let labels = issueLabels(repo, issue);
      const order = args.orderBy as Order;
      if (order?.field === "NAME") labels = sortBy(labels, order.direction, (l) => l.name.toLowerCase());
      else if (order?.direction === "DESC") labels.reverse();
      return paginate(labels, args, (l) => labelNode(ctx, repo, l));
    },
    milestone: () => {
      const m = issue.milestone === null ? undefined : findMilestone(repo, issue.milestone);
      return m ? milestoneNode(ctx, repo, m) : null;
    },
    repository: () => repoNode(ctx, repo),
    comments: (args: Args) => paginate(issue.comments, args, (c) => commentNode(ctx, repo, issue, c)),
    timelineItems: (args: Args) => timelineItems(ctx, repo, issue, args),
  };
  if (pr) {
    node.merged = isMerged(issue);
    node.mergedAt = isMerged(issue) ? issue.closed_at : null;
    node.isDraft = false;
  } else {
    // DUPLICATE only when asked for: GitHub answers it as NOT_PLANNED otherwise.
    node.stateReason = (args: Args) => stateReasonValue(issue.state_reason, args.enableDuplicate === true);
    node.subIssues = (args: Args) => paginate(issue.subIssueIds, args, (id) => nodeById(ctx, id));
    node.parent = () => (issue.parentId === null ? null : nodeById(ctx, issue.parentId));
    node.subIssuesSummary = () => subIssuesSummary(ctx.state, issue);
  }
  return node;
}

/** The issue or pull request with a database id, anywhere in the organisation (null if gone). */
function nodeById(ctx: ResolverContext, id: number): Resolved | null {
  const found = findIssueById(ctx.state, id);
  return found ? itemNode(ctx, found.repo, found.issue) : null;
}

function commentNode(ctx: ResolverContext, repo: SimRepo, issue: SimIssue, c: SimComment): Resolved {
  const itemUrl = urlOf(
    ctx,
    ctx.state.org,
    repo.name,
    issue.pull_request ? "pull" : "issues",
    String(issue.number),
  );
  return {
    __typename: "IssueComment",
    id: c.node_id,
    databaseId: c.id,
    author: () => actorNode(ctx, c.user),
    body: c.body,
    bodyText: c.body,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    publishedAt: c.created_at,
    lastEditedAt: c.updated_at === c.created_at ? null : c.updated_at,
    url: `${itemUrl}#issuecomment-${c.id}`,
    resourcePath: `${itemUrl.slice(ctx.htmlUrl.length)}#issuecomment-${c.id}`,
    isMinimized: false,
    issue: () => itemNode(ctx, repo, issue),
    pullRequest: () => (issue.pull_request ? itemNode(ctx, repo, issue) : null),
    repository: () => repoNode(ctx, repo),
  };
}

// ---------------------------------------------------------------------------------------------
// Root

export function createRoot(ctx: ResolverContext): Args {
  const { state } = ctx;
  return {
    organization: (args: Args) => {
      if (String(args.login).toLowerCase() !== state.org.toLowerCase()) {
        throw new GithubGraphqlError(
          "NOT_FOUND",
          `Could not resolve to an Organization with the login of '${String(args.login)}'.`,
        );
      }
      return orgNode(ctx);
    },
    repository: (args: Args) => {
      const repo =
        String(args.owner).toLowerCase() === state.org.toLowerCase()
          ? findRepo(state, String(args.name))
          : undefined;
      if (!repo) {
        throw new GithubGraphqlError(
          "NOT_FOUND",
          `Could not resolve to a Repository with the name '${String(args.owner)}/${String(args.name)}'.`,
        );
      }
      return repoNode(ctx, repo);
    },
    search: (args: Args) => {
      if (args.type !== "ISSUE") {
        throw new GithubGraphqlError(
          "SIMULATOR_UNSUPPORTED",
          `search(type: ${String(args.type)}) is not supported by the GitHub simulator; only type: ISSUE is.`,
        );
      }
      const query = String(args.query);
      // GitHub does not run longer queries (docs, "Troubleshooting search queries").
      if (query.length > SEARCH_QUERY_MAX_LENGTH) {
        throw new GithubGraphqlError(
          "INVALID_ARGUMENTS",
          `The search query is ${query.length} characters long; GitHub does not support queries longer than ${SEARCH_QUERY_MAX_LENGTH} characters.`,
        );
      }
      const hits = searchIssues(state, parseSearchQuery(query));
      // GitHub counts every match but serves no more than the first 1,000.
      return paginate(hits.slice(0, SEARCH_RESULT_CAP), args, (h) => itemNode(ctx, h.repo, h.issue), {
        issueCount: hits.length,
        codeCount: 0,
        discussionCount: 0,
        repositoryCount: 0,
        userCount: 0,
        wikiCount: 0,
      });
    },
    rateLimit: () => ({
      cost: ctx.cost,
      limit: ctx.rateLimit.limit,
      remaining: ctx.rateLimit.remaining,
      used: ctx.rateLimit.used,
      resetAt: new Date(ctx.rateLimit.reset * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      nodeCount: ctx.nodeCount,
    }),
    node: (args: Args) => findNode(ctx, String(args.id)),
    nodes: (args: Args) => (args.ids as string[]).map((id) => findNode(ctx, id)),
    viewer: () => actorNode(ctx, ctx.viewer),
    // Mutations share the root object: graphql-js resolves the mutation type's fields from it too.
    ...mutationRoot(ctx),
    user: (args: Args) => {
      const login = String(args.login);
      if (login.toLowerCase() === state.org.toLowerCase()) return null;
      return actorNode(ctx, login);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// History: timelineItems and its events

/** GitHub's GraphQL type for each REST event name. */
const EVENT_TYPENAME: Record<SimEventKind, string> = {
  labeled: "LabeledEvent",
  unlabeled: "UnlabeledEvent",
  closed: "ClosedEvent",
  reopened: "ReopenedEvent",
  merged: "MergedEvent",
  milestoned: "MilestonedEvent",
  demilestoned: "DemilestonedEvent",
  renamed: "RenamedTitleEvent",
  assigned: "AssignedEvent",
  unassigned: "UnassignedEvent",
  sub_issue_added: "SubIssueAddedEvent",
  sub_issue_removed: "SubIssueRemovedEvent",
  parent_issue_added: "ParentIssueAddedEvent",
  parent_issue_removed: "ParentIssueRemovedEvent",
  transferred: "TransferredEvent",
};

/** `LabeledEvent` → `LABELED_EVENT`, `IssueComment` → `ISSUE_COMMENT`: the itemTypes spelling. */
function itemTypeOf(typename: string): string {
  return typename.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

function stateReasonValue(
  reason: SimIssue["state_reason"] | undefined,
  enableDuplicate = true,
): string | null {
  if (!reason) return null;
  if (reason === "duplicate" && !enableDuplicate) return "NOT_PLANNED";
  return reason.toUpperCase();
}

/**
 * The label an event names, as it was then: GitHub's event keeps its label, and the simulator
 * shows the name it had when applied (as REST does), so an old event of a renamed label carries
 * the old name; the id is the live label's where there is one.
 */
function eventLabelNode(ctx: ResolverContext, repo: SimRepo, e: SimEvent): Resolved {
  const live = e.label?.id == null ? undefined : repo.labels.find((l) => l.id === e.label?.id);
  const name = e.label?.name ?? "";
  return {
    ...(live ? labelNode(ctx, repo, live) : {}),
    __typename: "Label",
    id: live?.node_id ?? makeNodeId(NODE_PREFIX.label, e.id),
    name,
    color: e.label?.color ?? "ededed",
    url: urlOf(ctx, ctx.state.org, repo.name, "labels", name),
    resourcePath: `/${ctx.state.org}/${repo.name}/labels/${encodeURIComponent(name)}`,
  };
}

function eventNode(ctx: ResolverContext, repo: SimRepo, issue: SimIssue, e: SimEvent): Resolved {
  const typename = EVENT_TYPENAME[e.event];
  const item = () => itemNode(ctx, repo, issue);
  const other = () => (e.other_issue_id === undefined ? null : nodeById(ctx, e.other_issue_id));
  const itemUrl = urlOf(
    ctx,
    ctx.state.org,
    repo.name,
    issue.pull_request ? "pull" : "issues",
    String(issue.number),
  );
  const node: Resolved = {
    __typename: typename,
    id: e.node_id,
    actor: () => actorNode(ctx, e.actor),
    createdAt: e.created_at,
  };
  switch (e.event) {
    case "labeled":
    case "unlabeled":
      node.label = () => eventLabelNode(ctx, repo, e);
      node.labelable = item;
      break;
    case "closed":
      node.closable = item;
      node.closer = null;
      node.stateReason = stateReasonValue(e.state_reason);
      node.url = `${itemUrl}#event-${e.id}`;
      node.resourcePath = `${itemUrl.slice(ctx.htmlUrl.length)}#event-${e.id}`;
      break;
    case "reopened":
      node.closable = item;
      node.stateReason = issue.pull_request ? null : "REOPENED";
      break;
    case "merged":
      node.pullRequest = item;
      node.mergeRefName = "main";
      node.url = `${itemUrl}#event-${e.id}`;
      node.resourcePath = `${itemUrl.slice(ctx.htmlUrl.length)}#event-${e.id}`;
      break;
    case "milestoned":
    case "demilestoned":
      node.milestoneTitle = e.milestone?.title ?? "";
      node.subject = item;
      break;
    case "renamed":
      node.previousTitle = e.rename?.from ?? "";
      node.currentTitle = e.rename?.to ?? "";
      node.subject = item;
      break;
    case "assigned":
    case "unassigned":
      node.assignee = () => actorNode(ctx, e.assignee ?? "");
      node.assignable = item;
      break;
    case "sub_issue_added":
    case "sub_issue_removed":
      node.subIssue = other;
      break;
    case "parent_issue_added":
    case "parent_issue_removed":
      node.parent = other;
      break;
    case "transferred": {
      node.issue = item;
      node.fromRepository = () => {
        const from = findRepo(ctx.state, e.from_repo ?? "");
        return from ? repoNode(ctx, from) : null;
      };
      break;
    }
  }
  return node;
}

/**
 * `timelineItems(first/last, after/before, since, skip, itemTypes)`: the events and comments,
 * oldest first. `totalCount` counts what `since` and `itemTypes` keep, `filteredCount` what the
 * cursors keep, `pageCount` what the page holds (GitHub's definitions).
 */
function timelineItems(ctx: ResolverContext, repo: SimRepo, issue: SimIssue, args: Args): Args {
  type Item = { at: string; order: number; typename: string; node: () => Resolved };
  let items: Item[] = [
    ...issue.events.map((e) => ({
      at: e.created_at,
      order: e.id,
      typename: EVENT_TYPENAME[e.event],
      node: () => eventNode(ctx, repo, issue, e),
    })),
    ...issue.comments.map((c) => ({
      at: c.created_at,
      order: c.id,
      typename: "IssueComment",
      node: () => commentNode(ctx, repo, issue, c),
    })),
  ];
  items.sort((a, b) => time(a.at) - time(b.at) || a.order - b.order);
  if (typeof args.since === "string") {
    const since = Date.parse(args.since);
    items = items.filter((i) => Date.parse(i.at) >= since);
  }
  if (Array.isArray(args.itemTypes)) {
    const wanted = new Set(args.itemTypes as string[]);
    items = items.filter((i) => wanted.has(itemTypeOf(i.typename)));
  }
  let start = 0;
  let end = items.length;
  if (typeof args.after === "string") start = Math.min(end, decodeCursor(args.after, "after"));
  if (typeof args.before === "string")
    end = Math.max(start, Math.min(end, decodeCursor(args.before, "before") - 1));
  const filteredCount = end - start;
  if (typeof args.skip === "number") start = Math.min(end, start + args.skip);
  const page = paginate(
    items.slice(0, end),
    { ...args, after: start > 0 ? encodeCursor(start) : undefined, before: undefined, skip: undefined },
    (i) => i.node(),
  );
  const last = issue.events.at(-1)?.created_at ?? issue.updated_at;
  return {
    ...page,
    totalCount: items.length,
    filteredCount,
    pageCount: (page.nodes as unknown[]).length,
    updatedAt: Date.parse(last) > Date.parse(issue.updated_at) ? last : issue.updated_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** An issue or pull request by global node id; NOT_FOUND naming the argument otherwise. */
function itemByNodeId(
  ctx: ResolverContext,
  id: unknown,
  argument: string,
): { repo: SimRepo; issue: SimIssue } {
  for (const repo of ctx.state.repos) {
    const issue = repo.issues.find((i) => i.node_id === id);
    if (issue) return { repo, issue };
  }
  throw new GithubGraphqlError(
    "NOT_FOUND",
    `Could not resolve to a node with the global id of '${String(id)}' (${argument}).`,
  );
}

/** `https://github.com/OWNER/REPO/issues/N` → the issue, refusing other owners as GitHub does. */
function itemByUrl(ctx: ResolverContext, url: string): { repo: SimRepo; issue: SimIssue } {
  const m = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/(?:issues|pull)\/(\d+)\/?$/.exec(url);
  if (!m) throw new GithubGraphqlError("UNPROCESSABLE", `subIssueUrl '${url}' is not an issue URL.`);
  const found = resolveIssueRef(ctx.state, `${m[1]}/${m[2]}#${m[3]}`);
  if ("error" in found) throw new GithubGraphqlError("UNPROCESSABLE", `subIssueUrl: ${found.error}.`);
  return found;
}

function mutationRoot(ctx: ResolverContext): Args {
  const input = (args: Args): Args => (args.input ?? {}) as Args;
  const payload = (args: Args, fields: Args): Args => ({
    clientMutationId: input(args).clientMutationId ?? null,
    ...fields,
  });
  return {
    addSubIssue: (args: Args) => {
      const i = input(args);
      const parent = itemByNodeId(ctx, i.issueId, "issueId");
      if (i.subIssueId == null && i.subIssueUrl == null) {
        throw new GithubGraphqlError("UNPROCESSABLE", "Either subIssueId or subIssueUrl must be given.");
      }
      const child =
        i.subIssueId != null
          ? itemByNodeId(ctx, i.subIssueId, "subIssueId")
          : itemByUrl(ctx, String(i.subIssueUrl));
      const linked = linkSubIssue(ctx.state, parent.issue, child.issue, i.replaceParent === true);
      if (!linked.ok) throw new GithubGraphqlError("UNPROCESSABLE", linked.message);
      return payload(args, {
        issue: itemNode(ctx, parent.repo, parent.issue),
        subIssue: itemNode(ctx, child.repo, child.issue),
      });
    },
    removeSubIssue: (args: Args) => {
      const i = input(args);
      const parent = itemByNodeId(ctx, i.issueId, "issueId");
      const child = itemByNodeId(ctx, i.subIssueId, "subIssueId");
      if (!unlinkSubIssue(ctx.state, parent.issue, child.issue)) {
        throw new GithubGraphqlError("UNPROCESSABLE", "The issue is not a sub-issue of this parent.");
      }
      return payload(args, {
        issue: itemNode(ctx, parent.repo, parent.issue),
        subIssue: itemNode(ctx, child.repo, child.issue),
      });
    },
    reprioritizeSubIssue: (args: Args) => {
      const i = input(args);
      const parent = itemByNodeId(ctx, i.issueId, "issueId");
      const child = itemByNodeId(ctx, i.subIssueId, "subIssueId");
      const sibling = (key: string) => (i[key] == null ? undefined : itemByNodeId(ctx, i[key], key).issue.id);
      const problem = reprioritizeSubIssue(parent.issue, child.issue.id, {
        afterId: sibling("afterId"),
        beforeId: sibling("beforeId"),
      });
      if (problem) throw new GithubGraphqlError("UNPROCESSABLE", `${problem}.`);
      return payload(args, { issue: itemNode(ctx, parent.repo, parent.issue) });
    },
  };
}

/** `node(id:)`: the object with that global id, resolved to its concrete type through `__typename`. */
function findNode(ctx: ResolverContext, id: string): Resolved {
  for (const repo of ctx.state.repos) {
    if (repo.node_id === id) return repoNode(ctx, repo);
    const label = repo.labels.find((l) => l.node_id === id);
    if (label) return labelNode(ctx, repo, label);
    const milestone = repo.milestones.find((m) => m.node_id === id);
    if (milestone) return milestoneNode(ctx, repo, milestone);
    for (const issue of repo.issues) {
      if (issue.node_id === id) return itemNode(ctx, repo, issue);
      const comment = issue.comments.find((c) => c.node_id === id);
      if (comment) return commentNode(ctx, repo, issue, comment);
    }
  }
  throw new GithubGraphqlError("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
}

/** GitHub's error shape: `type`, `path`, `locations`, `message` (no `extensions`). */
export function formatExecutionError(error: GraphQLError): Args {
  const original = error.originalError;
  const out: Args = {};
  if (original instanceof GithubGraphqlError) out.type = original.type;
  if (error.path) out.path = error.path;
  if (error.locations) out.locations = error.locations;
  out.message = error.message;
  return out;
}
