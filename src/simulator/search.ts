/**
 * `GET /search/issues`: the qualifiers waku-pm and its users write (org:, repo:, is:, state:,
 * label:, milestone:, no:, author:, assignee:, updated:/created:/closed: ranges, free text), with
 * GitHub's rules: the query must say `is:issue` or `is:pull-request`, `label:"a","b"` means a OR b
 * while repeated `label:` qualifiers mean AND, and only the first 1,000 results can be paged to.
 */
import { DOCS, type RestAnswer, validationFailed } from "./http-answers.js";
import { renderIssue } from "./objects.js";
import { paginate, readPaging } from "./pagination.js";
import type { RestContext, RestRequest } from "./rest.js";
import { findRepo, issueLabels, type SimIssue, type SimRepo } from "./state.js";

export const SEARCH_RESULT_CAP = 1000;

interface Qualifier {
  negated: boolean;
  key: string;
  /** Comma-separated values with quotes removed (`label:"a b","c"` → ["a b", "c"]). */
  values: string[];
}

interface ParsedQuery {
  qualifiers: Qualifier[];
  words: string[];
}

const TOKEN = /(-?)([A-Za-z_-]+):((?:"[^"]*"|[^\s",]+)(?:,(?:"[^"]*"|[^\s",]+))*)|"([^"]*)"|(\S+)/g;

export function parseSearchQuery(q: string): ParsedQuery {
  const qualifiers: Qualifier[] = [];
  const words: string[] = [];
  for (const m of q.matchAll(TOKEN)) {
    if (m[2] !== undefined && m[3] !== undefined) {
      const values = [...m[3].matchAll(/"([^"]*)"|([^,]+)/g)].map((v) => v[1] ?? v[2] ?? "");
      qualifiers.push({ negated: m[1] === "-", key: m[2].toLowerCase(), values });
    } else {
      const word = m[4] ?? m[5];
      if (word) words.push(word.toLowerCase());
    }
  }
  return { qualifiers, words };
}

/** `>=2023-11-20`, `<2023-11-20T10:00:00Z`, `2023-11-01..2023-11-30`, `2023-11-20` (that day). */
function matchesDate(field: string | null, spec: string): boolean {
  if (field === null) return false;
  const range = spec.split("..");
  if (range.length === 2) {
    const [from = "*", to = "*"] = range;
    return (from === "*" || matchesDate(field, `>=${from}`)) && (to === "*" || matchesDate(field, `<=${to}`));
  }
  const op = /^(>=|<=|>|<)?(.*)$/.exec(spec);
  const operator = op?.[1] ?? "=";
  const value = op?.[2] ?? "";
  // A date without a time compares whole days, as GitHub does.
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const a = dayOnly ? field.slice(0, 10) : Date.parse(field);
  const b = dayOnly ? value : Date.parse(value);
  if (operator === ">=") return a >= b;
  if (operator === "<=") return a <= b;
  if (operator === ">") return a > b;
  if (operator === "<") return a < b;
  return a === b;
}

function matchesQualifier(repo: SimRepo, issue: SimIssue, q: Qualifier): boolean | undefined {
  const lower = q.values.map((v) => v.toLowerCase());
  const labels = issueLabels(repo, issue).map((l) => l.name.toLowerCase());
  switch (q.key) {
    case "is":
    case "state":
    case "type":
      return lower.some((v) => {
        if (v === "open" || v === "closed") return issue.state === v;
        if (v === "issue") return !issue.pull_request;
        if (v === "pr" || v === "pull-request") return issue.pull_request;
        if (v === "merged") return issue.pull_request && issue.merged;
        if (v === "unmerged") return issue.pull_request && !issue.merged;
        return true;
      });
    case "label":
      return lower.some((v) => labels.includes(v));
    case "milestone": {
      const m =
        issue.milestone === null ? undefined : repo.milestones.find((x) => x.number === issue.milestone);
      return m !== undefined && lower.includes(m.title.toLowerCase());
    }
    case "no":
      return lower.every((v) => {
        if (v === "milestone") return issue.milestone === null;
        if (v === "label") return labels.length === 0;
        if (v === "assignee") return issue.assignees.length === 0;
        return true;
      });
    case "author":
      return lower.includes(issue.user.toLowerCase());
    case "assignee":
      return issue.assignees.some((a) => lower.includes(a.toLowerCase()));
    case "updated":
      return q.values.some((v) => matchesDate(issue.updated_at, v));
    case "created":
      return q.values.some((v) => matchesDate(issue.created_at, v));
    case "closed":
      return q.values.some((v) => matchesDate(issue.closed_at, v));
    default:
      return undefined;
  }
}

function searchableRepos(ctx: RestContext, parsed: ParsedQuery): SimRepo[] {
  const org = ctx.state.org.toLowerCase();
  const orgs = parsed.qualifiers.filter((q) => q.key === "org" || q.key === "user");
  const repoQualifiers = parsed.qualifiers.filter((q) => q.key === "repo");
  if (orgs.length > 0 && !orgs.some((q) => q.values.some((v) => v.toLowerCase() === org))) return [];
  if (repoQualifiers.length === 0) return ctx.state.repos;
  const repos: SimRepo[] = [];
  for (const q of repoQualifiers) {
    for (const full of q.values) {
      const [owner = "", name = ""] = full.split("/");
      const repo = owner.toLowerCase() === org ? findRepo(ctx.state, name) : undefined;
      if (repo && !repos.includes(repo)) repos.push(repo);
    }
  }
  return repos;
}

export function searchIssues(ctx: RestContext, req: RestRequest): RestAnswer {
  const q = req.query.q ?? "";
  const parsed = parseSearchQuery(q);
  const saysKind = parsed.qualifiers.some(
    (x) =>
      (x.key === "is" || x.key === "type") &&
      x.values.some((v) => ["issue", "pr", "pull-request"].includes(v.toLowerCase())),
  );
  if (!saysKind) {
    return validationFailed([
      {
        resource: "Search",
        field: "q",
        code: "invalid",
        message: "Query must include 'is:issue' or 'is:pull-request'",
      },
    ]);
  }
  const { perPage, page } = readPaging(req.query);
  if ((page - 1) * perPage >= SEARCH_RESULT_CAP) {
    return {
      status: 422,
      body: {
        message: "Cannot access beyond the first 1000 results, or the page number is too large.",
        documentation_url: DOCS,
        status: "422",
      },
    };
  }
  const hits: { repo: SimRepo; issue: SimIssue }[] = [];
  const filters = parsed.qualifiers.filter((x) => !["org", "user", "repo", "in", "sort"].includes(x.key));
  for (const repo of searchableRepos(ctx, parsed)) {
    for (const issue of repo.issues) {
      const keep = filters.every((f) => {
        const verdict = matchesQualifier(repo, issue, f);
        // Qualifiers the simulator does not model (in:, sort:, reason:, …) do not narrow the search.
        if (verdict === undefined) return true;
        return f.negated ? !verdict : verdict;
      });
      if (!keep) continue;
      const text = `${issue.title}\n${issue.body ?? ""}`.toLowerCase();
      if (!parsed.words.every((w) => text.includes(w))) continue;
      hits.push({ repo, issue });
    }
  }
  const sort = req.query.sort;
  const sign = req.query.order === "asc" ? 1 : -1;
  const key = ({ issue }: { issue: SimIssue }): string | number =>
    sort === "updated" ? issue.updated_at : sort === "comments" ? issue.comments.length : issue.created_at;
  hits.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return sign * (ka < kb ? -1 : ka > kb ? 1 : a.issue.id - b.issue.id);
  });
  const { items, link } = paginate(hits, req.selfUrl, req.query, SEARCH_RESULT_CAP);
  return {
    status: 200,
    body: {
      total_count: hits.length,
      incomplete_results: false,
      search_type: "lexical",
      items: items.map(({ repo, issue }) => ({
        ...renderIssue(ctx.base, ctx.state, repo, issue),
        // The description types a search item's body as a plain string (issues' own is nullable).
        body: issue.body ?? "",
        score: 1,
      })),
    },
    ...(link ? { headers: { link } } : {}),
  };
}
