/**
 * Following GraphQL connections safely. The client's `graphql` sees one document at a time, so it
 * cannot notice a GitHub (or a proxy) that keeps claiming another page behind the same cursor: a
 * loop that asked 8,755 documents before it was stopped. Every caller that pages a connection asks
 * `nextCursor` for the next cursor instead of reading `pageInfo` itself.
 */
import { GitHubError } from "../errors.js";
import { forTerminal } from "../text/safety.js";

/** The part of a GraphQL connection that says whether, and from where, to read on. */
export interface PagedConnection {
  pageInfo?: { hasNextPage?: boolean | null; endCursor?: string | null } | null;
}

/** The same for a connection read backwards (`last: N, before: $cursor`, e.g. newest comments). */
export interface BackwardConnection {
  pageInfo?: { hasPreviousPage?: boolean | null; startCursor?: string | null } | null;
}

/**
 * The cursor of the next page of `conn`, or undefined when there is none to follow (the last
 * page, or a page claiming more without a cursor: the caller may warn about that, see
 * `claimsMoreWithoutCursor`). Throws a GitHubError (exit 3) when GitHub hands back a cursor
 * already followed for the same connection, which would page forever.
 *
 * `seen` is the caller's memory for one whole fetch: one Set may serve many connections, because
 * cursors are remembered per `where` (e.g. "acme/nwaku issues"), which also names the connection
 * in the error.
 */
export function nextCursor(conn: PagedConnection, seen: Set<string>, where: string): string | undefined {
  const info = conn.pageInfo;
  if (!info?.hasNextPage || !info.endCursor) return undefined;
  return remember(info.endCursor, seen, where, "next-page");
}

/** `nextCursor` for a connection read backwards: the `before` cursor of the previous page. */
export function previousCursor(
  conn: BackwardConnection,
  seen: Set<string>,
  where: string,
): string | undefined {
  const info = conn.pageInfo;
  if (!info?.hasPreviousPage || !info.startCursor) return undefined;
  return remember(info.startCursor, seen, where, "previous-page");
}

function remember(cursor: string, seen: Set<string>, where: string, kind: string): string {
  const key = `${kind}\u0000${where}\u0000${cursor}`;
  if (seen.has(key)) {
    throw new GitHubError(
      `GitHub's GraphQL answer for ${forTerminal(where)} gave the same ${kind} cursor twice (${shortCursor(cursor)}): stopped instead of reading the same page forever`,
      "GitHub (or a proxy in between) is misbehaving; re-run later. Run with --verbose to see the requests.",
    );
  }
  seen.add(key);
  return cursor;
}

/** True when a connection says there is more but gives no cursor to ask for it. */
export function claimsMoreWithoutCursor(conn: PagedConnection): boolean {
  return conn.pageInfo?.hasNextPage === true && !conn.pageInfo.endCursor;
}

function shortCursor(cursor: string): string {
  const clean = forTerminal(cursor);
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}…` : clean);
}
