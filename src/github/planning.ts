/**
 * Fetching the planning hierarchy (milestones → epics → tasks) with GraphQL.
 *
 * (1) `fetchPlanningOverview`: milestones, epic issues of the pm repository and the org's
 * repository list in one document (`fetchPlanningOverviewAndLabels`: the same document also
 * carries every repository's labels, for `check`).
 * (2) `fetchTasks`: the tasks by GraphQL search over the whole organisation (search.ts): a count
 * document, then pages sized to the counts, so the points follow the tasks, not the repositories
 * (see CONTRIBUTING.md, "How `status` fetches"). `fresh: true`, and any label search cannot
 * express, read per repository instead (`fetchTasksPerRepository`, the previous design: every
 * repository aliased, `issues(labels: [...])` and `pullRequests(labels: [...])`, no index lag,
 * ~4 points per repository).
 *
 * Epics are found by search too (`label:` in search ignores case; the `labels:` argument of a
 * repository's connections has been reported case-sensitive, cli/cli#1819), except with `fresh`.
 *
 * `report` and `check` reuse these functions and types; keep them free of rendering.
 */
import { GitHubError } from "../errors.js";
import { EPIC_MARKER_LABEL } from "../model/epics.js";
import type { Epic, Milestone, PlanningOverview, Task } from "../model/work.js";
import type { GitHubClient } from "./client.js";
import type { Label } from "./labels.js";
import { nextCursor } from "./pagination.js";
import { inParallel } from "./parallel.js";
import {
  collectLabels,
  type OrgLabels,
  type Repo as OrgRepo,
  type RawLabels,
  readLabelPages,
} from "./repos.js";
import { packLabels, queryOf, SEARCH_RESULT_CAP, type SearchPiece, searchAll } from "./search.js";

/** The part of the GitHub client this module needs, so unit tests can hand in a fake. */
export type GraphqlClient = Pick<GitHubClient, "graphql">;

export interface TaskFetch {
  tasks: Task[];
  warnings: string[];
}

/** GitHub's maximum page size for a connection. */
const PAGE = 100;
/** Labels read per task: enough for any real issue; more is reported, never dropped silently. */
const TASK_LABELS = 50;
const TASK_ASSIGNEES = 10;
/**
 * Connections per document. GitHub refuses a document that may touch more than 500,000 nodes;
 * one task connection may touch 100 × (1 + 50 labels + 10 assignees) = 6,100, so 50 of them stay
 * well under (305,000) while a waku-org-sized organisation (18 repositories × 2) fits in one.
 */
const CONNECTIONS_PER_DOCUMENT = 50;

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface Connection<T> {
  totalCount?: number;
  pageInfo: PageInfo;
  nodes: (T | null)[];
}

interface RawMilestone {
  number: number;
  title: string;
  url: string;
  dueOn: string | null;
  state: "OPEN" | "CLOSED";
  description: string | null;
  createdAt?: string;
}

interface RawItem {
  number: number;
  title: string;
  url: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  stateReason?: "COMPLETED" | "NOT_PLANNED" | "DUPLICATE" | "REOPENED" | null;
  labels: { totalCount: number; nodes: ({ name: string } | null)[] } | null;
  assignees: { totalCount: number; nodes: ({ login: string } | null)[] };
  milestone?: { number: number } | null;
}

interface RawRepository {
  name: string;
  isArchived: boolean;
  isFork: boolean;
  labels?: RawLabels | null;
}

/** A string as a GraphQL literal: JSON string syntax is valid GraphQL string syntax. */
function literal(value: string): string {
  return JSON.stringify(value);
}

function after(cursor: string | null): string {
  return cursor ? `, after: ${literal(cursor)}` : "";
}

const ITEM_FIELDS = `number title url state
  labels(first: ${TASK_LABELS}) { totalCount nodes { name } }
  assignees(first: ${TASK_ASSIGNEES}) { totalCount nodes { login } }`;

const PAGE_INFO = "totalCount pageInfo { hasNextPage endCursor }";

function milestonesField(cursor: string | null): string {
  return `milestones(first: ${PAGE}, states: [OPEN, CLOSED], orderBy: { field: NUMBER, direction: ASC }${after(cursor)}) {
      ${PAGE_INFO} nodes { number title url dueOn state description createdAt } }`;
}

function epicsField(cursor: string | null, marker: string): string {
  return `issues(first: ${PAGE}, labels: [${literal(marker)}], states: [OPEN, CLOSED]${after(cursor)}) {
      ${PAGE_INFO} nodes { ${ITEM_FIELDS} milestone { number } } }`;
}

/**
 * Epics per page of the overview. 73 keep the whole overview document (milestones, repositories
 * and an epic page whose results nest two connections: 1 + 1 + 1 + 2 × 73 = 149 requests) at 1
 * point; with every repository's labels (`check`) the document costs more anyway, and a full
 * page keeps it one document.
 */
const EPIC_PAGE = 73;

/** The epics by search: `label:` ignores case, so pm's own spelling of the marker does not matter. */
function epicSearchField(cursor: string | null, first: number): string {
  return `epics: search(type: ISSUE, first: ${first}, query: $epicQuery${after(cursor)}) {
    issueCount pageInfo { hasNextPage endCursor }
    nodes { ... on Issue { ${ITEM_FIELDS} milestone { number } } } }`;
}

/** Labels read per repository with the listing: GitHub's page size, more in follow-ups. */
const REPOSITORY_LABELS = 100;
const REPOSITORY_LABEL_FIELDS = `labels(first: ${REPOSITORY_LABELS}) {
        totalCount pageInfo { hasNextPage endCursor } nodes { name color description } }`;

function repositoriesField(cursor: string | null, withLabels: boolean): string {
  return `repositories(first: ${PAGE}, orderBy: { field: NAME, direction: ASC }${after(cursor)}) {
      ${PAGE_INFO} nodes { name isArchived isFork ${withLabels ? REPOSITORY_LABEL_FIELDS : ""} } }`;
}

function toState(state: RawItem["state"] | RawMilestone["state"]): "open" | "closed" {
  return state === "OPEN" ? "open" : "closed";
}

function toStateReason(item: RawItem): "completed" | "not_planned" | "duplicate" | null {
  if (toState(item.state) !== "closed") return null;
  if (item.stateReason === "NOT_PLANNED") return "not_planned";
  if (item.stateReason === "DUPLICATE") return "duplicate";
  return "completed";
}

function names(item: RawItem): string[] {
  return (item.labels?.nodes ?? []).flatMap((l) => (l ? [l.name] : []));
}

function logins(item: RawItem): string[] {
  return item.assignees.nodes.flatMap((a) => (a ? [a.login] : []));
}

function toMilestone(raw: RawMilestone): Milestone {
  return {
    number: raw.number,
    title: raw.title,
    url: raw.url,
    dueOn: raw.dueOn ?? null,
    state: toState(raw.state),
    description: raw.description ?? null,
    ...(raw.createdAt ? { createdAt: raw.createdAt } : {}),
  };
}

function toEpic(raw: RawItem): Epic {
  return {
    number: raw.number,
    title: raw.title,
    url: raw.url,
    state: toState(raw.state),
    labels: names(raw),
    milestone: raw.milestone?.number ?? null,
    assignees: logins(raw),
  };
}

/** Warnings for the lists read per item that GitHub cut short: never lose data silently. */
function truncationWarnings(where: string, raw: RawItem): string[] {
  const warnings: string[] = [];
  const labelCount = raw.labels?.totalCount ?? 0;
  if (labelCount > TASK_LABELS) {
    warnings.push(
      `${where} has ${labelCount} labels; only the first ${TASK_LABELS} were read, so an epic label among the rest is not counted`,
    );
  }
  if (raw.assignees.totalCount > TASK_ASSIGNEES) {
    warnings.push(
      `${where} has ${raw.assignees.totalCount} assignees; only the first ${TASK_ASSIGNEES} are shown`,
    );
  }
  return warnings;
}

interface OverviewAnswer {
  organization: { repositories?: Connection<RawRepository> } | null;
  repository: { milestones?: Connection<RawMilestone>; issues?: Connection<RawItem> } | null;
  epics?: Connection<RawItem> & { issueCount: number };
}

export interface OverviewOptions {
  org: string;
  pmRepo: string;
  markerLabel?: string;
  /**
   * Read the epics from the pm repository's `issues(labels:)` connection instead of search: no
   * index lag, but the filter may be case-sensitive on GitHub (cli/cli#1819).
   */
  fresh?: boolean;
}

/**
 * Request 1: the pm repository's milestones and epic issues, and the organisation's repositories,
 * in one document. Lists longer than a page are followed in further documents that ask only for
 * the lists still unfinished.
 */
export async function fetchPlanningOverview(
  client: GraphqlClient,
  options: OverviewOptions,
): Promise<PlanningOverview> {
  return (await readOverview(client, options, false)).overview;
}

/**
 * The planning overview and every repository's labels in the same documents: for up to 100
 * repositories (each with up to 100 labels) that is ONE document, where `check` used to send the
 * label listing and the overview apart. Repositories with more labels are read in follow-ups;
 * one whose follow-up fails is left out of `labels`, for its caller's REST path (as
 * `listOrgReposWithLabels` does).
 */
export async function fetchPlanningOverviewAndLabels(
  client: GraphqlClient,
  options: OverviewOptions,
): Promise<{ overview: PlanningOverview; labels: OrgLabels }> {
  const read = await readOverview(client, options, true);
  return { overview: read.overview, labels: { repos: read.repos, labels: read.labels } };
}

async function readOverview(
  client: GraphqlClient,
  options: OverviewOptions,
  withLabels: boolean,
): Promise<{ overview: PlanningOverview; repos: OrgRepo[]; labels: Map<string, Label[]> }> {
  const { org, pmRepo } = options;
  const markerLabel = options.markerLabel ?? EPIC_MARKER_LABEL;
  const epicPiece: SearchPiece = { scope: `repo:${org}/${pmRepo}`, kind: "issue", labels: [markerLabel] };
  // A marker search cannot express (a double quote in it) is read the fresh way.
  const bySearch = options.fresh !== true && !markerLabel.includes('"');
  const epicQuery = queryOf(epicPiece);
  const overview: PlanningOverview = {
    org,
    pmRepo,
    milestones: [],
    epics: [],
    repositories: [],
    warnings: [],
  };
  const repos: OrgRepo[] = [];
  const labels = new Map<string, Label[]>();
  const labelPages: { name: string; cursor: string }[] = [];
  const seenEpics = new Set<number>();
  // Cursors already followed: GitHub repeating one would otherwise page forever.
  const seen = new Set<string>();
  // undefined: finished; null: first page; string: the cursor of the next page.
  let milestones: string | null | undefined = null;
  let epics: string | null | undefined = null;
  let repositories: string | null | undefined = null;
  while (milestones !== undefined || epics !== undefined || repositories !== undefined) {
    const pmFields: string = [
      milestones !== undefined ? milestonesField(milestones) : "",
      epics !== undefined && !bySearch ? epicsField(epics, markerLabel) : "",
    ].join("\n");
    const searchesEpics = epics !== undefined && bySearch;
    const parts = [
      repositories !== undefined
        ? `organization(login: $org) { ${repositoriesField(repositories, withLabels)} }`
        : "",
      pmFields.trim() !== "" ? `repository(owner: $org, name: $pm) { ${pmFields} }` : "",
      searchesEpics ? epicSearchField(epics ?? null, withLabels ? PAGE : EPIC_PAGE) : "",
      "rateLimit { cost }",
    ];
    // GraphQL refuses a declared variable that the document does not use.
    const usesPm: boolean = pmFields.trim() !== "";
    const usesOrg: boolean = usesPm || repositories !== undefined;
    const declarations: string[] = [];
    const variables: Record<string, string> = {};
    if (usesOrg) {
      declarations.push("$org: String!");
      variables.org = org;
    }
    if (usesPm) {
      declarations.push("$pm: String!");
      variables.pm = pmRepo;
    }
    if (searchesEpics) {
      declarations.push("$epicQuery: String!");
      variables.epicQuery = epicQuery;
    }
    const query: string = `query PlanningOverview(${declarations.join(", ")}) {\n${parts.filter(Boolean).join("\n")}\n}`;
    const answer: OverviewAnswer = await client.graphql<OverviewAnswer>(query, variables);

    if (repositories !== undefined) {
      const conn: Connection<RawRepository> | undefined = answer.organization?.repositories;
      if (!conn) {
        throw new GitHubError(
          `organisation ${org} not found on GitHub`,
          "Check `org` in the config (or --org) and that the token can read the organisation.",
        );
      }
      for (const r of conn.nodes) {
        if (!r) continue;
        overview.repositories.push({ name: r.name, archived: r.isArchived, fork: r.isFork });
        if (!withLabels) continue;
        repos.push({ name: r.name, fullName: `${org}/${r.name}`, archived: r.isArchived, fork: r.isFork });
        const found: Label[] = [];
        labels.set(r.name.toLowerCase(), found);
        const next = collectLabels(found, r.labels, seen, `${org}/${r.name} labels`);
        if (next) labelPages.push({ name: r.name, cursor: next });
      }
      repositories = nextCursor(conn, seen, `${org} repositories`);
    }
    if (usesPm && !answer.repository) {
      throw new GitHubError(
        `repository ${org}/${pmRepo} not found: it should hold the milestones and epic issues`,
        "Check `pm_repo` in the config and that the token can read it.",
      );
    }
    if (milestones !== undefined) {
      const conn: Connection<RawMilestone> | undefined = answer.repository?.milestones;
      for (const m of conn?.nodes ?? []) if (m) overview.milestones.push(toMilestone(m));
      milestones = conn ? nextCursor(conn, seen, `${org}/${pmRepo} milestones`) : undefined;
    }
    if (epics !== undefined) {
      const conn: Connection<RawItem> | undefined = bySearch ? answer.epics : answer.repository?.issues;
      if (bySearch && answer.epics && answer.epics.issueCount > SEARCH_RESULT_CAP && epics === null) {
        overview.warnings.push(
          `${org}/${pmRepo} has ${answer.epics.issueCount} issues labelled ${markerLabel}; GitHub search serves ${SEARCH_RESULT_CAP}, so only those were read (run with --fresh to read them all)`,
        );
      }
      for (const e of conn?.nodes ?? []) {
        // A search result of another type comes back as an empty object: not an epic.
        if (!e || e.number === undefined || seenEpics.has(e.number)) continue;
        seenEpics.add(e.number);
        overview.epics.push(toEpic(e));
        overview.warnings.push(...truncationWarnings(`epic ${org}/${pmRepo}#${e.number}`, e));
      }
      epics = conn ? nextCursor(conn, seen, `${org}/${pmRepo} epics`) : undefined;
    }
  }
  if (labelPages.length > 0) await readLabelPages(client, org, labelPages, labels, seen);
  overview.milestones.sort((a, b) => a.number - b.number);
  overview.epics.sort((a, b) => a.number - b.number);
  repos.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), "en"));
  return { overview, repos, labels };
}

type TaskKind = "issues" | "pullRequests";

interface PendingConnection {
  repo: string;
  kind: TaskKind;
  cursor: string | null;
}

function taskField(kind: TaskKind, cursor: string | null): string {
  // A merged pull request is closed work; leaving MERGED out would drop it without a trace.
  const states = kind === "issues" ? "[OPEN, CLOSED]" : "[OPEN, CLOSED, MERGED]";
  // Issues say why they were closed (a not-planned close leaves the scope); pull requests cannot.
  const fields = kind === "issues" ? `${ITEM_FIELDS} stateReason` : ITEM_FIELDS;
  return `${kind}(first: ${PAGE}, labels: $labels, states: ${states}${after(cursor)}) {
      ${PAGE_INFO} nodes { ${fields} } }`;
}

/** Groups connections by repository into aliased documents of at most CONNECTIONS_PER_DOCUMENT. */
function buildTaskDocuments(pending: PendingConnection[]): { query: string; aliases: Map<string, string> }[] {
  const documents: { query: string; aliases: Map<string, string> }[] = [];
  for (let start = 0; start < pending.length; start += CONNECTIONS_PER_DOCUMENT) {
    const chunk = pending.slice(start, start + CONNECTIONS_PER_DOCUMENT);
    const byRepo = new Map<string, PendingConnection[]>();
    for (const p of chunk) byRepo.set(p.repo, [...(byRepo.get(p.repo) ?? []), p]);
    const aliases = new Map<string, string>();
    const parts: string[] = [];
    for (const [repo, conns] of byRepo) {
      const alias = `r${aliases.size}`;
      aliases.set(alias, repo);
      const fields = conns.map((c) => taskField(c.kind, c.cursor)).join("\n");
      parts.push(`${alias}: repository(owner: $org, name: ${literal(repo)}) { ${fields} }`);
    }
    documents.push({
      query: `query PlanningTasks($org: String!, $labels: [String!]) {\n${parts.join("\n")}\nrateLimit { cost }\n}`,
      aliases,
    });
  }
  return documents;
}

type TaskAnswer = Record<string, Partial<Record<TaskKind, Connection<RawItem>>> | null>;

export interface TaskReadOptions {
  org: string;
  /** The repositories whose tasks count (names without the org). */
  repositories: string[];
  /** Any of them (OR). */
  labels: string[];
  /**
   * Read each repository's connections instead of search: no index lag (a label added a moment
   * ago is seen), at ~4 points per repository.
   */
  fresh?: boolean;
  /** Documents in flight at once (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
}

/**
 * The previous design, kept for `fresh` reads, for labels search cannot express, and for the
 * bench's comparison: every issue and pull request, open or closed, of the given repositories that
 * carries at least one of `labels` (GitHub's `labels` argument is an OR). Each document asks for
 * every unfinished connection of up to 25 repositories; the documents of a round go out together.
 * Its cost follows the repositories (each nested connection is charged per parent connection).
 */
export async function fetchTasksPerRepository(
  client: GraphqlClient,
  options: TaskReadOptions,
): Promise<TaskFetch> {
  const { org } = options;
  const result: TaskFetch = { tasks: [], warnings: [] };
  // An empty `labels` list is no filter at all on GitHub: it would return every issue.
  if (options.labels.length === 0 || options.repositories.length === 0) return result;
  const labels = [...new Set(options.labels)];
  const seen = new Set<string>();
  const seenCursors = new Set<string>();
  let pending: PendingConnection[] = options.repositories.flatMap((repo) => [
    { repo, kind: "issues" as const, cursor: null },
    { repo, kind: "pullRequests" as const, cursor: null },
  ]);
  while (pending.length > 0) {
    const following: PendingConnection[] = [];
    const documents = buildTaskDocuments(pending);
    const answers = await inParallel(documents, options.concurrency, (doc) =>
      client.graphql<TaskAnswer>(doc.query, { org, labels }),
    );
    for (const [d, doc] of documents.entries()) {
      const answer = answers[d] ?? {};
      for (const [alias, repo] of doc.aliases) {
        const repository = answer[alias];
        if (!repository) {
          result.warnings.push(
            `repository ${org}/${repo} could not be read (deleted or renamed?); its tasks are missing`,
          );
          continue;
        }
        for (const kind of ["issues", "pullRequests"] as const) {
          const conn = repository[kind];
          if (!conn) continue;
          for (const item of conn.nodes) {
            if (!item) continue;
            const key = `${repo}#${item.number}`;
            if (seen.has(key)) continue;
            seen.add(key);
            result.tasks.push({
              repo: `${org}/${repo}`,
              number: item.number,
              title: item.title,
              url: item.url,
              state: toState(item.state),
              ...(kind === "issues" ? { stateReason: toStateReason(item) } : {}),
              pullRequest: kind === "pullRequests",
              assignees: logins(item),
              labels: names(item),
            });
            result.warnings.push(...truncationWarnings(`${org}/${repo}#${item.number}`, item));
          }
          const cursor = nextCursor(conn, seenCursors, `${org}/${repo} ${kind}`);
          if (cursor) following.push({ repo, kind, cursor });
          else if (conn.pageInfo.hasNextPage) {
            result.warnings.push(
              `${org}/${repo} ${kind}: GitHub said there were more results but gave no cursor`,
            );
          }
        }
      }
    }
    pending = following;
  }
  return result;
}

interface SearchItem extends RawItem {
  __typename: "Issue" | "PullRequest";
  repository: { name: string };
}

const SEARCH_TASK_FIELDS = {
  issue: `... on Issue { __typename ${ITEM_FIELDS} stateReason repository { name } }`,
  pr: `... on PullRequest { __typename ${ITEM_FIELDS} repository { name } }`,
};

/**
 * Request 2 and follow-ups: every issue and pull request, open or closed (merged ones included),
 * of the given repositories that carries at least one of `labels`, by GraphQL search over the
 * organisation (search.ts): one count document, then pages sized to the counts, each query
 * split before it could pass GitHub's 1,000-result cap. The points follow the tasks: ~2 per 100
 * tasks, plus 1 for the counts, whatever the number of repositories. Labels search cannot
 * express, and `fresh: true`, are read per repository (`fetchTasksPerRepository`).
 */
export async function fetchTasks(client: GraphqlClient, options: TaskReadOptions): Promise<TaskFetch> {
  const { org } = options;
  const result: TaskFetch = { tasks: [], warnings: [] };
  // An empty `labels` list is no filter at all on GitHub: it would return every issue.
  if (options.labels.length === 0 || options.repositories.length === 0) return result;
  if (options.fresh) return fetchTasksPerRepository(client, options);
  const labels = [...new Map(options.labels.map((l) => [l.toLowerCase(), l])).values()];
  const scope = `org:${org}`;
  // One label a query to count (the counts then join labels into queries of one page each).
  const pieces: SearchPiece[] = [];
  const unsearchable: string[] = [];
  for (const kind of ["issue", "pr"] as const) {
    for (const label of labels) {
      const packed = packLabels({ scope, kind }, [label]);
      pieces.push(...packed.pieces);
      if (kind === "issue") unsearchable.push(...packed.unsearchable);
    }
  }
  const read = await searchAll<SearchItem>(client, pieces, {
    join: true,
    dateField: "created",
    fields: SEARCH_TASK_FIELDS,
    nestedConnections: 2,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  result.warnings.push(...read.warnings);

  // Only the repositories asked about, in their order; issues before pull requests, by number.
  const order = new Map(options.repositories.map((name, i) => [name.toLowerCase(), { name, i }]));
  const byKey = new Map<string, { task: Task; rank: [number, number, number] }>();
  for (const nodes of read.results) {
    for (const item of nodes) {
      if (item.number === undefined || !item.repository) continue;
      const pullRequest = item.__typename === "PullRequest";
      const repo = order.get(item.repository.name.toLowerCase());
      if (!repo) continue;
      const key = `${repo.name.toLowerCase()}#${item.number}`;
      if (byKey.has(key)) continue;
      byKey.set(key, {
        rank: [repo.i, pullRequest ? 1 : 0, item.number],
        task: {
          repo: `${org}/${repo.name}`,
          number: item.number,
          title: item.title,
          url: item.url,
          state: toState(item.state),
          ...(pullRequest ? {} : { stateReason: toStateReason(item) }),
          pullRequest,
          assignees: logins(item),
          labels: names(item),
        },
      });
      result.warnings.push(...truncationWarnings(`${org}/${repo.name}#${item.number}`, item));
    }
  }
  if (unsearchable.length > 0) {
    const rest = await fetchTasksPerRepository(client, { ...options, labels: unsearchable });
    result.warnings.push(...rest.warnings);
    for (const task of rest.tasks) {
      const name = task.repo.slice(org.length + 1);
      const key = `${name.toLowerCase()}#${task.number}`;
      if (byKey.has(key)) continue;
      const i = order.get(name.toLowerCase())?.i ?? order.size;
      byKey.set(key, { task, rank: [i, task.pullRequest ? 1 : 0, task.number] });
    }
  }
  const ranked = [...byKey.values()].sort(
    (a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2],
  );
  result.tasks = ranked.map((r) => r.task);
  return result;
}
