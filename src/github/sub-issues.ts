/**
 * Reading epics whose tasks are GitHub sub-issues (docs/spec/time-and-hierarchy.md, "Epic membership"), and
 * the few facts `link-tasks` needs before it writes.
 *
 * `fetchSubIssueTasks` walks every epic's sub-issue tree breadth first with aliased GraphQL
 * documents. Each "request" in a document is one parent (an epic, or a group found earlier) with
 * its `subIssues(first: 100)` and, one level down, a short look-ahead `subIssues(first: k)`, so
 * the common shapes (flat lists, and groups of a few tasks) arrive in the first document. Only
 * what did not fit (a group with more than k sub-issues, a group two levels down, a parent with
 * more than 100) is asked for again, all of it together in the next document.
 *
 * Economy (GitHub's rules, which the simulator enforces: src/simulator/graphql-analysis.ts):
 * - node limit: a request for n sub-issues may touch n·w·(1+k) nodes, w = 1 + labels + assignees
 *   read per task (31), k the look-ahead (3); requests are packed into documents under
 *   NODE_BUDGET (a tenth below GitHub's 500,000);
 * - points: a connection costs once per parent that may reach it, times the page size, so the
 *   look-ahead's labels and assignees dominate and k stays small; a follow-up asks for exactly the
 *   sub-issues GitHub said remain, not a page of 100.
 * Measured (tests/sub-issues/fetch.test.ts): 13 epics × 100 sub-issues with groups nested three
 * levels cost 2 documents, 117 + 13 points, 161,200 nodes at most; a flat milestone costs one.
 *
 * Nothing is dropped silently: a list GitHub cut (labels, assignees), an unreadable sub-issue, a
 * tree deeper than GitHub allows and a sub-issue outside the organisation each become a warning.
 */
import type { IssueRef, Task } from "../model/work.js";
import { issueKey } from "../model/work.js";
import type { GitHubClient } from "./client.js";

export type GraphqlClient = Pick<GitHubClient, "graphql">;

/** Labels and assignees read per sub-issue; more is reported, never dropped silently. */
export const SUB_ISSUE_LABELS = 20;
export const SUB_ISSUE_ASSIGNEES = 10;
/** GitHub's page size and its limit of sub-issues per parent. */
const PAGE = 100;
/** The look-ahead one level below each parent (see the header: points, not nodes, cap it). */
export const LOOKAHEAD = 3;
/** A tenth below GitHub's 500,000-node ceiling: the formula is GitHub's, the headroom is ours. */
export const NODE_BUDGET = 450_000;
/** GitHub allows 8 levels of sub-issues; a longer chain means the answers are not GitHub's. */
const MAX_LEVELS = 8;

/** Nodes one task costs in a connection: itself, its labels and its assignees. */
const TASK_WEIGHT = 1 + SUB_ISSUE_LABELS + SUB_ISSUE_ASSIGNEES;

export interface SubIssueFetch {
  tasks: Task[];
  warnings: string[];
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface RawSubIssue {
  number: number;
  title: string;
  url: string;
  state: "OPEN" | "CLOSED";
  stateReason: "COMPLETED" | "NOT_PLANNED" | "DUPLICATE" | "REOPENED" | null;
  repository: { nameWithOwner: string };
  labels: { totalCount: number; nodes: ({ name: string } | null)[] } | null;
  assignees: { totalCount: number; nodes: ({ login: string } | null)[] };
  subIssuesSummary: { total: number } | null;
  /** Present on the first level of a request (the look-ahead). */
  subIssues?: RawSubIssues;
}

interface RawSubIssues {
  totalCount: number;
  pageInfo: PageInfo;
  nodes: (RawSubIssue | null)[];
}

/** One parent whose sub-issues are still to be read. */
interface Pending {
  parent: IssueRef;
  /** The chain from the epic down to and including `parent` (the children's `ancestors`). */
  chain: IssueRef[];
  cursor: string | null;
  /**
   * How many sub-issues are known to remain (GitHub said how many the parent has): the page asks
   * for exactly that many, because GitHub's cost multiplies by the page size. Unknown for epics.
   */
  remaining?: number;
}

/** A string as a GraphQL literal: JSON string syntax is valid GraphQL string syntax. */
function literal(value: string): string {
  return JSON.stringify(value);
}

function taskFields(inner: string): string {
  return `number title url state stateReason repository { nameWithOwner }
    labels(first: ${SUB_ISSUE_LABELS}) { totalCount nodes { name } }
    assignees(first: ${SUB_ISSUE_ASSIGNEES}) { totalCount nodes { login } }
    subIssuesSummary { total }${inner}`;
}

function subIssuesField(first: number, cursor: string | null, inner: string): string {
  const after = cursor ? `, after: ${literal(cursor)}` : "";
  return `subIssues(first: ${first}${after}) { totalCount pageInfo { hasNextPage endCursor } nodes { ${taskFields(inner)} } }`;
}

/** How many sub-issues a request asks for: what is known to remain, else a full page. */
function pageSize(p: Pending): number {
  return p.remaining === undefined ? PAGE : Math.min(PAGE, Math.max(1, p.remaining));
}

/** The selection for one request: its page and, below each of its sub-issues, the look-ahead. */
function requestSelection(p: Pending): string {
  return subIssuesField(pageSize(p), p.cursor, `\n    ${subIssuesField(LOOKAHEAD, null, "")}`);
}

/** GitHub's node count of a request for `first` sub-issues with the look-ahead (see the header). */
export function requestNodes(first: number): number {
  return first * TASK_WEIGHT * (1 + LOOKAHEAD);
}

function splitRepo(fullName: string): { owner: string; name: string } {
  const slash = fullName.indexOf("/");
  return { owner: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
}

interface Document {
  query: string;
  /** alias of the repository → alias of the issue → request */
  requests: Map<string, Map<string, Pending>>;
}

/** Packs the pending requests into documents under NODE_BUDGET, grouped by repository. */
function buildDocuments(pending: readonly Pending[]): Document[] {
  const chunks: Pending[][] = [];
  let chunk: Pending[] = [];
  let nodes = 0;
  for (const p of pending) {
    const cost = requestNodes(pageSize(p));
    if (chunk.length > 0 && nodes + cost > NODE_BUDGET) {
      chunks.push(chunk);
      chunk = [];
      nodes = 0;
    }
    chunk.push(p);
    nodes += cost;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks.map((list) => {
    const byRepo = new Map<string, Pending[]>();
    for (const p of list) {
      const key = p.parent.repo.toLowerCase();
      byRepo.set(key, [...(byRepo.get(key) ?? []), p]);
    }
    const requests = new Map<string, Map<string, Pending>>();
    const parts: string[] = [];
    for (const group of byRepo.values()) {
      const repoAlias = `r${requests.size}`;
      const issues = new Map<string, Pending>();
      const { owner, name } = splitRepo(group[0]?.parent.repo ?? "");
      const fields = group.map((p, i) => {
        const alias = `i${i}`;
        issues.set(alias, p);
        return `${alias}: issue(number: ${p.parent.number}) { ${requestSelection(p)} }`;
      });
      requests.set(repoAlias, issues);
      parts.push(
        `${repoAlias}: repository(owner: ${literal(owner)}, name: ${literal(name)}) {\n${fields.join("\n")}\n}`,
      );
    }
    return { query: `query SubIssueTasks {\n${parts.join("\n")}\n}`, requests };
  });
}

type Answer = Record<string, Record<string, { subIssues: RawSubIssues } | null> | null>;

function toTask(raw: RawSubIssue, ancestors: IssueRef[]): Task {
  const closed = raw.state !== "OPEN";
  const stateReason = !closed
    ? null
    : raw.stateReason === "NOT_PLANNED"
      ? "not_planned"
      : raw.stateReason === "DUPLICATE"
        ? "duplicate"
        : "completed";
  return {
    repo: raw.repository.nameWithOwner,
    number: raw.number,
    title: raw.title,
    url: raw.url,
    state: closed ? "closed" : "open",
    stateReason,
    // GitHub refuses a pull request as a sub-issue: everything below a parent is an issue.
    pullRequest: false,
    assignees: raw.assignees.nodes.flatMap((a) => (a ? [a.login] : [])),
    labels: (raw.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : [])),
    ancestors,
    subIssues: raw.subIssues?.totalCount ?? raw.subIssuesSummary?.total ?? 0,
  };
}

function describe(ref: IssueRef): string {
  return `${ref.repo}#${ref.number}`;
}

/**
 * Every sub-issue of the given epics and theirs in turn, to any depth, in any repository.
 * Each task carries `ancestors` (the epic first, then each parent down to its own) and `subIssues`
 * (its own count: more than 0 makes it a group, which the membership rule shows but never counts).
 * An issue found under two epics (an epic that is itself a sub-issue of another) is returned once,
 * with the longer chain, which contains the shorter one.
 */
export async function fetchSubIssueTasks(
  client: GraphqlClient,
  options: { org: string; pmRepo: string; epics: readonly { number: number }[] },
): Promise<SubIssueFetch> {
  const { org } = options;
  const pm = `${org}/${options.pmRepo}`;
  const warnings: string[] = [];
  const byKey = new Map<string, Task>();
  const requested = new Set<string>();
  let pending: Pending[] = [];
  const ask = (p: Pending): void => {
    // A cycle cannot exist on GitHub; a repeated request would be one, and is read once.
    const key = `${issueKey(p.parent)}@${p.cursor ?? ""}`;
    if (requested.has(key)) return;
    requested.add(key);
    pending.push(p);
  };
  for (const epic of options.epics) {
    const ref = { repo: pm, number: epic.number };
    ask({ parent: ref, chain: [ref], cursor: null });
  }

  const keep = (raw: RawSubIssue, chain: IssueRef[]): Task => {
    const task = toTask(raw, chain);
    const key = issueKey(task);
    const seen = byKey.get(key);
    if (!seen || (seen.ancestors?.length ?? 0) < chain.length) byKey.set(key, task);
    if (!raw.repository.nameWithOwner.toLowerCase().startsWith(`${org.toLowerCase()}/`)) {
      warnings.push(
        `${describe(task)} (${raw.url}) is a sub-issue of ${describe(chain[chain.length - 1] as IssueRef)} but outside the organisation ${org}: it is counted, but waku-pm cannot label it; move it to ${org} or unlink it`,
      );
    }
    const labels = raw.labels?.totalCount ?? 0;
    if (labels > SUB_ISSUE_LABELS) {
      warnings.push(
        `${describe(task)} has ${labels} labels; only the first ${SUB_ISSUE_LABELS} were read from its sub-issue tree`,
      );
    }
    if (raw.assignees.totalCount > SUB_ISSUE_ASSIGNEES) {
      warnings.push(
        `${describe(task)} has ${raw.assignees.totalCount} assignees; only the first ${SUB_ISSUE_ASSIGNEES} are shown`,
      );
    }
    return task;
  };

  /** Reads a page of sub-issues of `parent`; `more` asks for what the page did not hold. */
  const readPage = (conn: RawSubIssues, parent: IssueRef, chain: IssueRef[], lookahead: boolean): void => {
    const unreadable = conn.nodes.filter((n) => n === null).length;
    if (unreadable > 0) {
      warnings.push(
        `${unreadable} sub-issue${unreadable === 1 ? "" : "s"} of ${describe(parent)} could not be read (the token cannot see ${unreadable === 1 ? "it" : "them"}); not counted`,
      );
    }
    for (const raw of conn.nodes) {
      if (!raw) continue;
      const task = keep(raw, chain);
      const own = task.subIssues ?? 0;
      if (own === 0) continue;
      const childChain = [...chain, { repo: task.repo, number: task.number }];
      if (childChain.length > MAX_LEVELS + 1) {
        warnings.push(
          `${describe(task)} is more than ${MAX_LEVELS} levels below ${describe(chain[0] as IssueRef)}, deeper than GitHub allows: its ${own} sub-issues were not read`,
        );
        continue;
      }
      if (lookahead && raw.subIssues) {
        readPage(raw.subIssues, task, childChain, false);
        const cursor = nextCursor(raw.subIssues, task, warnings);
        const remaining = raw.subIssues.totalCount - raw.subIssues.nodes.length;
        if (cursor) ask({ parent: task, chain: childChain, cursor, remaining });
      } else {
        ask({ parent: task, chain: childChain, cursor: null, remaining: own });
      }
    }
  };

  while (pending.length > 0) {
    const round = pending;
    pending = [];
    for (const doc of buildDocuments(round)) {
      const answer = await client.graphql<Answer>(doc.query);
      for (const [repoAlias, issues] of doc.requests) {
        const repository = answer[repoAlias];
        for (const [issueAlias, request] of issues) {
          const conn = repository?.[issueAlias]?.subIssues;
          if (!conn) {
            warnings.push(
              `${describe(request.parent)} could not be read (deleted, moved, or not visible to the token); its sub-issues are missing`,
            );
            continue;
          }
          readPage(conn, request.parent, request.chain, true);
          const cursor = nextCursor(conn, request.parent, warnings);
          const remaining = (request.remaining ?? conn.totalCount) - conn.nodes.length;
          if (cursor) ask({ ...request, cursor, remaining });
        }
      }
    }
  }
  return { tasks: [...byKey.values()], warnings };
}

function nextCursor(conn: RawSubIssues, parent: IssueRef, warnings: string[]): string | undefined {
  if (!conn.pageInfo.hasNextPage) return undefined;
  if (conn.pageInfo.endCursor) return conn.pageInfo.endCursor;
  // A page that says "more" without a cursor cannot be followed; stopping beats looping forever.
  warnings.push(
    `GitHub said ${describe(parent)} has more sub-issues than it returned (${conn.totalCount}) but gave no cursor: the rest are missing`,
  );
  return undefined;
}

// ---- what link-tasks reads before it writes ------------------------------------------------------

/** What GitHub knows of one issue or pull request that link-tasks may link or label. */
export interface ItemFacts {
  /** The REST `sub_issue_id`: the database id, not the number. */
  databaseId: number;
  pullRequest: boolean;
  /** Its current parent, if any (an issue has at most one). */
  parent: IssueRef | null;
  /** How many sub-issues it has itself (a parent holds at most 100). */
  subIssues: number;
}

export interface LinkFacts {
  /** By `issueKey`; an item GitHub could not find is absent (and warned about). */
  items: Map<string, ItemFacts>;
  /** Per repository ("org/name", lower case): which of the asked labels exist (lower case). */
  labels: Map<string, Set<string>>;
  warnings: string[];
}

/** Items per document: no connections are read, so nodes stay at 0 and each document costs 1 point. */
const FACTS_PER_DOCUMENT = 200;

type FactsAnswer = Record<
  string,
  Record<
    string,
    {
      __typename: "Issue" | "PullRequest";
      databaseId: number;
      parent?: { number: number; repository: { nameWithOwner: string } } | null;
      subIssuesSummary?: { total: number } | null;
    } | null
  > | null
>;

/**
 * For each item (epics included): its database id, whether it is a pull request, its parent and
 * its sub-issue count; and for each repository, which of the given label names exist. Items of one
 * repository share one aliased `repository` field; a document holds FACTS_PER_DOCUMENT items.
 */
export async function fetchLinkFacts(
  client: GraphqlClient,
  options: { items: readonly IssueRef[]; labels?: readonly { repo: string; names: readonly string[] }[] },
): Promise<LinkFacts> {
  const facts: LinkFacts = { items: new Map(), labels: new Map(), warnings: [] };
  type Want = { kind: "item"; ref: IssueRef } | { kind: "label"; repo: string; name: string };
  const seen = new Set<string>();
  const wants: Want[] = [];
  for (const ref of options.items) {
    const key = issueKey(ref);
    if (!seen.has(key)) wants.push({ kind: "item", ref });
    seen.add(key);
  }
  for (const { repo, names } of options.labels ?? []) {
    facts.labels.set(repo.toLowerCase(), facts.labels.get(repo.toLowerCase()) ?? new Set());
    for (const name of names) {
      const key = `${repo.toLowerCase()}:${name.toLowerCase()}`;
      if (!seen.has(key)) wants.push({ kind: "label", repo, name });
      seen.add(key);
    }
  }
  const repoOf = (w: Want) => (w.kind === "item" ? w.ref.repo : w.repo);
  for (let start = 0; start < wants.length; start += FACTS_PER_DOCUMENT) {
    const chunk = wants.slice(start, start + FACTS_PER_DOCUMENT);
    const byRepo = new Map<string, Want[]>();
    for (const w of chunk) {
      const key = repoOf(w).toLowerCase();
      byRepo.set(key, [...(byRepo.get(key) ?? []), w]);
    }
    const aliases = new Map<string, Map<string, Want>>();
    const parts: string[] = [];
    for (const list of byRepo.values()) {
      const repoAlias = `r${aliases.size}`;
      const fields = new Map<string, Want>();
      const { owner, name } = splitRepo(repoOf(list[0] as Want));
      const body = list.map((w, i) => {
        const alias = `${w.kind === "item" ? "i" : "l"}${i}`;
        fields.set(alias, w);
        return w.kind === "item"
          ? `${alias}: issueOrPullRequest(number: ${w.ref.number}) { __typename
              ... on Issue { databaseId parent { number repository { nameWithOwner } } subIssuesSummary { total } }
              ... on PullRequest { databaseId } }`
          : `${alias}: label(name: ${literal(w.name)}) { name }`;
      });
      aliases.set(repoAlias, fields);
      parts.push(
        `${repoAlias}: repository(owner: ${literal(owner)}, name: ${literal(name)}) {\n${body.join("\n")}\n}`,
      );
    }
    const answer = await client.graphql<FactsAnswer>(`query LinkFacts {\n${parts.join("\n")}\n}`);
    for (const [repoAlias, fields] of aliases) {
      const repository = answer[repoAlias];
      for (const [alias, want] of fields) {
        if (want.kind === "label") {
          if (repository?.[alias]) facts.labels.get(want.repo.toLowerCase())?.add(want.name.toLowerCase());
          continue;
        }
        const raw = repository?.[alias];
        if (!raw) {
          facts.warnings.push(
            `${describe(want.ref)} could not be read (deleted, moved, or not visible to the token); it is left alone`,
          );
          continue;
        }
        facts.items.set(issueKey(want.ref), {
          databaseId: raw.databaseId,
          pullRequest: raw.__typename === "PullRequest",
          parent: raw.parent
            ? { repo: raw.parent.repository.nameWithOwner, number: raw.parent.number }
            : null,
          subIssues: raw.subIssuesSummary?.total ?? 0,
        });
      }
    }
  }
  return facts;
}
