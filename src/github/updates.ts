/**
 * Fetching what `report` needs beyond the planning overview: the issues of every org repository
 * updated since the window's start, with their recent comments, and the pm repository's milestone
 * tracking issues.
 *
 * Why GraphQL — measured against the simulator on the demo organisation (20 repositories, week of
 * 2023-11-20): this module sends ONE document (plus the planning overview `status` also uses), where
 * the REST route (`GET /orgs/{org}/repos`, then per repository `issues?since=&state=all` — pull
 * requests included, to be filtered out — and `issues/comments?since=`) took 41 requests, and grows
 * by two per repository every week, quiet or not. `repository.issues(filterBy: { since })` returns
 * only issues updated since the date (a new comment bumps `updatedAt`, so every issue with an
 * update in the window is there), never pull requests, each with its newest comments. GitHub
 * charges that document about 41 rate-limit points (nested connections are priced per parent
 * item), the same order as the REST requests, but in one round trip instead of 41.
 *
 * Follow-up documents are sent only for what did not fit: a repository with more than 100 updated
 * issues (next page of `issues`), and an issue whose newest COMMENTS_PER_ISSUE comments all fall
 * inside the window (older comments paged backwards with `before:` until one predates the window).
 * So the cost grows with the issues and comments in the window, never with the org's history.
 */
import { TRACKING_LABEL } from "../model/epics.js";
import type { IssueComment, TrackingIssue, UpdatedIssue } from "../model/work.js";
import type { GitHubClient } from "./client.js";
import { claimsMoreWithoutCursor, nextCursor, previousCursor } from "./pagination.js";
import { inParallel } from "./parallel.js";
import { type SearchPiece, searchAll } from "./search.js";

export type GraphqlClient = Pick<GitHubClient, "graphql">;

export interface UpdatesFetch {
  issues: UpdatedIssue[];
  trackingIssues: TrackingIssue[];
  warnings: string[];
}

const PAGE = 100;
/**
 * Newest comments read with each issue. Most issues updated in a week have a handful; a larger
 * number only makes every document heavier. Older in-window comments are paged in follow-ups.
 */
const COMMENTS_PER_ISSUE = 30;
const LABELS_PER_ISSUE = 50;
/**
 * `issues` connections per document. GitHub refuses a document that may touch more than 500,000
 * nodes: one connection may touch 100 × (1 + 50 labels + 30 comments) = 8,200 nodes, so 30 of them
 * stay near 250,000, and a waku-org-sized organisation (18 repositories) fits in one document.
 */
const ISSUE_CONNECTIONS_PER_DOCUMENT = 30;
/** Backward comment pages per follow-up document (100 nodes each). */
const COMMENT_CONNECTIONS_PER_DOCUMENT = 50;

interface PageInfo {
  hasNextPage?: boolean;
  endCursor?: string | null;
  hasPreviousPage?: boolean;
  startCursor?: string | null;
}

interface RawComment {
  author: { login: string } | null;
  body: string;
  createdAt: string;
  url: string;
}

interface RawComments {
  pageInfo: PageInfo;
  nodes: (RawComment | null)[];
}

interface RawIssue {
  number: number;
  title: string;
  url: string;
  state: "OPEN" | "CLOSED";
  labels: { totalCount: number; nodes: ({ name: string } | null)[] } | null;
  comments: RawComments;
  milestone?: { number: number } | null;
}

interface RawIssues {
  pageInfo: PageInfo;
  nodes: (RawIssue | null)[];
}

type Pending =
  | { kind: "issues"; repo: string; cursor: string | null }
  | { kind: "tracking"; repo: string; cursor: string | null }
  | { kind: "comments"; repo: string; number: number; before: string; pullRequest?: boolean };

function literal(value: string): string {
  return JSON.stringify(value);
}

const COMMENT_FIELDS =
  "pageInfo { hasPreviousPage startCursor } nodes { author { login } body createdAt url }";
const LABEL_FIELDS = `labels(first: ${LABELS_PER_ISSUE}) { totalCount nodes { name } }`;

function field(p: Pending, index: number): string {
  switch (p.kind) {
    case "issues":
      return `i${index}: issues(first: ${PAGE}, filterBy: { since: $since }, states: [OPEN, CLOSED]${p.cursor ? `, after: ${literal(p.cursor)}` : ""}) {
        pageInfo { hasNextPage endCursor }
        nodes { number title url state ${LABEL_FIELDS}
          comments(last: ${COMMENTS_PER_ISSUE}) { ${COMMENT_FIELDS} } } }`;
    case "tracking":
      return `t${index}: issues(first: ${PAGE}, labels: [${literal(TRACKING_LABEL)}], states: [OPEN, CLOSED]${p.cursor ? `, after: ${literal(p.cursor)}` : ""}) {
        pageInfo { hasNextPage endCursor }
        nodes { number title url state ${LABEL_FIELDS} milestone { number } } }`;
    case "comments":
      return `c${index}: ${p.pullRequest ? "pullRequest" : "issue"}(number: ${p.number}) {
        comments(last: ${PAGE}, before: ${literal(p.before)}) { ${COMMENT_FIELDS} } }`;
  }
}

function weight(p: Pending): number {
  return p.kind === "comments" ? 1 / COMMENT_CONNECTIONS_PER_DOCUMENT : 1 / ISSUE_CONNECTIONS_PER_DOCUMENT;
}

/** Packs pending connections into aliased documents under the node budget. */
function buildDocuments(pending: Pending[]): { query: string; slots: Map<string, Pending> }[] {
  const documents: { query: string; slots: Map<string, Pending> }[] = [];
  let batch: Pending[] = [];
  let load = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const byRepo = new Map<string, Pending[]>();
    for (const p of batch) byRepo.set(p.repo, [...(byRepo.get(p.repo) ?? []), p]);
    const slots = new Map<string, Pending>();
    const parts: string[] = [];
    let n = 0;
    let r = 0;
    for (const [repo, items] of byRepo) {
      const alias = `r${r++}`;
      const fields = items.map((p) => {
        const index = n++;
        slots.set(`${alias}.${index}`, p);
        return field(p, index);
      });
      parts.push(`${alias}: repository(owner: $org, name: ${literal(repo)}) {\n${fields.join("\n")}\n}`);
    }
    // GraphQL refuses a declared variable the document does not use.
    const usesSince = batch.some((p) => p.kind === "issues");
    const declarations = usesSince ? "$org: String!, $since: DateTime!" : "$org: String!";
    documents.push({
      query: `query ReportUpdates(${declarations}) {\n${parts.join("\n")}\nrateLimit { cost }\n}`,
      slots,
    });
    batch = [];
    load = 0;
  };
  for (const p of pending) {
    if (load + weight(p) > 1 + 1e-9) flush();
    batch.push(p);
    load += weight(p);
  }
  flush();
  return documents;
}

function toState(state: string): "open" | "closed" {
  return state === "OPEN" ? "open" : "closed";
}

/** A milestone tracking issue as either read (per repository, or by search) gives it. */
function toTrackingIssue(
  raw: Pick<RawIssue, "number" | "title" | "url" | "labels" | "milestone"> & { state: string },
): TrackingIssue {
  return {
    number: raw.number,
    title: raw.title,
    url: raw.url,
    state: toState(raw.state),
    labels: labelNames(raw),
    milestone: raw.milestone?.number ?? null,
  };
}

function toComment(raw: RawComment): IssueComment {
  return { author: raw.author?.login ?? "ghost", body: raw.body, createdAt: raw.createdAt, url: raw.url };
}

function labelNames(raw: Pick<RawIssue, "labels">): string[] {
  return (raw.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : []));
}

type Answer = Record<string, Record<string, unknown> | null>;

/**
 * The previous design, kept for `fresh` reads and for comparison: issues (not pull requests) of
 * `repositories` updated since `since`, read per repository (`issues(filterBy: { since })`, ~2
 * points per repository), each with every comment created since then, plus the tracking issues
 * of `pmRepo`.
 */
export async function fetchUpdatedIssuesPerRepository(
  client: GraphqlClient,
  options: { org: string; pmRepo: string; repositories: string[]; since: Date; concurrency?: number },
): Promise<UpdatesFetch> {
  const { org } = options;
  const since = options.since.toISOString();
  const sinceMs = options.since.getTime();
  const result: UpdatesFetch = { issues: [], trackingIssues: [], warnings: [] };
  const issueByKey = new Map<string, UpdatedIssue>();
  const seenTracking = new Set<number>();
  // Cursors already followed: GitHub repeating one would otherwise page forever.
  const seenCursors = new Set<string>();

  /** Keeps in-window comments; says whether older in-window ones may still be unread. */
  const absorb = (issue: UpdatedIssue, comments: RawComments, repo: string): Pending | undefined => {
    const nodes = comments.nodes.flatMap((c) => (c ? [toComment(c)] : []));
    const fresh = nodes.filter((c) => Date.parse(c.createdAt) >= sinceMs);
    issue.comments.unshift(...fresh);
    const oldest = nodes[0];
    if (comments.pageInfo.hasPreviousPage && oldest && Date.parse(oldest.createdAt) >= sinceMs) {
      const before = previousCursor(comments, seenCursors, `${org}/${repo}#${issue.number} comments`);
      if (before) return { kind: "comments", repo, number: issue.number, before };
      result.warnings.push(
        `${org}/${repo}#${issue.number}: GitHub said there were older comments but gave no cursor; some updates may be missing`,
      );
    }
    return undefined;
  };

  let pending: Pending[] = [
    { kind: "tracking", repo: options.pmRepo, cursor: null },
    ...options.repositories.map((repo) => ({ kind: "issues" as const, repo, cursor: null })),
  ];
  while (pending.length > 0) {
    const following: Pending[] = [];
    const documents = buildDocuments(pending);
    const answers = await inParallel(documents, options.concurrency, (doc) =>
      client.graphql<Answer>(doc.query, { org, since }),
    );
    for (const [d, doc] of documents.entries()) {
      const answer = answers[d] ?? {};
      for (const [slot, p] of doc.slots) {
        const [alias = "", index = ""] = slot.split(".");
        const repository = answer[alias];
        if (!repository) {
          result.warnings.push(
            `repository ${org}/${p.repo} could not be read (deleted or renamed?); its updates are missing`,
          );
          continue;
        }
        if (p.kind === "comments") {
          const issue = issueByKey.get(`${p.repo}#${p.number}`);
          const raw = repository[`c${index}`] as { comments: RawComments } | null | undefined;
          if (!issue || !raw) continue;
          const more = absorb(issue, raw.comments, p.repo);
          if (more) following.push(more);
          continue;
        }
        const conn = repository[`${p.kind === "issues" ? "i" : "t"}${index}`] as RawIssues | undefined;
        if (!conn) continue;
        for (const raw of conn.nodes) {
          if (!raw) continue;
          if (raw.labels && raw.labels.totalCount > LABELS_PER_ISSUE) {
            result.warnings.push(
              `${org}/${p.repo}#${raw.number} has ${raw.labels.totalCount} labels; only the first ${LABELS_PER_ISSUE} were read, so its epic or category may be wrong`,
            );
          }
          if (p.kind === "tracking") {
            if (seenTracking.has(raw.number)) continue;
            seenTracking.add(raw.number);
            result.trackingIssues.push(toTrackingIssue(raw));
            continue;
          }
          const key = `${p.repo}#${raw.number}`;
          // An issue updated while we page can move between pages: keep the first copy.
          if (issueByKey.has(key)) continue;
          const issue: UpdatedIssue = {
            repo: p.repo,
            number: raw.number,
            title: raw.title,
            url: raw.url,
            state: toState(raw.state),
            labels: labelNames(raw),
            comments: [],
          };
          issueByKey.set(key, issue);
          result.issues.push(issue);
          const more = absorb(issue, raw.comments, p.repo);
          if (more) following.push(more);
        }
        const cursor = nextCursor(conn, seenCursors, `${org}/${p.repo} ${p.kind}`);
        if (cursor) following.push({ ...p, cursor });
        else if (claimsMoreWithoutCursor(conn)) {
          result.warnings.push(`${org}/${p.repo}: GitHub said there were more issues but gave no cursor`);
        }
      }
    }
    pending = following;
  }
  return result;
}

interface SearchIssue extends Omit<RawIssue, "state"> {
  __typename: "Issue" | "PullRequest";
  /** A merged pull request is closed work. */
  state: "OPEN" | "CLOSED" | "MERGED";
  repository: { name: string };
}

const SEARCH_ITEM_FIELDS = `__typename number title url state ${LABEL_FIELDS} milestone { number }
  comments(last: ${COMMENTS_PER_ISSUE}) { ${COMMENT_FIELDS} } repository { name }`;

/**
 * Issues AND pull requests updated since `since` anywhere in the organisation (or only in
 * `repositories`), each with every comment created since then, plus the tracking issues of
 * `pmRepo`, by GraphQL search (search.ts): `org:ORG is:issue updated:>=SINCE`, the same with
 * `is:pr`, and `repo:ORG/PM is:issue label:"milestone"` (search's `label:` ignores case). One
 * count document, then pages sized to the counts in 1-point documents, several in flight; a
 * window with over 1,000 updates is split into `updated:` ranges. So the cost follows the
 * updates (about 1 point per 74), never the repositories. Pull requests come back with
 * `pullRequest: true`: weekly updates belong on issues, and `report` warns about those posted on
 * pull requests. Older in-window comments are read in follow-ups, as before.
 *
 * `repositories` is optional: without it nothing depends on the repository list, so this can
 * run beside the planning overview. `fresh: true` reads per repository
 * (`fetchUpdatedIssuesPerRepository`, which needs `repositories` and skips pull requests).
 */
export async function fetchUpdatedIssues(
  client: GraphqlClient,
  options: {
    org: string;
    pmRepo: string;
    repositories?: string[];
    since: Date;
    fresh?: boolean;
    concurrency?: number;
  },
): Promise<UpdatesFetch> {
  const { org } = options;
  if (options.fresh) {
    return fetchUpdatedIssuesPerRepository(client, {
      ...options,
      repositories: options.repositories ?? [],
    });
  }
  const sinceMs = options.since.getTime();
  const result: UpdatesFetch = { issues: [], trackingIssues: [], warnings: [] };
  // Search compares whole seconds: start at the window's second, keep only what is inside it.
  const from = Math.floor(sinceMs / 1000) * 1000;
  const pieces: SearchPiece[] = [
    { scope: `repo:${org}/${options.pmRepo}`, kind: "issue", labels: [TRACKING_LABEL] },
    { scope: `org:${org}`, kind: "issue", labels: [], range: { field: "updated", from, to: null } },
    { scope: `org:${org}`, kind: "pr", labels: [], range: { field: "updated", from, to: null } },
  ];
  const read = await searchAll<SearchIssue>(client, pieces, {
    dateField: "updated",
    fields: {
      issue: `... on Issue { ${SEARCH_ITEM_FIELDS} }`,
      pr: `... on PullRequest { ${SEARCH_ITEM_FIELDS} }`,
    },
    nestedConnections: 2,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  result.warnings.push(...read.warnings);
  const [tracking = [], ...updated] = read.results;

  const seenTracking = new Set<number>();
  for (const raw of tracking) {
    if (raw.number === undefined || seenTracking.has(raw.number)) continue;
    seenTracking.add(raw.number);
    result.trackingIssues.push(toTrackingIssue(raw));
  }
  result.trackingIssues.sort((a, b) => a.number - b.number);

  // The repositories asked about, spelt as given; without a list, every repository.
  const wanted = options.repositories
    ? new Map(options.repositories.map((name) => [name.toLowerCase(), name]))
    : undefined;
  const issueByKey = new Map<string, UpdatedIssue>();
  const seenCursors = new Set<string>();
  let pending: Pending[] = [];
  const absorb = (issue: UpdatedIssue, comments: RawComments): void => {
    const nodes = comments.nodes.flatMap((c) => (c ? [toComment(c)] : []));
    issue.comments.unshift(...nodes.filter((c) => Date.parse(c.createdAt) >= sinceMs));
    const oldest = nodes[0];
    if (comments.pageInfo.hasPreviousPage && oldest && Date.parse(oldest.createdAt) >= sinceMs) {
      const where = `${org}/${issue.repo}#${issue.number} comments`;
      const before = previousCursor(comments, seenCursors, where);
      if (before) {
        pending.push({
          kind: "comments",
          repo: issue.repo,
          number: issue.number,
          before,
          ...(issue.pullRequest ? { pullRequest: true } : {}),
        });
      } else {
        result.warnings.push(
          `${org}/${issue.repo}#${issue.number}: GitHub said there were older comments but gave no cursor; some updates may be missing`,
        );
      }
    }
  };
  for (const raw of updated.flat()) {
    if (raw.number === undefined || !raw.repository) continue;
    const repo = wanted ? wanted.get(raw.repository.name.toLowerCase()) : raw.repository.name;
    if (repo === undefined) continue;
    const key = `${repo.toLowerCase()}#${raw.number}`;
    // A result can come twice (an issue updated while the window was read in parts).
    if (issueByKey.has(key)) continue;
    if (raw.labels && raw.labels.totalCount > LABELS_PER_ISSUE) {
      result.warnings.push(
        `${org}/${repo}#${raw.number} has ${raw.labels.totalCount} labels; only the first ${LABELS_PER_ISSUE} were read, so its epic or category may be wrong`,
      );
    }
    const issue: UpdatedIssue = {
      repo,
      number: raw.number,
      title: raw.title,
      url: raw.url,
      state: toState(raw.state),
      labels: labelNames(raw),
      ...(raw.__typename === "PullRequest" ? { pullRequest: true } : {}),
      comments: [],
    };
    issueByKey.set(key, issue);
    result.issues.push(issue);
    absorb(issue, raw.comments);
  }
  // Older in-window comments: backward pages of the issues whose newest comments were all new.
  while (pending.length > 0) {
    const documents = buildDocuments(pending);
    pending = [];
    const answers = await inParallel(documents, options.concurrency, (doc) =>
      client.graphql<Answer>(doc.query, { org }),
    );
    for (const [d, doc] of documents.entries()) {
      const answer = answers[d] ?? {};
      for (const [slot, p] of doc.slots) {
        if (p.kind !== "comments") continue;
        const [alias = "", index = ""] = slot.split(".");
        const raw = answer[alias]?.[`c${index}`] as { comments: RawComments } | null | undefined;
        const issue = issueByKey.get(`${p.repo.toLowerCase()}#${p.number}`);
        if (!raw || !issue) {
          result.warnings.push(
            `${org}/${p.repo}#${p.number} could not be read again for its older comments (deleted or moved?); some updates may be missing`,
          );
          continue;
        }
        absorb(issue, raw.comments);
      }
    }
  }
  // Repository, then number: the order the per-repository read gave.
  const order = options.repositories?.map((r) => r.toLowerCase());
  const rank = (repo: string): number => {
    const i = order?.indexOf(repo.toLowerCase()) ?? -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  result.issues.sort(
    (a, b) =>
      rank(a.repo) - rank(b.repo) ||
      a.repo.toLowerCase().localeCompare(b.repo.toLowerCase(), "en") ||
      a.number - b.number,
  );
  return result;
}
