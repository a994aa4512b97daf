/**
 * Fetching the planning hierarchy (milestones → epics → tasks) with GraphQL.
 *
 * Why GraphQL and not REST search (see CONTRIBUTING.md, "How `status` fetches"): `issues(labels: [...])` is an OR
 * filter, so one connection per repository returns the tasks of every epic at once; many
 * repositories are aliased into one document; there is no search-index lag and no 1,000-result cap.
 * The number of documents grows with the number of result pages, never with repositories × epics.
 *
 * Request budget for a waku-org-sized organisation: (1) `fetchPlanningOverview`: milestones, epic
 * issues of the pm repository and the org's repository list in one document; (2) `fetchTasks`: every
 * repository aliased in one document; then follow-up documents only for connections that have
 * another page, batched and aliased again.
 *
 * `report` and `check` reuse these functions and types; keep them free of rendering.
 */
import { GitHubError } from "../errors.js";
import { EPIC_MARKER_LABEL } from "../model/epics.js";
import type { Epic, Milestone, PlanningOverview, Task, TaskCount } from "../model/work.js";
import type { GitHubClient } from "./client.js";
import { nextCursor } from "./pagination.js";

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

function repositoriesField(cursor: string | null): string {
  return `repositories(first: ${PAGE}, orderBy: { field: NAME, direction: ASC }${after(cursor)}) {
      ${PAGE_INFO} nodes { name isArchived isFork } }`;
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
}

/**
 * Request 1: the pm repository's milestones and epic issues, and the organisation's repositories,
 * in one document. Lists longer than a page are followed in further documents that ask only for
 * the lists still unfinished.
 */
export async function fetchPlanningOverview(
  client: GraphqlClient,
  options: { org: string; pmRepo: string; markerLabel?: string },
): Promise<PlanningOverview> {
  const { org, pmRepo } = options;
  const markerLabel = options.markerLabel ?? EPIC_MARKER_LABEL;
  const overview: PlanningOverview = {
    org,
    pmRepo,
    milestones: [],
    epics: [],
    repositories: [],
    warnings: [],
  };
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
      epics !== undefined ? epicsField(epics, markerLabel) : "",
    ].join("\n");
    const parts = [
      repositories !== undefined ? `organization(login: $org) { ${repositoriesField(repositories)} }` : "",
      pmFields.trim() !== "" ? `repository(owner: $org, name: $pm) { ${pmFields} }` : "",
    ];
    // GraphQL refuses a declared variable that the document does not use.
    const usesPm: boolean = pmFields.trim() !== "";
    const declarations: string = usesPm ? "$org: String!, $pm: String!" : "$org: String!";
    const query: string = `query PlanningOverview(${declarations}) {\n${parts.join("\n")}\n}`;
    const answer: OverviewAnswer = await client.graphql<OverviewAnswer>(
      query,
      usesPm ? { org, pm: pmRepo } : { org },
    );

    if (repositories !== undefined) {
      const conn: Connection<RawRepository> | undefined = answer.organization?.repositories;
      if (!conn) {
        throw new GitHubError(
          `organisation ${org} not found on GitHub`,
          "Check `org` in the config (or --org) and that the token can read the organisation.",
        );
      }
      for (const r of conn.nodes) {
        if (r) overview.repositories.push({ name: r.name, archived: r.isArchived, fork: r.isFork });
      }
      repositories = nextCursor(conn, seen, `${org} repositories`);
    }
    if (milestones !== undefined || epics !== undefined) {
      if (!answer.repository) {
        throw new GitHubError(
          `repository ${org}/${pmRepo} not found: it should hold the milestones and epic issues`,
          "Check `pm_repo` in the config and that the token can read it.",
        );
      }
    }
    if (milestones !== undefined) {
      const conn: Connection<RawMilestone> | undefined = answer.repository?.milestones;
      for (const m of conn?.nodes ?? []) if (m) overview.milestones.push(toMilestone(m));
      milestones = conn ? nextCursor(conn, seen, `${org}/${pmRepo} milestones`) : undefined;
    }
    if (epics !== undefined) {
      const conn: Connection<RawItem> | undefined = answer.repository?.issues;
      for (const e of conn?.nodes ?? []) {
        if (!e || seenEpics.has(e.number)) continue;
        seenEpics.add(e.number);
        overview.epics.push(toEpic(e));
        overview.warnings.push(...truncationWarnings(`epic ${org}/${pmRepo}#${e.number}`, e));
      }
      epics = conn ? nextCursor(conn, seen, `${org}/${pmRepo} epics`) : undefined;
    }
  }
  overview.milestones.sort((a, b) => a.number - b.number);
  overview.epics.sort((a, b) => a.number - b.number);
  return overview;
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
      query: `query PlanningTasks($org: String!, $labels: [String!]) {\n${parts.join("\n")}\n}`,
      aliases,
    });
  }
  return documents;
}

type TaskAnswer = Record<string, Partial<Record<TaskKind, Connection<RawItem>>> | null>;

/**
 * Request 2 and follow-ups: every issue and pull request, open or closed, of the given repositories
 * that carries at least one of `labels` (GitHub's `labels` argument is an OR). Each document asks
 * for every unfinished connection of up to a few dozen repositories, so the number of documents
 * depends on pages of results, not on repositories × labels.
 */
export async function fetchTasks(
  client: GraphqlClient,
  options: { org: string; repositories: string[]; labels: string[] },
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
    for (const doc of buildTaskDocuments(pending)) {
      const answer = await client.graphql<TaskAnswer>(doc.query, { org, labels });
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

/**
 * Count-only connections per document. Each asks for one node, so even 400 stay tiny in nodes
 * (400) and cost (4 points); a waku-org-sized overview (20 repositories × 3 open milestones × 4)
 * fits in one document.
 */
const COUNTS_PER_DOCUMENT = 400;

/**
 * For each group of labels (one per milestone), how many issues and pull requests of the given
 * repositories carry at least one of them, open and closed. Only `totalCount`s travel, so the
 * milestone overview costs one document whatever the number of tasks. Counts are distinct per
 * group: GitHub's `labels` filter is an OR, so an item with two of the group's labels counts once.
 */
export async function fetchTaskCounts(
  client: GraphqlClient,
  options: { org: string; repositories: string[]; groups: { key: string; labels: string[] }[] },
): Promise<{ counts: Map<string, TaskCount>; warnings: string[] }> {
  const { org } = options;
  const counts = new Map<string, TaskCount>(options.groups.map((g) => [g.key, { open: 0, closed: 0 }]));
  const warnings: string[] = [];
  // An empty `labels` list is no filter at all on GitHub: such a group counts nothing.
  const groups = options.groups.filter((g) => g.labels.length > 0);
  const fields: { repo: string; group: number }[] = options.repositories.flatMap((repo) =>
    groups.map((_, group) => ({ repo, group })),
  );
  const perDocument = Math.max(1, Math.floor(COUNTS_PER_DOCUMENT / 4));
  for (let start = 0; start < fields.length; start += perDocument) {
    const chunk = fields.slice(start, start + perDocument);
    const byRepo = new Map<string, number[]>();
    for (const f of chunk) byRepo.set(f.repo, [...(byRepo.get(f.repo) ?? []), f.group]);
    const used = [...new Set(chunk.map((f) => f.group))];
    const aliases = new Map<string, string>();
    const parts: string[] = [];
    for (const [repo, groupIndexes] of byRepo) {
      const alias = `r${aliases.size}`;
      aliases.set(alias, repo);
      const count = (name: string, kind: TaskKind, group: number, states: string): string =>
        `${name}: ${kind}(first: 1, labels: $l${group}, states: ${states}) { totalCount }`;
      const body = groupIndexes
        .flatMap((g) => [
          count(`g${g}io`, "issues", g, "[OPEN]"),
          count(`g${g}ic`, "issues", g, "[CLOSED]"),
          count(`g${g}po`, "pullRequests", g, "[OPEN]"),
          // A merged pull request is closed work.
          count(`g${g}pc`, "pullRequests", g, "[CLOSED, MERGED]"),
        ])
        .join("\n");
      parts.push(`${alias}: repository(owner: $org, name: ${literal(repo)}) {\n${body}\n}`);
    }
    const declarations = ["$org: String!", ...used.map((g) => `$l${g}: [String!]`)].join(", ");
    const variables: Record<string, unknown> = { org };
    for (const g of used) variables[`l${g}`] = groups[g]?.labels ?? [];
    const query = `query PlanningTaskCounts(${declarations}) {\n${parts.join("\n")}\n}`;
    const answer = await client.graphql<Record<string, Record<string, { totalCount: number }> | null>>(
      query,
      variables,
    );
    for (const [alias, repo] of aliases) {
      const repository = answer[alias];
      if (!repository) {
        warnings.push(
          `repository ${org}/${repo} could not be read (deleted or renamed?); its tasks are missing`,
        );
        continue;
      }
      for (const g of byRepo.get(repo) ?? []) {
        const key = groups[g]?.key;
        const total = key === undefined ? undefined : counts.get(key);
        if (!total) continue;
        const n = (suffix: string): number => repository[`g${g}${suffix}`]?.totalCount ?? 0;
        total.open += n("io") + n("po");
        total.closed += n("ic") + n("pc");
      }
    }
  }
  return { counts, warnings };
}

export { epicLabelsOf, hasLabel } from "../model/epics.js";
// Transitional: the domain types moved to src/model; these names keep old imports compiling while
// the renderers move over. Nothing is declared here.
export type { Epic, Milestone, Task, TaskCount } from "../model/work.js";
