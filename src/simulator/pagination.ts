/**
 * GitHub's page-number pagination: `per_page` (default 30, silently capped at 100) and `page`
 * (1-based), with the other pages announced in an RFC 8288 `Link` header. GitHub omits the header
 * when everything fits on one page; clients that ignore it lose everything past page one.
 */
export interface Page<T> {
  items: T[];
  /** The `Link` header value, or undefined when there is only one page. */
  link: string | undefined;
}

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

function readPositiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function readPaging(query: Record<string, string>): { perPage: number; page: number } {
  return {
    perPage: Math.min(readPositiveInt(query.per_page, DEFAULT_PER_PAGE), MAX_PER_PAGE),
    page: readPositiveInt(query.page, 1),
  };
}

/**
 * One page of `all`. `selfUrl` is the request URL without query; `query` the request's query,
 * kept in every link (only `page` changes). `maxResults` caps what can be paged through (search
 * stops at 1,000 results).
 */
export function paginate<T>(
  all: readonly T[],
  selfUrl: string,
  query: Record<string, string>,
  maxResults = Number.POSITIVE_INFINITY,
): Page<T> {
  const { perPage, page } = readPaging(query);
  const reachable = Math.min(all.length, maxResults);
  const lastPage = Math.max(1, Math.ceil(reachable / perPage));
  const start = (page - 1) * perPage;
  const items = start >= reachable ? [] : all.slice(start, Math.min(start + perPage, reachable));
  if (lastPage === 1 && page === 1) return { items, link: undefined };
  const linkTo = (n: number): string => {
    const params = new URLSearchParams({ ...query, page: String(n) });
    return `${selfUrl}?${params.toString()}`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`<${linkTo(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) parts.push(`<${linkTo(page + 1)}>; rel="next"`);
  if (page < lastPage) parts.push(`<${linkTo(lastPage)}>; rel="last"`);
  if (page > 1) parts.push(`<${linkTo(1)}>; rel="first"`);
  return { items, link: parts.length > 0 ? parts.join(", ") : undefined };
}
