/**
 * Repository listing. Only what sync-labels (and anyone choosing repositories) needs, parsed
 * leniently: GitHub adds fields to repository objects all the time.
 */
import { GitHubError } from "../errors.js";
import { FatalGitHubError, type GitHubClient } from "./client.js";
import { type Label, parseLabel } from "./labels.js";
import { nextCursor } from "./pagination.js";
import { inParallel } from "./parallel.js";

/** The part of the client the GraphQL reader needs, so a unit test can hand in a fake. */
export type GraphqlReader = Pick<GitHubClient, "graphql">;

export interface Repo {
  /** Repository name without the owner. */
  name: string;
  /** `owner/name`. */
  fullName: string;
  archived: boolean;
  fork: boolean;
}

export function parseRepo(raw: unknown, owner: string): Repo {
  const r = (raw ?? {}) as { name?: unknown; full_name?: unknown; archived?: unknown; fork?: unknown };
  const name = String(r.name ?? "");
  return {
    name,
    fullName: typeof r.full_name === "string" ? r.full_name : `${owner}/${name}`,
    archived: r.archived === true,
    fork: r.fork === true,
  };
}

/** Every repository of the organisation (all types, every page), sorted by name for a stable order. */
export async function listOrgRepos(client: GitHubClient, org: string): Promise<Repo[]> {
  const raw = await client.paginate<unknown>("GET /orgs/{org}/repos", { org, type: "all" });
  return raw
    .map((r) => parseRepo(r, org))
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), "en"));
}

/** Every repository of the organisation with every one of its labels. */
export interface OrgLabels {
  /** Every repository, sorted by name like `listOrgRepos`. */
  repos: Repo[];
  /**
   * Every label of each repository, keyed by lowercased repository name. A repository whose later
   * label pages could not be read is left out: its caller reads it with `listLabels` (REST), so one
   * unreadable repository fails alone instead of taking its whole document down with it.
   */
  labels: Map<string, Label[]>;
}

/** Repositories per listing document and labels per repository: GitHub's maximum page size. */
const PAGE = 100;
/**
 * Repositories aliased into one follow-up document. Each asks for up to 100 labels, so 50 touch
 * 5,000 nodes: tiny next to the 500,000-node limit, and the "few dozen aliases" GitHub copes with.
 */
const FOLLOW_UPS_PER_DOCUMENT = 50;

const LABEL_FIELDS = "totalCount pageInfo { hasNextPage endCursor } nodes { name color description }";

const LISTING_QUERY = `query OrgRepositoryLabels($org: String!, $cursor: String) {
  organization(login: $org) {
    repositories(first: ${PAGE}, after: $cursor, orderBy: { field: NAME, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { name nameWithOwner isArchived isFork labels(first: ${PAGE}) { ${LABEL_FIELDS} } }
    }
  }
}`;

export interface RawLabels {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: (unknown | null)[];
}

interface ListingAnswer {
  organization: {
    repositories: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: ({
        name: string;
        nameWithOwner?: string;
        isArchived: boolean;
        isFork: boolean;
        labels: RawLabels | null;
      } | null)[];
    };
  } | null;
}

/** Adds a page of labels to `into`; the cursor of the next page, if there is one to follow. */
export function collectLabels(
  into: Label[],
  conn: RawLabels | null | undefined,
  seen: Set<string>,
  where: string,
): string | undefined {
  for (const node of conn?.nodes ?? []) if (node) into.push(parseLabel(node));
  // A page that says "more" without a cursor cannot be followed, and one repeating a cursor would
  // page forever: stopping (nextCursor throws on a repeat) beats looping.
  return conn ? nextCursor(conn, seen, where) : undefined;
}

/**
 * Every repository of the organisation with every one of its labels, read with GraphQL: ⌈R/100⌉
 * documents (100 repositories × 100 labels is 10,100 nodes, far under GitHub's 500,000-node limit,
 * and about 1 point each), then follow-ups only for repositories with more than 100 labels, several
 * repositories aliased per document.
 *
 * Why GraphQL although it has no conditional requests, so the on-disk ETag cache cannot help it:
 * the REST path is the listing plus one label listing per repository, R + 1 requests every run.
 * Cached, those are answered 304 and cost no points, but they are still R + 1 round trips, and
 * the first run of a CI job (a fresh runner has no cache) pays all of them from an Actions token's
 * 1,000 requests an hour. One document per 100 repositories, about 1 point each from GraphQL's own
 * hourly budget, wins on every run: 18 repositories cost 1 request instead of 19.
 */
export async function listOrgReposWithLabels(client: GraphqlReader, org: string): Promise<OrgLabels> {
  const repos: Repo[] = [];
  const labels = new Map<string, Label[]>();
  /** Repositories with another page of labels, and where it starts. */
  const pending: { name: string; cursor: string }[] = [];
  let cursor: string | null = null;
  const seen = new Set<string>();
  do {
    const answer: ListingAnswer = await client.graphql<ListingAnswer>(LISTING_QUERY, { org, cursor });
    const conn = answer.organization?.repositories;
    if (!conn) {
      throw new GitHubError(
        `organisation ${org} not found on GitHub`,
        "Check `org` in the config (or --org) and that the token can read the organisation.",
      );
    }
    for (const node of conn.nodes) {
      if (!node) continue;
      repos.push({
        name: node.name,
        fullName: node.nameWithOwner ?? `${org}/${node.name}`,
        archived: node.isArchived === true,
        fork: node.isFork === true,
      });
      const found: Label[] = [];
      labels.set(node.name.toLowerCase(), found);
      const next = collectLabels(found, node.labels, seen, `${org}/${node.name} labels`);
      if (next) pending.push({ name: node.name, cursor: next });
    }
    cursor = nextCursor(conn, seen, `${org} repositories`) ?? null;
  } while (cursor);

  await readLabelPages(client, org, pending, labels, seen);
  repos.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), "en"));
  return { repos, labels };
}

/**
 * The further label pages of repositories with more than 100 labels, FOLLOW_UPS_PER_DOCUMENT
 * repositories aliased per document, documents in flight together. A repository renamed or deleted
 * since the listing fails its whole document on GitHub: those repositories are dropped from
 * `labels`, so the caller reads each with REST, where each fails (or succeeds) on its own. Used by
 * `listOrgReposWithLabels` and by planning.ts's combined read for `check`.
 */
export async function readLabelPages(
  client: GraphqlReader,
  org: string,
  first: { name: string; cursor: string }[],
  labels: Map<string, Label[]>,
  seen: Set<string>,
): Promise<void> {
  let pending = first;
  while (pending.length > 0) {
    const chunks: { name: string; cursor: string }[][] = [];
    for (let i = 0; i < pending.length; i += FOLLOW_UPS_PER_DOCUMENT) {
      chunks.push(pending.slice(i, i + FOLLOW_UPS_PER_DOCUMENT));
    }
    const following: { name: string; cursor: string }[] = [];
    await inParallel(chunks, undefined, async (chunk) => {
      let answer: Record<string, { labels: RawLabels | null } | null>;
      try {
        answer = await client.graphql(followUpQuery(chunk.length), followUpVariables(org, chunk));
      } catch (error) {
        // The token or the rate limit is gone: nothing else will work either.
        if (error instanceof FatalGitHubError) throw error;
        for (const { name } of chunk) labels.delete(name.toLowerCase());
        return;
      }
      for (const [i, { name }] of chunk.entries()) {
        const found = labels.get(name.toLowerCase());
        if (!found) continue;
        const repository = answer[`r${i}`];
        if (!repository) {
          labels.delete(name.toLowerCase());
          continue;
        }
        const next = collectLabels(found, repository.labels, seen, `${org}/${name} labels`);
        if (next) following.push({ name, cursor: next });
      }
    });
    pending = following;
  }
}

/** Names and cursors travel as variables, so no repository name is ever pasted into the query. */
function followUpQuery(count: number): string {
  const declarations = ["$org: String!"];
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    declarations.push(`$n${i}: String!`, `$c${i}: String`);
    fields.push(
      `r${i}: repository(owner: $org, name: $n${i}) { labels(first: ${PAGE}, after: $c${i}) { ${LABEL_FIELDS} } }`,
    );
  }
  return `query RepositoryLabelPages(${declarations.join(", ")}) {\n${fields.join("\n")}\nrateLimit { cost }\n}`;
}

function followUpVariables(org: string, chunk: { name: string; cursor: string }[]): Record<string, unknown> {
  const variables: Record<string, unknown> = { org };
  for (const [i, { name, cursor }] of chunk.entries()) {
    variables[`n${i}`] = name;
    variables[`c${i}`] = cursor;
  }
  return variables;
}
