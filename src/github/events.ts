/**
 * Reading what happened to the organisation's issues, for `history` and `status --as-of`, and
 * turning it into the history engine's normalised events (src/history/events.ts).
 *
 * Strategy (CONTRIBUTING.md, "How history reads events"): one REST listing per repository,
 * `GET /repos/{owner}/{repo}/issues/events`, newest first, read page by page only back to the
 * earliest moment asked about. It is the one listing that shows every label removal, close,
 * reopen, milestone change and sub-issue link of every issue and pull request of a repository,
 * including the tasks that have since *lost* their epic label (which no label-filtered query can
 * find), each event with the issue as it is now. The replay undoes events after a moment, so events
 * older than the earliest point are never needed.
 *
 * What is read is kept in an event store beside the HTTP cache (one file per repository): a later
 * run reads only the first page (a free 304 when nothing happened) and the events newer than the
 * newest it knows, so a repeated run on an unchanged organisation costs one free request per
 * repository.
 */
import type { CloseReason, ItemNow, WorkEvent } from "../history/events.js";
import type { IssueRef } from "../model/work.js";
import type { GitHubClient } from "./client.js";
import { type EventStore, type StoredRepoEvents, storedEventsValid } from "./event-store.js";
import { inParallel } from "./parallel.js";

export type RestClient = Pick<GitHubClient, "request">;

const PAGE = 100;
/** Repository listings in flight at once: GitHub allows 100 concurrent requests; 8 stays polite. */
const CONCURRENT_REPOS = 8;

interface RawRef {
  number: number;
  repository?: { full_name?: string; name?: string } | null;
}

interface RawIssue {
  number: number;
  title: string;
  html_url: string;
  state: string;
  state_reason?: string | null;
  created_at: string;
  labels?: (string | { name?: string | null })[];
  milestone?: { title: string } | null;
  pull_request?: unknown;
}

interface RawEvent {
  id: number;
  event: string;
  created_at: string;
  issue?: RawIssue | null;
  label?: { name: string } | null;
  milestone?: { title: string } | null;
  state_reason?: string | null;
  sub_issue?: RawRef | null;
  parent_issue?: RawRef | null;
}

export interface EventRead {
  events: WorkEvent[];
  /** Issues as the events show them now, by "org/repo#n" (lower case). */
  items: ItemNow[];
  warnings: string[];
}

function reasonOf(raw: string | null | undefined): CloseReason | null {
  if (raw === "not_planned") return "not_planned";
  if (raw === "duplicate") return "duplicate";
  if (raw === "completed" || raw === "reopened" || raw === null || raw === undefined) return null;
  return null;
}

function labelNames(issue: RawIssue): string[] {
  return (issue.labels ?? []).flatMap((l) => (typeof l === "string" ? [l] : l?.name ? [l.name] : []));
}

function refOf(raw: RawRef, fallbackRepo: string): IssueRef {
  const repo = raw.repository?.full_name || fallbackRepo;
  return { repo, number: raw.number };
}

/** One raw event as the engine's event, or nothing (an event type history does not use). */
export function normaliseEvent(raw: RawEvent, repo: string): WorkEvent | undefined {
  const issue = raw.issue;
  if (!issue) return undefined;
  const item = { repo, number: issue.number };
  const at = raw.created_at;
  switch (raw.event) {
    case "labeled":
    case "unlabeled":
      return raw.label ? { kind: raw.event, at, item, label: raw.label.name } : undefined;
    case "closed":
    case "merged": {
      // GitHub sends `closed` (and, for a pull request, `merged`) once per close; a merge is done work.
      if (raw.event === "merged") return undefined;
      const reason = reasonOf(raw.state_reason) ?? "completed";
      return { kind: "closed", at, item, reason };
    }
    case "reopened":
      return { kind: "reopened", at, item };
    case "milestoned":
    case "demilestoned":
      return raw.milestone ? { kind: raw.event, at, item, milestone: raw.milestone.title } : undefined;
    case "sub_issue_added":
    case "sub_issue_removed":
      // On the parent's timeline: the event's issue is the parent, `sub_issue` the child.
      return raw.sub_issue
        ? { kind: raw.event, at, item: refOf(raw.sub_issue, repo), parent: item }
        : undefined;
    case "parent_issue_added":
    case "parent_issue_removed":
      // The same link seen from the child's timeline: stored as the parent's event, once.
      return undefined;
    default:
      return undefined;
  }
}

/** The issue as the event shows it now: the engine's view of an item. */
export function itemFromIssue(issue: RawIssue, repo: string): ItemNow {
  const closed = issue.state === "closed";
  return {
    repo,
    number: issue.number,
    title: issue.title,
    url: issue.html_url,
    pullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
    createdAt: issue.created_at,
    state: closed ? "closed" : "open",
    stateReason: closed ? (reasonOf(issue.state_reason) ?? "completed") : null,
    labels: labelNames(issue),
    parent: null,
    milestone: issue.milestone?.title ?? null,
  };
}

/**
 * Every event of the repositories from `since` on (and the items they concern), newest pages
 * first, stopping at the first event older than `since`. With a store, what an earlier run read is
 * reused and only newer events are fetched.
 */
export async function readIssueEvents(
  client: RestClient,
  options: { org: string; repositories: readonly string[]; since: Date; store?: EventStore },
): Promise<EventRead> {
  const read: EventRead = { events: [], items: [], warnings: [] };
  const items = new Map<string, ItemNow>();
  // Repositories are independent: several listings in flight (GitHub allows 100 concurrent
  // requests), their answers taken in the repositories' order so the result never depends on timing.
  const answers = await inParallel(options.repositories, CONCURRENT_REPOS, (name) =>
    readRepository(client, options.org, name, options.since, options.store, read.warnings),
  );
  answers.forEach((raw, i) => {
    const repo = `${options.org}/${options.repositories[i]}`;
    for (const r of raw) {
      const event = normaliseEvent(r, repo);
      if (event) read.events.push(event);
      // Newest first: the first sighting of an issue is the freshest copy of it.
      if (r.issue) {
        const key = `${repo.toLowerCase()}#${r.issue.number}`;
        if (!items.has(key)) items.set(key, itemFromIssue(r.issue, repo));
      }
    }
  });
  read.items = [...items.values()];
  return read;
}

/** What history keeps of an event (the stored copy stays small). */
function trim(raw: RawEvent): RawEvent {
  const issue = raw.issue;
  return {
    id: raw.id,
    event: raw.event,
    created_at: raw.created_at,
    ...(issue
      ? {
          issue: {
            number: issue.number,
            title: issue.title,
            html_url: issue.html_url,
            state: issue.state,
            state_reason: issue.state_reason ?? null,
            created_at: issue.created_at,
            labels: labelNames(issue),
            milestone: issue.milestone ? { title: issue.milestone.title } : null,
            ...(issue.pull_request ? { pull_request: {} } : {}),
          },
        }
      : {}),
    ...(raw.label ? { label: { name: raw.label.name } } : {}),
    ...(raw.milestone ? { milestone: { title: raw.milestone.title } } : {}),
    ...(raw.state_reason !== undefined ? { state_reason: raw.state_reason } : {}),
    ...(raw.sub_issue
      ? {
          sub_issue: {
            number: raw.sub_issue.number,
            repository: { full_name: raw.sub_issue.repository?.full_name ?? "" },
          },
        }
      : {}),
  };
}

async function readRepository(
  client: RestClient,
  owner: string,
  repo: string,
  since: Date,
  store: EventStore | undefined,
  warnings: string[],
): Promise<RawEvent[]> {
  const sinceMs = since.getTime();
  const stored = store ? await store.read(owner, repo) : undefined;
  const usable =
    stored && storedEventsValid(stored) && Date.parse(stored.from) <= sinceMs ? stored : undefined;
  const known = new Set(usable?.events.map((e) => (e as RawEvent).id) ?? []);
  const fresh: RawEvent[] = [];
  let reachedKnown = false;
  let reachedSince = false;
  for (let page = 1; ; page++) {
    const res = await client.request<RawEvent[]>("GET /repos/{owner}/{repo}/issues/events", {
      owner,
      repo,
      per_page: PAGE,
      page,
    });
    const events = Array.isArray(res.data) ? res.data : [];
    for (const e of events) {
      if (known.has(e.id)) {
        reachedKnown = true;
        break;
      }
      if (Date.parse(e.created_at) < sinceMs) {
        reachedSince = true;
        break;
      }
      fresh.push(trim(e));
    }
    if (reachedKnown || reachedSince || events.length < PAGE) break;
    if (page >= 1000) {
      warnings.push(
        `${owner}/${repo}: more than 100,000 issue events since ${since.toISOString()}; the oldest were not read`,
      );
      break;
    }
  }
  const older = usable
    ? (usable.events as RawEvent[]).filter((e) => Date.parse(e.created_at) >= sinceMs)
    : [];
  const all = [...fresh, ...older];
  if (store) {
    const entry: StoredRepoEvents = {
      version: 1,
      from: usable && Date.parse(usable.from) < sinceMs ? usable.from : since.toISOString(),
      events: [...fresh, ...((usable?.events as RawEvent[] | undefined) ?? [])],
    };
    await store.write(owner, repo, entry);
  }
  return all;
}
