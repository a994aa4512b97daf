/**
 * The REST endpoints the simulator serves: a route table (method + OpenAPI path template, so the
 * validator finds the operation) and one handler per route working on the live state.
 * Transport concerns (auth, rate limits, ETags, faults, validation) live in `index.ts`.
 */
import {
  archived,
  DOCS,
  type FieldError,
  notFound,
  type RestAnswer,
  validationFailed,
} from "./http-answers.js";
import {
  renderComment,
  renderEvent,
  renderIssue,
  renderLabel,
  renderMilestone,
  renderRepo,
  renderUser,
  type UrlBase,
} from "./objects.js";
import { paginate } from "./pagination.js";
import { searchIssues } from "./search.js";
import {
  allComments,
  allocateId,
  DEFAULT_LABEL_NAMES,
  findIssue,
  findIssueById,
  findLabel,
  findLabelById,
  findMilestone,
  findRepo,
  isoNow,
  issueLabels,
  labelSnapshot,
  linkSubIssue,
  makeNodeId,
  milestoneCounts,
  NODE_PREFIX,
  recordEvent,
  reprioritizeSubIssue,
  type SimIssue,
  type SimLabel,
  type SimRepo,
  type SimState,
  unlinkSubIssue,
} from "./state.js";

export interface RestRequest {
  method: string;
  /** Path parameters, percent-decoded (a label name with `/` arrives as `%2F`). */
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Absolute URL of the request without its query, for `Link` headers. */
  selfUrl: string;
}

export interface RateLimitView {
  limit: number;
  used: number;
  remaining: number;
  reset: number;
}

export interface RestContext {
  state: SimState;
  base: UrlBase;
  now: () => Date;
  /** The requesting token's buckets, for `GET /rate_limit`. */
  rateLimits: () => { core: RateLimitView; search: RateLimitView; graphql: RateLimitView };
}

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** The OpenAPI path template, e.g. `/repos/{owner}/{repo}/labels/{name}`. */
  template: string;
  /** Rate-limit bucket, as GitHub's `x-ratelimit-resource` names it. */
  resource: "core" | "search";
  /** Costs nothing and answers even when the bucket is spent (GitHub's `GET /rate_limit`). */
  free?: boolean;
  handle: (ctx: RestContext, req: RestRequest) => RestAnswer;
}

const LABEL_NAME_MAX = 50;
const LABEL_DESCRIPTION_MAX = 100;
const DEFAULT_NEW_LABEL_COLOR = "ededed";

function ok(body: unknown, status = 200): RestAnswer {
  return { status, body };
}

function page<T>(req: RestRequest, all: readonly T[], render: (item: T) => unknown): RestAnswer {
  const { items, link } = paginate(all, req.selfUrl, req.query);
  return { status: 200, body: items.map(render), ...(link ? { headers: { link } } : {}) };
}

function repoOf(ctx: RestContext, req: RestRequest): SimRepo | undefined {
  if ((req.params.owner ?? "").toLowerCase() !== ctx.state.org.toLowerCase()) return undefined;
  return findRepo(ctx.state, req.params.repo ?? "");
}

/** Resolves `{owner}/{repo}` (404 when unknown) and refuses writes to archived repositories. */
function withRepo(
  write: boolean,
  fn: (ctx: RestContext, req: RestRequest, repo: SimRepo) => RestAnswer,
): (ctx: RestContext, req: RestRequest) => RestAnswer {
  return (ctx, req) => {
    const repo = repoOf(ctx, req);
    if (!repo) return notFound();
    if (write && repo.archived) return archived();
    return fn(ctx, req, repo);
  };
}

function withIssue(
  write: boolean,
  fn: (ctx: RestContext, req: RestRequest, repo: SimRepo, issue: SimIssue) => RestAnswer,
): (ctx: RestContext, req: RestRequest) => RestAnswer {
  return withRepo(write, (ctx, req, repo) => {
    const n = Number(req.params.issue_number);
    const issue = Number.isInteger(n) ? findIssue(repo, n) : undefined;
    if (!issue) return notFound();
    return fn(ctx, req, repo, issue);
  });
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isoTime(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

// ---- labels -------------------------------------------------------------------------------------

const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\s)+$/u;
const HEX6 = /^[0-9a-fA-F]{6}$/;

function checkLabelName(name: unknown, field: string): FieldError | undefined {
  if (typeof name !== "string" || name.trim() === "") {
    return { resource: "Label", code: "missing_field", field };
  }
  // GitHub counts characters, not UTF-16 units: an emoji is one.
  if ([...name].length > LABEL_NAME_MAX) {
    return {
      resource: "Label",
      code: "custom",
      field,
      message: "name is too long (maximum is 50 characters)",
    };
  }
  if (EMOJI_ONLY.test(name)) {
    return { resource: "Label", code: "invalid", field, value: name };
  }
  return undefined;
}

function checkColor(color: unknown): FieldError | undefined {
  if (typeof color !== "string" || !HEX6.test(color)) {
    return { resource: "Label", code: "invalid", field: "color", value: color };
  }
  return undefined;
}

function checkDescription(description: unknown): FieldError | undefined {
  if (description === null || description === undefined) return undefined;
  if (typeof description !== "string") return { resource: "Label", code: "invalid", field: "description" };
  if ([...description].length > LABEL_DESCRIPTION_MAX) {
    return {
      resource: "Label",
      code: "custom",
      field: "description",
      message: "description is too long (maximum is 100 characters)",
    };
  }
  return undefined;
}

function alreadyExists(): RestAnswer {
  return validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
}

function asRecord(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === "object" && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

function createLabel(
  ctx: RestContext,
  repo: SimRepo,
  name: string,
  color: string,
  description: string | null,
) {
  const id = allocateId(ctx.state);
  const label: SimLabel = {
    id,
    node_id: makeNodeId(NODE_PREFIX.label, id),
    name,
    color,
    description,
    default: false,
    former_names: [],
  };
  repo.labels.push(label);
  return label;
}

const listLabels = withRepo(false, (ctx, req, repo) =>
  page(req, repo.labels, (l) => renderLabel(ctx.base, ctx.state, repo, l)),
);

const getLabel = withRepo(false, (ctx, req, repo) => {
  const label = findLabel(repo, req.params.name ?? "");
  return label ? ok(renderLabel(ctx.base, ctx.state, repo, label)) : notFound();
});

const postLabel = withRepo(true, (ctx, req, repo) => {
  const body = asRecord(req.body);
  const errors = [
    checkLabelName(body.name, "name"),
    body.color === undefined ? undefined : checkColor(body.color),
    checkDescription(body.description),
  ].filter((e): e is FieldError => e !== undefined);
  if (errors.length > 0) return validationFailed(errors);
  const name = body.name as string;
  if (findLabel(repo, name)) return alreadyExists();
  const description =
    typeof body.description === "string" && body.description !== "" ? body.description : null;
  const label = createLabel(
    ctx,
    repo,
    name,
    (body.color as string | undefined) ?? DEFAULT_NEW_LABEL_COLOR,
    description,
  );
  return ok(renderLabel(ctx.base, ctx.state, repo, label), 201);
});

const patchLabel = withRepo(true, (ctx, req, repo) => {
  const label = findLabel(repo, req.params.name ?? "");
  if (!label) return notFound();
  const body = asRecord(req.body);
  const errors = [
    body.new_name === undefined ? undefined : checkLabelName(body.new_name, "name"),
    body.color === undefined ? undefined : checkColor(body.color),
    checkDescription(body.description),
  ].filter((e): e is FieldError => e !== undefined);
  if (errors.length > 0) return validationFailed(errors);
  if (typeof body.new_name === "string") {
    const clash = findLabel(repo, body.new_name);
    // A case-only rename finds the label itself: allowed, it is how `bug` becomes `Bug`.
    if (clash && clash.id !== label.id) return alreadyExists();
    label.name = body.new_name;
    label.default = label.default && DEFAULT_LABEL_NAMES.includes(label.name);
  }
  if (typeof body.color === "string") label.color = body.color;
  if (body.description !== undefined) {
    label.description =
      typeof body.description === "string" && body.description !== "" ? body.description : null;
  }
  return ok(renderLabel(ctx.base, ctx.state, repo, label));
});

const deleteLabel = withRepo(true, (_ctx, req, repo) => {
  const label = findLabel(repo, req.params.name ?? "");
  if (!label) return notFound();
  repo.labels = repo.labels.filter((l) => l.id !== label.id);
  // Deleting a label strips it from every issue and pull request, irreversibly.
  for (const issue of repo.issues) issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
  return { status: 204 };
});

// ---- issue labels -------------------------------------------------------------------------------

/** The label names of an add/set body: `{labels: [...]}` or a bare array, of names or `{name}`. */
function readLabelNames(body: unknown): string[] | undefined {
  let list: unknown = body;
  if (typeof body === "string") list = [body];
  else if (!Array.isArray(body)) list = asRecord(body).labels;
  if (typeof list === "string") list = [list];
  if (!Array.isArray(list)) return undefined;
  const names: string[] = [];
  for (const item of list) {
    if (typeof item === "string") names.push(item);
    else if (typeof asRecord(item).name === "string") names.push(asRecord(item).name as string);
    else return undefined;
  }
  return names;
}

/**
 * Applies names to an issue. GitHub silently creates a missing label (grey, no description):
 * one of the ways labels drift away from the label file.
 */
function applyLabels(
  ctx: RestContext,
  repo: SimRepo,
  issue: SimIssue,
  names: string[],
): RestAnswer | undefined {
  for (const name of names) {
    let label = findLabel(repo, name);
    if (!label) {
      const error = checkLabelName(name, "name");
      if (error) return validationFailed([error]);
      label = createLabel(ctx, repo, name, DEFAULT_NEW_LABEL_COLOR, null);
    }
    if (!issue.labelIds.includes(label.id)) issue.labelIds.push(label.id);
  }
  return undefined;
}

function issueLabelList(ctx: RestContext, repo: SimRepo, issue: SimIssue): RestAnswer {
  return ok(issueLabels(repo, issue).map((l) => renderLabel(ctx.base, ctx.state, repo, l)));
}

/**
 * Records what a label write changed: `unlabeled` for each label gone, `labeled` for each new one
 * (GitHub records nothing for a label already there, or for a rename or a deletion of the label).
 */
function recordLabelChanges(
  ctx: RestContext,
  repo: SimRepo,
  issue: SimIssue,
  before: readonly number[],
): void {
  for (const id of before) {
    const label = findLabelById(repo, id);
    if (label && !issue.labelIds.includes(id)) {
      recordEvent(ctx.state, issue, { event: "unlabeled", label: labelSnapshot(label) });
    }
  }
  for (const id of issue.labelIds) {
    const label = findLabelById(repo, id);
    if (label && !before.includes(id))
      recordEvent(ctx.state, issue, { event: "labeled", label: labelSnapshot(label) });
  }
}

function touch(ctx: RestContext, issue: SimIssue): void {
  issue.updated_at = ctx
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

const listIssueLabels = withIssue(false, (ctx, req, repo, issue) =>
  page(req, issueLabels(repo, issue), (l) => renderLabel(ctx.base, ctx.state, repo, l)),
);

const addIssueLabels = withIssue(true, (ctx, req, repo, issue) => {
  const names = readLabelNames(req.body);
  if (!names) return validationFailed([{ resource: "Label", code: "invalid", field: "labels" }]);
  const before = [...issue.labelIds];
  const failed = applyLabels(ctx, repo, issue, names);
  if (failed) return failed;
  recordLabelChanges(ctx, repo, issue, before);
  touch(ctx, issue);
  return issueLabelList(ctx, repo, issue);
});

const setIssueLabels = withIssue(true, (ctx, req, repo, issue) => {
  const names = req.body === undefined ? [] : readLabelNames(req.body);
  if (!names) return validationFailed([{ resource: "Label", code: "invalid", field: "labels" }]);
  const before = issue.labelIds;
  issue.labelIds = [];
  const failed = applyLabels(ctx, repo, issue, names);
  if (failed) {
    issue.labelIds = before;
    return failed;
  }
  recordLabelChanges(ctx, repo, issue, before);
  touch(ctx, issue);
  return issueLabelList(ctx, repo, issue);
});

const removeIssueLabel = withIssue(true, (ctx, req, repo, issue) => {
  const label = findLabel(repo, req.params.name ?? "");
  if (!label || !issue.labelIds.includes(label.id)) {
    return {
      status: 404,
      body: { message: "Label does not exist", documentation_url: DOCS, status: "404" },
    };
  }
  issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
  recordEvent(ctx.state, issue, { event: "unlabeled", label: labelSnapshot(label) });
  touch(ctx, issue);
  return issueLabelList(ctx, repo, issue);
});

// ---- issues -------------------------------------------------------------------------------------

function filterIssues(repo: SimRepo, query: Record<string, string>): SimIssue[] {
  const state = query.state ?? "open";
  const wanted = (query.labels ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  // `labels=a,b` means a AND b; a label the repository lacks matches nothing.
  const wantedIds: number[] = [];
  for (const name of wanted) {
    const label = findLabel(repo, name);
    if (!label) return [];
    wantedIds.push(label.id);
  }
  const since = isoTime(query.since);
  const milestone = query.milestone;
  const assignee = query.assignee;
  const creator = query.creator;
  return repo.issues.filter((issue) => {
    if (state !== "all" && issue.state !== state) return false;
    if (!wantedIds.every((id) => issue.labelIds.includes(id))) return false;
    if (since !== undefined && Date.parse(issue.updated_at) < since) return false;
    if (milestone !== undefined && milestone !== "") {
      if (milestone === "*") {
        if (issue.milestone === null) return false;
      } else if (milestone === "none") {
        if (issue.milestone !== null) return false;
      } else if (issue.milestone !== Number(milestone)) return false;
    }
    if (assignee !== undefined && assignee !== "") {
      if (assignee === "none") {
        if (issue.assignees.length > 0) return false;
      } else if (assignee === "*") {
        if (issue.assignees.length === 0) return false;
      } else if (!issue.assignees.some((a) => a.toLowerCase() === assignee.toLowerCase())) return false;
    }
    if (creator !== undefined && creator !== "" && issue.user.toLowerCase() !== creator.toLowerCase())
      return false;
    return true;
  });
}

function sortIssues(issues: SimIssue[], sort: string | undefined, direction: string | undefined): SimIssue[] {
  const sign = direction === "asc" ? 1 : -1;
  const key = (i: SimIssue): string | number =>
    sort === "updated" ? i.updated_at : sort === "comments" ? i.comments.length : i.created_at;
  return [...issues].sort((a, b) => sign * (compare(key(a), key(b)) || compare(a.number, b.number)));
}

const listIssues = withRepo(false, (ctx, req, repo) => {
  const found = filterIssues(repo, req.query);
  const sorted = sortIssues(found, req.query.sort, req.query.direction);
  return page(req, sorted, (i) => renderIssue(ctx.base, ctx.state, repo, i));
});

const getIssue = withIssue(false, (ctx, _req, repo, issue) =>
  ok(renderIssue(ctx.base, ctx.state, repo, issue)),
);

/**
 * `PATCH …/issues/{n}`: title, body, state (with `state_reason`), milestone, labels, assignees.
 * Every change is recorded as GitHub records it (renamed, unlabeled/labeled, demilestoned then
 * milestoned, unassigned/assigned, closed with its reason or reopened).
 */
const patchIssue = withIssue(true, (ctx, req, repo, issue) => {
  const body = asRecord(req.body);
  let milestone: number | null | undefined;
  if (body.milestone !== undefined) {
    const wanted = body.milestone === null ? null : Number(body.milestone);
    if (wanted !== null && !findMilestone(repo, wanted)) {
      return validationFailed([
        { resource: "Issue", code: "invalid", field: "milestone", value: body.milestone },
      ]);
    }
    milestone = wanted;
  }
  if (body.state === "open" && issue.merged) {
    return validationFailed([
      {
        resource: "Issue",
        code: "custom",
        field: "state",
        message: "A merged pull request cannot be reopened",
      },
    ]);
  }
  let names: string[] | undefined;
  if (body.labels !== undefined) {
    names = readLabelNames(body.labels);
    if (!names) return validationFailed([{ resource: "Issue", code: "invalid", field: "labels" }]);
  }
  if (names) {
    const before = issue.labelIds;
    issue.labelIds = [];
    const failed = applyLabels(ctx, repo, issue, names);
    if (failed) {
      issue.labelIds = before;
      return failed;
    }
    recordLabelChanges(ctx, repo, issue, before);
  }
  if (typeof body.title === "string" || typeof body.title === "number") {
    const to = String(body.title);
    if (to !== issue.title) {
      recordEvent(ctx.state, issue, { event: "renamed", rename: { from: issue.title, to } });
      issue.title = to;
    }
  }
  if (body.body !== undefined) issue.body = typeof body.body === "string" ? body.body : null;
  if (milestone !== undefined && milestone !== issue.milestone) {
    const old = issue.milestone === null ? undefined : findMilestone(repo, issue.milestone);
    if (old) recordEvent(ctx.state, issue, { event: "demilestoned", milestone: { title: old.title } });
    const next = milestone === null ? undefined : findMilestone(repo, milestone);
    if (next) recordEvent(ctx.state, issue, { event: "milestoned", milestone: { title: next.title } });
    issue.milestone = milestone;
  }
  if (Array.isArray(body.assignees)) {
    const wanted = body.assignees.filter((a): a is string => typeof a === "string");
    for (const login of issue.assignees.filter((a) => !wanted.includes(a))) {
      recordEvent(ctx.state, issue, { event: "unassigned", assignee: login });
    }
    for (const login of wanted.filter((a) => !issue.assignees.includes(a))) {
      recordEvent(ctx.state, issue, { event: "assigned", assignee: login });
    }
    issue.assignees = wanted;
  }
  const reason = body.state_reason;
  if (body.state === "closed" && issue.state === "open") {
    issue.state = "closed";
    issue.closed_at = isoNow(ctx.state);
    const why = reason === "not_planned" || reason === "duplicate" ? reason : "completed";
    issue.state_reason = issue.pull_request ? null : why;
    recordEvent(ctx.state, issue, { event: "closed", ...(issue.pull_request ? {} : { state_reason: why }) });
  } else if (body.state === "open" && issue.state === "closed") {
    issue.state = "open";
    issue.closed_at = null;
    issue.state_reason = issue.pull_request ? null : "reopened";
    recordEvent(ctx.state, issue, { event: "reopened" });
  } else if (
    issue.state === "closed" &&
    !issue.pull_request &&
    (reason === "completed" || reason === "not_planned" || reason === "duplicate")
  ) {
    issue.state_reason = reason;
  }
  touch(ctx, issue);
  return ok(renderIssue(ctx.base, ctx.state, repo, issue));
});

// ---- events -------------------------------------------------------------------------------------

/** GitHub lists an issue's events oldest first. */
const listIssueEvents = withIssue(false, (ctx, req, repo, issue) =>
  page(req, issue.events, (e) => renderEvent(ctx.base, ctx.state, repo, issue, e, false)),
);

/** The repository's issue events, newest first, each with its issue. */
const listRepoEvents = withRepo(false, (ctx, req, repo) => {
  const all = repo.issues.flatMap((issue) => issue.events.map((event) => ({ issue, event })));
  all.sort((a, b) => compare(b.event.created_at, a.event.created_at) || b.event.id - a.event.id);
  return page(req, all, ({ issue, event }) => renderEvent(ctx.base, ctx.state, repo, issue, event, true));
});

/** The timeline: events and comments (as `commented` items), oldest first. */
const listTimeline = withIssue(false, (ctx, req, repo, issue) => {
  type Item = { at: string; order: number; render: () => unknown };
  const items: Item[] = [
    ...issue.events.map((e) => ({
      at: e.created_at,
      order: e.id,
      render: () => renderEvent(ctx.base, ctx.state, repo, issue, e, false),
    })),
    ...issue.comments.map((c) => ({
      at: c.created_at,
      order: c.id,
      render: () => ({
        ...renderComment(ctx.base, ctx.state, repo, issue, c),
        event: "commented",
        actor: renderUser(ctx.base, c.user),
      }),
    })),
  ];
  items.sort((a, b) => compare(a.at, b.at) || a.order - b.order);
  return page(req, items, (item) => item.render());
});

// ---- comments -----------------------------------------------------------------------------------

const listIssueComments = withIssue(false, (ctx, req, repo, issue) => {
  const since = isoTime(req.query.since);
  const found = issue.comments
    .filter((c) => since === undefined || Date.parse(c.updated_at) >= since)
    .sort((a, b) => compare(a.id, b.id));
  return page(req, found, (c) => renderComment(ctx.base, ctx.state, repo, issue, c));
});

const listRepoComments = withRepo(false, (ctx, req, repo) => {
  const since = isoTime(req.query.since);
  const found = [...allComments(ctx.state)].filter(
    ({ repo: r, comment }) =>
      r.id === repo.id && (since === undefined || Date.parse(comment.updated_at) >= since),
  );
  const sort = req.query.sort;
  // GitHub ignores `direction` unless `sort` is given; the default order is by id, ascending.
  const sign = sort && req.query.direction === "desc" ? -1 : 1;
  const key = (c: (typeof found)[number]): string | number =>
    sort === "updated" ? c.comment.updated_at : sort === "created" ? c.comment.created_at : c.comment.id;
  found.sort((a, b) => sign * (compare(key(a), key(b)) || compare(a.comment.id, b.comment.id)));
  return page(req, found, ({ issue, comment }) => renderComment(ctx.base, ctx.state, repo, issue, comment));
});

// ---- sub-issues ---------------------------------------------------------------------------------

function renderAnywhere(ctx: RestContext, id: number): unknown {
  const found = findIssueById(ctx.state, id);
  return found ? renderIssue(ctx.base, ctx.state, found.repo, found.issue) : undefined;
}

function subIssueRefused(message: string): RestAnswer {
  return validationFailed([{ resource: "Issue", code: "custom", field: "sub_issue_id", message }]);
}

/** The issue a body's `sub_issue_id` (a database id, not a number) names, in this organisation. */
function subIssueOf(ctx: RestContext, body: unknown): SimIssue | undefined {
  const id = asRecord(body).sub_issue_id;
  return typeof id === "number" ? findIssueById(ctx.state, id)?.issue : undefined;
}

const listSubIssues = withIssue(false, (ctx, req, _repo, issue) =>
  page(req, issue.subIssueIds, (id) => renderAnywhere(ctx, id)),
);

const addSubIssue = withIssue(true, (ctx, req, repo, parent) => {
  const child = subIssueOf(ctx, req.body);
  if (!child) return subIssueRefused("The provided sub-issue does not exist in this organisation");
  const linked = linkSubIssue(ctx.state, parent, child, asRecord(req.body).replace_parent === true);
  if (!linked.ok) return subIssueRefused(linked.message);
  touch(ctx, parent);
  return ok(renderIssue(ctx.base, ctx.state, repo, parent), 201);
});

const removeSubIssue = withIssue(true, (ctx, req, repo, parent) => {
  const child = subIssueOf(ctx, req.body);
  if (!child || !unlinkSubIssue(ctx.state, parent, child)) return notFound();
  touch(ctx, parent);
  return ok(renderIssue(ctx.base, ctx.state, repo, parent));
});

const prioritizeSubIssue = withIssue(true, (ctx, req, repo, parent) => {
  const body = asRecord(req.body);
  const number = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
  const problem = reprioritizeSubIssue(parent, number(body.sub_issue_id) ?? -1, {
    afterId: number(body.after_id),
    beforeId: number(body.before_id),
  });
  if (problem) {
    return {
      status: 422,
      body: { message: "Validation Failed", errors: [problem], documentation_url: DOCS },
    };
  }
  return ok(renderIssue(ctx.base, ctx.state, repo, parent));
});

const getParent = withIssue(false, (ctx, _req, _repo, issue) => {
  const parent = issue.parentId === null ? undefined : renderAnywhere(ctx, issue.parentId);
  return parent ? ok(parent) : notFound();
});

// ---- milestones ---------------------------------------------------------------------------------

const listMilestones = withRepo(false, (ctx, req, repo) => {
  const state = req.query.state ?? "open";
  const sign = req.query.direction === "desc" ? -1 : 1;
  const found = repo.milestones.filter((m) => state === "all" || m.state === state);
  const completeness = (n: number): number => {
    const c = milestoneCounts(repo, n);
    return c.open + c.closed === 0 ? 0 : c.closed / (c.open + c.closed);
  };
  found.sort((a, b) => {
    if (req.query.sort === "completeness") {
      return sign * (compare(completeness(a.number), completeness(b.number)) || compare(a.number, b.number));
    }
    // Milestones without a due date sort after those with one.
    const ad = a.due_on ?? "9999";
    const bd = b.due_on ?? "9999";
    return sign * (compare(ad, bd) || compare(a.number, b.number));
  });
  return page(req, found, (m) => renderMilestone(ctx.base, ctx.state, repo, m));
});

const getMilestone = withRepo(false, (ctx, req, repo) => {
  const m = findMilestone(repo, Number(req.params.milestone_number));
  return m ? ok(renderMilestone(ctx.base, ctx.state, repo, m)) : notFound();
});

// ---- repositories -------------------------------------------------------------------------------

const listOrgRepos = (ctx: RestContext, req: RestRequest): RestAnswer => {
  if ((req.params.org ?? "").toLowerCase() !== ctx.state.org.toLowerCase()) return notFound();
  const type = req.query.type ?? "all";
  const found = ctx.state.repos.filter((r) => {
    if (type === "public") return !r.private;
    if (type === "private") return r.private;
    if (type === "forks") return r.fork;
    if (type === "sources") return !r.fork;
    return true;
  });
  const sort = req.query.sort ?? "created";
  const direction = req.query.direction ?? (sort === "full_name" ? "asc" : "desc");
  const sign = direction === "asc" ? 1 : -1;
  const key = (r: SimRepo): string =>
    sort === "full_name"
      ? r.name.toLowerCase()
      : sort === "updated"
        ? r.updated_at
        : sort === "pushed"
          ? r.pushed_at
          : r.created_at;
  found.sort((a, b) => sign * (compare(key(a), key(b)) || compare(a.id, b.id)));
  return page(req, found, (r) => renderRepo(ctx.base, ctx.state, r));
};

const getRepo = withRepo(false, (ctx, _req, repo) => ok(renderRepo(ctx.base, ctx.state, repo)));

// ---- rate limit ---------------------------------------------------------------------------------

const getRateLimit = (ctx: RestContext): RestAnswer => {
  const resources = ctx.rateLimits();
  // `rate` is the deprecated copy of `core` GitHub still sends.
  return ok({ resources, rate: resources.core });
};

export const ROUTES: readonly Route[] = [
  { method: "GET", template: "/rate_limit", resource: "core", free: true, handle: getRateLimit },
  { method: "GET", template: "/orgs/{org}/repos", resource: "core", handle: listOrgRepos },
  {
    method: "GET",
    template: "/search/issues",
    resource: "search",
    handle: (ctx, req) => searchIssues(ctx, req),
  },
  { method: "GET", template: "/repos/{owner}/{repo}", resource: "core", handle: getRepo },
  { method: "GET", template: "/repos/{owner}/{repo}/labels", resource: "core", handle: listLabels },
  { method: "POST", template: "/repos/{owner}/{repo}/labels", resource: "core", handle: postLabel },
  { method: "GET", template: "/repos/{owner}/{repo}/labels/{name}", resource: "core", handle: getLabel },
  { method: "PATCH", template: "/repos/{owner}/{repo}/labels/{name}", resource: "core", handle: patchLabel },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/labels/{name}",
    resource: "core",
    handle: deleteLabel,
  },
  { method: "GET", template: "/repos/{owner}/{repo}/issues", resource: "core", handle: listIssues },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/comments",
    resource: "core",
    handle: listRepoComments,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    resource: "core",
    handle: getIssue,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    resource: "core",
    handle: listIssueLabels,
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    resource: "core",
    handle: addIssueLabels,
  },
  {
    method: "PUT",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels",
    resource: "core",
    handle: setIssueLabels,
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
    resource: "core",
    handle: removeIssueLabel,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
    resource: "core",
    handle: listIssueComments,
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/{issue_number}",
    resource: "core",
    handle: patchIssue,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/events",
    resource: "core",
    handle: listRepoEvents,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/events",
    resource: "core",
    handle: listIssueEvents,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/timeline",
    resource: "core",
    handle: listTimeline,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    resource: "core",
    handle: listSubIssues,
  },
  {
    method: "POST",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues",
    resource: "core",
    handle: addSubIssue,
  },
  {
    method: "DELETE",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issue",
    resource: "core",
    handle: removeSubIssue,
  },
  {
    method: "PATCH",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority",
    resource: "core",
    handle: prioritizeSubIssue,
  },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/issues/{issue_number}/parent",
    resource: "core",
    handle: getParent,
  },
  { method: "GET", template: "/repos/{owner}/{repo}/milestones", resource: "core", handle: listMilestones },
  {
    method: "GET",
    template: "/repos/{owner}/{repo}/milestones/{milestone_number}",
    resource: "core",
    handle: getMilestone,
  },
];

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** A segment with a stray `%` (a client that did not encode "50%") is taken as written. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Finds the route for a raw (still percent-encoded) path. Segments are split before decoding, so
 * `%2F` inside a label name stays inside that one parameter. Literal segments win over
 * parameters (`/issues/comments` is not issue number "comments").
 */
export function matchRoute(method: string, rawPath: string): RouteMatch | undefined {
  const segments = rawPath.replace(/\/+$/, "").split("/").slice(1);
  let best: { match: RouteMatch; literals: number } | undefined;
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const parts = route.template.split("/").slice(1);
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let matched = true;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? "";
      const decoded = safeDecode(segments[i] ?? "");
      if (part.startsWith("{")) {
        params[part.slice(1, -1)] = decoded;
      } else if (part === decoded) {
        literals++;
      } else {
        matched = false;
        break;
      }
    }
    if (matched && (!best || literals > best.literals)) best = { match: { route, params }, literals };
  }
  return best?.match;
}
