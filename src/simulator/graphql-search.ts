/**
 * Issue search (`search(type: ISSUE, query: …)`) over the simulator's state: the qualifiers waku-pm
 * and the REST search use. Pure: parse a query string, then match the state.
 *
 * GitHub's semantics reproduced: `label:"a","b"` is a OR b, repeated `label:` qualifiers are ANDed,
 * label names match ignoring case, `updated:>=DATE` compares with the issue's `updated_at`, plain
 * words must all appear in the title or body, results are newest first unless `sort:` says
 * otherwise, and no more than 1,000 results can be paged through.
 */
import { issueLabels, type SimIssue, type SimRepo, type SimState } from "./state.js";

export const SEARCH_RESULT_CAP = 1000;
/** GitHub does not support search queries longer than this (docs, "Troubleshooting search queries"). */
export const SEARCH_QUERY_MAX_LENGTH = 256;

type Comparison =
  | { op: ">" | ">=" | "<" | "<=" | "="; value: number }
  | { op: "range"; from: number; to: number };

export interface SearchQuery {
  /** `repo:` names (owner/name, lower case). */
  repos: string[];
  /** `org:`/`user:` logins (lower case). */
  owners: string[];
  kind: "issue" | "pr" | null;
  state: "open" | "closed" | null;
  merged: boolean | null;
  /** Each entry is one `label:` qualifier: a list of names of which one must match. */
  labels: string[][];
  excludedLabels: string[];
  noLabel: boolean;
  noMilestone: boolean;
  noAssignee: boolean;
  authors: string[];
  assignees: string[];
  milestones: string[];
  updated: Comparison[];
  created: Comparison[];
  closed: Comparison[];
  words: string[];
  sort: { field: "created" | "updated" | "comments"; direction: "asc" | "desc" };
}

/** Splits on spaces outside double quotes, keeping the quotes for the value parser. */
function tokenize(query: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of query) {
    if (ch === '"') quoted = !quoted;
    if (/\s/.test(ch) && !quoted) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

/** `"a b","c"` → ["a b", "c"]: commas outside quotes separate alternatives. */
function splitValues(value: string): string[] {
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') {
      quoted = !quoted;
      continue;
    }
    if (ch === "," && !quoted) {
      values.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  values.push(current);
  return values.filter((v) => v !== "");
}

function parseDate(text: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) return Number.NaN;
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function parseComparison(value: string): Comparison | undefined {
  const range = value.match(/^(.+)\.\.(.+)$/);
  if (range) {
    const from = range[1] === "*" ? Number.NEGATIVE_INFINITY : parseDate(range[1] as string, false);
    const to = range[2] === "*" ? Number.POSITIVE_INFINITY : parseDate(range[2] as string, true);
    return Number.isNaN(from) || Number.isNaN(to) ? undefined : { op: "range", from, to };
  }
  const m = value.match(/^(>=|<=|>|<)?(.+)$/);
  if (!m) return undefined;
  const op = (m[1] ?? "=") as ">" | ">=" | "<" | "<=" | "=";
  const text = m[2] as string;
  if (op === "=") {
    const from = parseDate(text, false);
    const to = parseDate(text, true);
    return Number.isNaN(from) ? undefined : { op: "range", from, to };
  }
  // `>DATE` means after the whole day; `<=DATE` includes it.
  const value2 = parseDate(text, op === ">" || op === "<=");
  return Number.isNaN(value2) ? undefined : { op, value: value2 };
}

function compare(ms: number, c: Comparison): boolean {
  switch (c.op) {
    case "range":
      return ms >= c.from && ms <= c.to;
    case ">":
      return ms > c.value;
    case ">=":
      return ms >= c.value;
    case "<":
      return ms < c.value;
    case "<=":
      return ms <= c.value;
    case "=":
      return ms === c.value;
  }
}

export function parseSearchQuery(query: string): SearchQuery {
  const q: SearchQuery = {
    repos: [],
    owners: [],
    kind: null,
    state: null,
    merged: null,
    labels: [],
    excludedLabels: [],
    noLabel: false,
    noMilestone: false,
    noAssignee: false,
    authors: [],
    assignees: [],
    milestones: [],
    updated: [],
    created: [],
    closed: [],
    words: [],
    sort: { field: "created", direction: "desc" },
  };
  for (const token of tokenize(query)) {
    const m = token.match(/^(-?)([a-z-]+):(.+)$/i);
    if (!m) {
      q.words.push(token.replace(/"/g, "").toLowerCase());
      continue;
    }
    const negated = m[1] === "-";
    const key = (m[2] as string).toLowerCase();
    const raw = m[3] as string;
    const values = splitValues(raw);
    const first = (values[0] ?? "").toLowerCase();
    switch (key) {
      case "repo":
        q.repos.push(...values.map((v) => v.toLowerCase()));
        break;
      case "org":
      case "user":
      case "owner":
        q.owners.push(...values.map((v) => v.toLowerCase()));
        break;
      case "is":
      case "type":
      case "state":
        if (first === "issue") q.kind = "issue";
        else if (first === "pr" || first === "pull-request") q.kind = "pr";
        else if (first === "open" || first === "closed") q.state = first;
        else if (first === "merged" || first === "unmerged") {
          q.kind = "pr";
          q.merged = first === "merged";
        }
        break;
      case "label":
        if (negated) q.excludedLabels.push(...values.map((v) => v.toLowerCase()));
        else q.labels.push(values.map((v) => v.toLowerCase()));
        break;
      case "no":
        if (first === "label") q.noLabel = true;
        else if (first === "milestone") q.noMilestone = true;
        else if (first === "assignee") q.noAssignee = true;
        break;
      case "author":
        q.authors.push(first);
        break;
      case "assignee":
        q.assignees.push(first);
        break;
      case "milestone":
        q.milestones.push(first);
        break;
      case "updated":
      case "created":
      case "closed": {
        const c = parseComparison(raw);
        if (c) q[key].push(c);
        break;
      }
      case "sort": {
        const s = first.match(/^(created|updated|comments)(?:-(asc|desc))?$/);
        if (s) q.sort = { field: s[1] as "created", direction: (s[2] ?? "desc") as "desc" };
        break;
      }
      default:
        // Qualifiers waku-pm never sends (in:, reason:, …) narrow nothing here.
        break;
    }
  }
  return q;
}

export interface SearchHit {
  repo: SimRepo;
  issue: SimIssue;
}

/** Every match, sorted; the caller pages through at most SEARCH_RESULT_CAP of them. */
export function searchIssues(state: SimState, q: SearchQuery): SearchHit[] {
  const org = state.org.toLowerCase();
  if (q.owners.some((o) => o !== org)) return [];
  const hits: SearchHit[] = [];
  for (const repo of state.repos) {
    const full = `${org}/${repo.name.toLowerCase()}`;
    if (q.repos.length > 0 && !q.repos.includes(full)) continue;
    for (const issue of repo.issues) {
      if (matches(repo, issue, q)) hits.push({ repo, issue });
    }
  }
  const sign = q.sort.direction === "asc" ? 1 : -1;
  const key = (h: SearchHit): number =>
    q.sort.field === "comments"
      ? h.issue.comments.length
      : Date.parse(q.sort.field === "updated" ? h.issue.updated_at : h.issue.created_at);
  return hits.sort((a, b) => sign * (key(a) - key(b)) || sign * (a.issue.id - b.issue.id));
}

function matches(repo: SimRepo, issue: SimIssue, q: SearchQuery): boolean {
  if (q.kind === "issue" && issue.pull_request) return false;
  if (q.kind === "pr" && !issue.pull_request) return false;
  if (q.state && issue.state !== q.state) return false;
  // is:merged is a merged pull request; is:unmerged an unmerged one (open or closed), as on GitHub.
  if (q.merged !== null && (!issue.pull_request || issue.merged !== q.merged)) return false;
  const names = issueLabels(repo, issue).map((l) => l.name.toLowerCase());
  if (q.noLabel && names.length > 0) return false;
  if (!q.labels.every((anyOf) => anyOf.some((n) => names.includes(n)))) return false;
  if (q.excludedLabels.some((n) => names.includes(n))) return false;
  if (q.noMilestone && issue.milestone !== null) return false;
  if (q.noAssignee && issue.assignees.length > 0) return false;
  if (q.authors.some((a) => a !== issue.user.toLowerCase())) return false;
  const assignees = issue.assignees.map((a) => a.toLowerCase());
  if (!q.assignees.every((a) => assignees.includes(a))) return false;
  if (q.milestones.length > 0) {
    const title = repo.milestones.find((m) => m.number === issue.milestone)?.title.toLowerCase();
    if (!title || !q.milestones.includes(title)) return false;
  }
  if (!q.updated.every((c) => compare(Date.parse(issue.updated_at), c))) return false;
  if (!q.created.every((c) => compare(Date.parse(issue.created_at), c))) return false;
  if (q.closed.length > 0) {
    if (!issue.closed_at) return false;
    const closedAt = Date.parse(issue.closed_at);
    if (!q.closed.every((c) => compare(closedAt, c))) return false;
  }
  const text = `${issue.title}\n${issue.body ?? ""}`.toLowerCase();
  return q.words.every((w) => text.includes(w));
}
