/**
 * Reading many issues and pull requests through GraphQL `search(type: ISSUE)`, at a cost that
 * follows the results, not the repositories, without losing any of them silently.
 *
 * Why search (measured with the simulator's implementation of GitHub's cost formula, see
 * CONTRIBUTING.md "How `status` fetches"): a repository's `issues(labels:)` connection nests
 * `labels` and `assignees`, and GitHub charges each nested connection as 100 requests per parent
 * connection whatever it returns, so each repository costs ~4 points even with no task in it. A
 * search is one connection for the whole organisation: a page of N results with two nested
 * connections costs 1 + 2N requests, so 300 tasks cost ~6 points whatever the number of
 * repositories.
 *
 * What keeps it complete:
 * - **Counts first.** One cheap document (`first: 1`, `issueCount` only: one request per search)
 *   counts every query before anything is read. Each query is then read with `first` sized to
 *   its count, in documents of at most 149 connection requests (1 point each, see
 *   ONE_POINT_REQUESTS), so the points follow the results, and every query that would pass
 *   GitHub's 1,000-result cap is split before it is read: a list of labels into smaller lists,
 *   one label into `created:` (or `updated:`) date ranges, halved until each part is under the
 *   cap. A part that cannot be split further (over 1,000 results in one second) is read up to
 *   the cap and reported as a warning naming the query.
 * - **256 characters.** GitHub does not run queries longer than 256 characters: label lists are
 *   packed into queries that fit; a label that cannot be searched at all (it contains a double
 *   quote, which search cannot escape) is handed back to the caller to read another way.
 * - **Stable order.** `sort:created-asc`: a result updated while we page does not move, a new one
 *   is appended; the pages follow `nextCursor` (repeated-cursor guard).
 * - `label:` in search ignores case, so a repository spelling an epic label in another case is
 *   still found (GraphQL's `labels:` argument has been reported case-sensitive, cli/cli#1819).
 *
 * Given up: the search index lags writes by seconds to minutes. For a weekly status or report
 * that is nothing; where a change made a moment ago must show, callers offer the per-repository
 * reads (`fresh`).
 */
import type { GitHubClient } from "./client.js";
import { nextCursor } from "./pagination.js";
import { inParallel } from "./parallel.js";

export type GraphqlClient = Pick<GitHubClient, "graphql">;

/** GitHub runs no search query longer than this (docs, "Troubleshooting search queries"). */
export const SEARCH_QUERY_MAX = 256;
/** Results a search can page through, however many it matches. */
export const SEARCH_RESULT_CAP = 1000;
/** Searches per count-only document: one request each, so 100 cost 1 point. */
const COUNTS_PER_DOCUMENT = 100;
/**
 * Connection requests a reading document may need. GitHub charges a document round(requests /
 * 100) points, at least 1, so 149 requests cost 1 point where 201 (a page of 100 results with two
 * nested connections) cost 2: documents of at most 149 requests read about 74 results a point
 * instead of 50. They are more documents, which go out together (`concurrency`).
 */
export const ONE_POINT_REQUESTS = 149;
/** GitHub's largest page. */
const MAX_PAGE = 100;
/** Date splits start from here: nothing on GitHub is older. */
const GITHUB_EPOCH_MS = Date.parse("2008-01-01T00:00:00Z");

export type SearchKind = "issue" | "pr";

/** A date qualifier's bounds, ms, inclusive, whole seconds; null is open (`*`). */
export interface DateRange {
  field: "created" | "updated";
  from: number | null;
  to: number | null;
}

/** One query: fixed qualifiers, an OR list of labels (maybe empty) and maybe a date range. */
export interface SearchPiece {
  /** `org:waku-org` or `repo:waku-org/pm`, plus anything else fixed. */
  scope: string;
  kind: SearchKind;
  labels: string[];
  range?: DateRange;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function rangeText(range: DateRange): string {
  if (range.to === null && range.from !== null) return `${range.field}:>=${iso(range.from)}`;
  if (range.from === null && range.to !== null) return `${range.field}:<=${iso(range.to)}`;
  return `${range.field}:${range.from === null ? "*" : iso(range.from)}..${range.to === null ? "*" : iso(range.to)}`;
}

/** A label as a search value: always quoted (names hold spaces and colons). */
function quoted(label: string): string {
  return `"${label}"`;
}

/** The query text GitHub receives. */
export function queryOf(piece: SearchPiece): string {
  const parts = [piece.scope, piece.kind === "issue" ? "is:issue" : "is:pr"];
  if (piece.labels.length > 0) parts.push(`label:${piece.labels.map(quoted).join(",")}`);
  if (piece.range) parts.push(rangeText(piece.range));
  parts.push("sort:created-asc");
  return parts.join(" ");
}

/** Search cannot escape a double quote inside a quoted value, nor match a name holding one. */
export function isSearchable(label: string): boolean {
  return !label.includes('"') && label.trim() !== "";
}

/**
 * The labels packed into as few queries as fit GitHub's 256 characters, in the order given (a
 * query is split by date only once it is down to one label, which leaves room for the range).
 * Labels that can never be searched are returned apart.
 */
export function packLabels(
  base: Omit<SearchPiece, "labels">,
  labels: readonly string[],
): { pieces: SearchPiece[]; unsearchable: string[] } {
  const pieces: SearchPiece[] = [];
  const unsearchable: string[] = [];
  let current: string[] = [];
  for (const label of labels) {
    if (!isSearchable(label)) {
      unsearchable.push(label);
      continue;
    }
    const candidate = [...current, label];
    if (current.length > 0 && queryOf({ ...base, labels: candidate }).length > SEARCH_QUERY_MAX) {
      pieces.push({ ...base, labels: current });
      current = [label];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) pieces.push({ ...base, labels: current });
  // A label alone too long for a query (GitHub's label names stop at 50 characters, so only an
  // absurd scope does this) cannot be searched either.
  return {
    pieces: pieces.filter((p) => {
      if (queryOf(p).length <= SEARCH_QUERY_MAX) return true;
      unsearchable.push(...p.labels);
      return false;
    }),
    unsearchable,
  };
}

/** Halves a piece: its label list, else its date range; undefined when it cannot be split. */
export function splitPiece(
  piece: SearchPiece,
  dateField: DateRange["field"],
  nowMs: number,
): SearchPiece[] | undefined {
  if (piece.labels.length > 1) {
    const half = Math.ceil(piece.labels.length / 2);
    return [
      { ...piece, labels: piece.labels.slice(0, half) },
      { ...piece, labels: piece.labels.slice(half) },
    ];
  }
  const range = piece.range ?? { field: dateField, from: null, to: null };
  const lo = range.from ?? GITHUB_EPOCH_MS;
  const hi = range.to ?? Math.max(nowMs, lo);
  // GitHub's timestamps are whole seconds: a range of one second cannot be halved.
  const mid = Math.floor((lo + hi) / 2000) * 1000;
  if (mid < lo || mid + 1000 > hi) return undefined;
  return [
    { ...piece, range: { ...range, to: mid } },
    { ...piece, range: { ...range, from: mid + 1000 } },
  ];
}

export interface SearchOptions {
  /** Documents in flight at once (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** What a too-large query is split on once it is down to one label. */
  dateField: DateRange["field"];
  /** The fields each result needs, as an inline fragment per kind (`... on Issue { … }`). */
  fields: Record<SearchKind, string>;
  /**
   * Connections nested in each result (labels, assignees, comments…): GitHub charges each one
   * request per result a page may hold. A page then holds (149 − 1) / nested results, so each
   * reading document costs 1 point. (Nodes stay far under GitHub's 500,000: 74 results × 101.)
   */
  nestedConnections: number;
  /** For date splits with an open end (tests pin it). */
  now?: () => number;
  /**
   * After counting, join pieces that differ only in their labels into one query while their
   * counts add up to one page (and the query fits 256 characters): one label a piece to count,
   * full pages to read, so nothing needs a second page unless one label alone has over 100
   * results. A joined piece's results come under the first piece joined.
   */
  join?: boolean;
}

export interface SearchRead<T> {
  /**
   * The results of each piece given, in the same order (the parts of a split piece together; a
   * result matching two pieces comes in both).
   */
  results: T[][];
  warnings: string[];
  /** The pieces actually read, after splitting (for tests and --verbose). */
  pieces: SearchPiece[];
}

interface CountAnswer {
  [alias: string]: { issueCount: number } | undefined;
}

interface PageAnswer<T> {
  [alias: string]:
    | {
        issueCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: (T | null)[];
      }
    | undefined;
}

/**
 * Joins ready pieces of the same scope and kind, without a date range, into queries of at most a
 * page of results (the sum of their counts: an item in two of them is counted twice, so a
 * joined query never holds more than that) that fit GitHub's 256 characters. In place.
 */
function joinPieces(ready: { piece: SearchPiece; count: number; origin: number }[], page: number): void {
  const joined: typeof ready = [];
  const open = new Map<string, typeof ready>();
  for (const entry of ready) {
    if (entry.piece.range || entry.piece.labels.length === 0 || entry.count > page) {
      joined.push(entry);
      continue;
    }
    const key = `${entry.piece.kind}\u0000${entry.piece.scope}`;
    const candidates = open.get(key) ?? [];
    // First fit: the first query of the same kind with room for this label's results and name.
    const host = candidates.find(
      (c) =>
        c.count + entry.count <= page &&
        queryOf({ ...c.piece, labels: [...c.piece.labels, ...entry.piece.labels] }).length <=
          SEARCH_QUERY_MAX,
    );
    if (host) {
      host.piece = { ...host.piece, labels: [...host.piece.labels, ...entry.piece.labels] };
      host.count += entry.count;
      continue;
    }
    const fresh = { ...entry };
    open.set(key, [...candidates, fresh]);
    joined.push(fresh);
  }
  ready.splice(0, ready.length, ...joined);
}

/** Counts every piece: one request per search, 100 searches a document (1 point). */
async function countPieces(
  client: GraphqlClient,
  pieces: readonly SearchPiece[],
  concurrency: number | undefined,
): Promise<number[]> {
  const chunks: SearchPiece[][] = [];
  for (let i = 0; i < pieces.length; i += COUNTS_PER_DOCUMENT)
    chunks.push(pieces.slice(i, i + COUNTS_PER_DOCUMENT));
  const counted = await inParallel(chunks, concurrency, async (chunk) => {
    const declarations = chunk.map((_, i) => `$q${i}: String!`).join(", ");
    const fields = chunk.map((_, i) => `s${i}: search(type: ISSUE, first: 1, query: $q${i}) { issueCount }`);
    const variables: Record<string, string> = {};
    chunk.forEach((p, i) => {
      variables[`q${i}`] = queryOf(p);
    });
    const answer = await client.graphql<CountAnswer>(
      `query SearchCounts(${declarations}) {\n${fields.join("\n")}\nrateLimit { cost }\n}`,
      variables,
    );
    return chunk.map((_, i) => answer[`s${i}`]?.issueCount ?? 0);
  });
  return counted.flat();
}

/**
 * Every result of the pieces: counted, split until each is under the cap, then read with pages
 * sized to the counts, several documents in flight.
 */
export async function searchAll<T>(
  client: GraphqlClient,
  initial: readonly SearchPiece[],
  options: SearchOptions,
): Promise<SearchRead<T>> {
  const now = options.now ?? Date.now;
  const warnings: string[] = [];
  // 1. Count, and split what would pass the cap, until nothing does.
  const ready: { piece: SearchPiece; count: number; origin: number }[] = [];
  let pending = initial.map((piece, origin) => ({ piece, origin }));
  while (pending.length > 0) {
    const counts = await countPieces(
      client,
      pending.map((p) => p.piece),
      options.concurrency,
    );
    const again: typeof pending = [];
    pending.forEach(({ piece, origin }, i) => {
      const count = counts[i] ?? 0;
      if (count <= SEARCH_RESULT_CAP) {
        if (count > 0) ready.push({ piece, count, origin });
        return;
      }
      const halves = splitPiece(piece, options.dateField, now());
      if (halves) again.push(...halves.map((half) => ({ piece: half, origin })));
      else {
        warnings.push(
          `GitHub search "${queryOf(piece)}" matches ${count} results, over its ${SEARCH_RESULT_CAP}-result cap, and cannot be split further: only the first ${SEARCH_RESULT_CAP} were read`,
        );
        ready.push({ piece, count: SEARCH_RESULT_CAP, origin });
      }
    });
    pending = again;
  }
  // Results a page holds for its document to cost 1 point.
  const page = Math.max(
    1,
    Math.min(MAX_PAGE, Math.floor((ONE_POINT_REQUESTS - 1) / Math.max(1, options.nestedConnections))),
  );
  if (options.join) joinPieces(ready, page);
  // Parts of one piece next to each other, in date order: the results keep GitHub's order.
  ready.sort((a, b) => a.origin - b.origin || (a.piece.range?.from ?? 0) - (b.piece.range?.from ?? 0));

  // 2. Read: every piece's first page, sized to its count; then the next pages of those with more.
  const nodes: T[][] = ready.map(() => []);
  const seenCursors = new Set<string>();
  type Job = { index: number; cursor: string | null; first: number };
  let jobs: Job[] = ready.map((r, index) => ({ index, cursor: null, first: Math.min(page, r.count) }));
  while (jobs.length > 0) {
    const documents: Job[][] = [];
    let current: Job[] = [];
    let load = 0;
    for (const job of jobs) {
      const weight = 1 + job.first * options.nestedConnections;
      if (current.length > 0 && load + weight > ONE_POINT_REQUESTS) {
        documents.push(current);
        current = [];
        load = 0;
      }
      current.push(job);
      load += weight;
    }
    if (current.length > 0) documents.push(current);

    const answers = await inParallel(documents, options.concurrency, async (doc) => {
      const declarations: string[] = [];
      const variables: Record<string, string> = {};
      const fields = doc.map((job, i) => {
        const entry = ready[job.index] as { piece: SearchPiece };
        declarations.push(`$q${i}: String!`);
        variables[`q${i}`] = queryOf(entry.piece);
        let after = "";
        if (job.cursor) {
          declarations.push(`$c${i}: String`);
          variables[`c${i}`] = job.cursor;
          after = `, after: $c${i}`;
        }
        return `s${i}: search(type: ISSUE, first: ${job.first}, query: $q${i}${after}) {
    issueCount pageInfo { hasNextPage endCursor }
    nodes { ${options.fields[entry.piece.kind]} } }`;
      });
      return client.graphql<PageAnswer<T>>(
        `query SearchPages(${declarations.join(", ")}) {\n${fields.join("\n")}\nrateLimit { cost }\n}`,
        variables,
      );
    });

    const following: Job[] = [];
    documents.forEach((doc, d) => {
      const answer = answers[d] ?? {};
      doc.forEach((job, i) => {
        const conn = answer[`s${i}`];
        const entry = ready[job.index] as { piece: SearchPiece; count: number };
        if (!conn) return;
        const into = nodes[job.index] as T[];
        for (const node of conn.nodes) if (node) into.push(node);
        const query = queryOf(entry.piece);
        // Past the cap GitHub serves nothing more: the split above keeps a query under it unless
        // results were added between counting and reading, which the next run sees.
        if (into.length >= SEARCH_RESULT_CAP) {
          if (conn.issueCount > SEARCH_RESULT_CAP && entry.count < SEARCH_RESULT_CAP) {
            warnings.push(
              `GitHub search "${query}" grew past its ${SEARCH_RESULT_CAP}-result cap while it was read (${conn.issueCount} results): re-run to read the rest`,
            );
          }
          return;
        }
        const cursor = nextCursor(conn, seenCursors, `search "${query}"`);
        if (cursor) {
          const left = entry.count - into.length;
          following.push({ index: job.index, cursor, first: left > 0 ? Math.min(page, left) : page });
        } else if (conn.pageInfo.hasNextPage) {
          warnings.push(`GitHub search "${query}" said there were more results but gave no cursor`);
        }
      });
    });
    jobs = following;
  }
  const results: T[][] = initial.map(() => []);
  ready.forEach((r, i) => {
    results[r.origin]?.push(...(nodes[i] ?? []));
  });
  return { results, warnings, pieces: ready.map((r) => r.piece) };
}
