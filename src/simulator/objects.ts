/**
 * State → the JSON objects GitHub's REST API returns (repository, label, issue, milestone,
 * comment, user), with every field GitHub's OpenAPI description marks as required, so clients
 * written against the simulator also parse real answers (and the response validator can hold the
 * simulator to the description).
 */
import {
  findIssueById,
  findMilestone,
  issueLabels,
  makeNodeId,
  milestoneCounts,
  NODE_PREFIX,
  type SimComment,
  type SimEvent,
  type SimIssue,
  type SimLabel,
  type SimMilestone,
  type SimRepo,
  type SimState,
  subIssuesSummary,
  userId,
} from "./state.js";

/** Where the simulator is served (`http://127.0.0.1:PORT`) and the web host for html_url fields. */
export interface UrlBase {
  api: string;
  html: string;
}

export function renderUser(base: UrlBase, login: string, type: "User" | "Organization" = "User") {
  const id = userId(type === "Organization" ? `org:${login}` : login);
  const url = `${base.api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: makeNodeId(type === "Organization" ? NODE_PREFIX.org : NODE_PREFIX.user, id),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${base.html}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type,
    user_view_type: "public",
    site_admin: false,
  };
}

function repoPath(state: SimState, repo: SimRepo): string {
  return `${encodeURIComponent(state.org)}/${encodeURIComponent(repo.name)}`;
}

export function renderRepo(base: UrlBase, state: SimState, repo: SimRepo) {
  const path = repoPath(state, repo);
  const url = `${base.api}/repos/${path}`;
  const openIssues = repo.issues.filter((i) => i.state === "open" && !i.pull_request).length;
  return {
    id: repo.id,
    node_id: repo.node_id,
    name: repo.name,
    full_name: `${state.org}/${repo.name}`,
    private: repo.private,
    owner: renderUser(base, state.org, "Organization"),
    html_url: `${base.html}/${path}`,
    description: repo.description,
    fork: repo.fork,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${path}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${path}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${base.html}/${path}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: `${base.html}/${path}`,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 0,
    default_branch: "main",
    open_issues_count: openIssues,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: repo.archived,
    disabled: false,
    visibility: repo.private ? "private" : "public",
    pushed_at: repo.pushed_at,
    created_at: repo.created_at,
    updated_at: repo.updated_at,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    network_count: 0,
    subscribers_count: 0,
  };
}

export function renderLabel(base: UrlBase, state: SimState, repo: SimRepo, label: SimLabel) {
  return {
    id: label.id,
    node_id: label.node_id,
    url: `${base.api}/repos/${repoPath(state, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

export function renderMilestone(base: UrlBase, state: SimState, repo: SimRepo, m: SimMilestone) {
  const path = repoPath(state, repo);
  const url = `${base.api}/repos/${path}/milestones/${m.number}`;
  const counts = milestoneCounts(repo, m.number);
  return {
    url,
    html_url: `${base.html}/${path}/milestone/${m.number}`,
    labels_url: `${url}/labels`,
    id: m.id,
    node_id: m.node_id,
    number: m.number,
    title: m.title,
    description: m.description,
    creator: renderUser(base, m.creator, m.creator === state.org ? "Organization" : "User"),
    open_issues: counts.open,
    closed_issues: counts.closed,
    state: m.state,
    created_at: m.created_at,
    updated_at: m.updated_at,
    due_on: m.due_on,
    closed_at: m.closed_at,
  };
}

export function renderIssue(base: UrlBase, state: SimState, repo: SimRepo, issue: SimIssue) {
  const path = repoPath(state, repo);
  const repoUrl = `${base.api}/repos/${path}`;
  const url = `${repoUrl}/issues/${issue.number}`;
  const milestone = issue.milestone === null ? undefined : findMilestone(repo, issue.milestone);
  const assignees = issue.assignees.map((login) => renderUser(base, login));
  const htmlUrl = `${base.html}/${path}/${issue.pull_request ? "pull" : "issues"}/${issue.number}`;
  return {
    id: issue.id,
    node_id: issue.node_id,
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: htmlUrl,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: renderUser(base, issue.user, issue.user === state.org ? "Organization" : "User"),
    labels: issueLabels(repo, issue).map((l) => renderLabel(base, state, repo, l)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: milestone ? renderMilestone(base, state, repo, milestone) : null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    ...(issue.pull_request
      ? {
          pull_request: {
            url: `${repoUrl}/pulls/${issue.number}`,
            html_url: htmlUrl,
            diff_url: `${htmlUrl}.diff`,
            patch_url: `${htmlUrl}.patch`,
            // GitHub sets merged_at only for a merged pull request; one closed unmerged has null.
            merged_at: issue.merged ? issue.closed_at : null,
          },
        }
      : {}),
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    author_association: "MEMBER",
    ...(issue.pull_request ? {} : renderHierarchy(base, state, issue)),
  };
}

/** An issue's place in its sub-issue tree, as GitHub adds it to every issue object. */
function renderHierarchy(base: UrlBase, state: SimState, issue: SimIssue) {
  const summary = subIssuesSummary(state, issue);
  const parent = issue.parentId === null ? undefined : findIssueById(state, issue.parentId);
  return {
    sub_issues_summary: {
      total: summary.total,
      completed: summary.completed,
      percent_completed: summary.percentCompleted,
    },
    parent_issue_url: parent
      ? `${base.api}/repos/${repoPath(state, parent.repo)}/issues/${parent.issue.number}`
      : null,
  };
}

export function renderComment(base: UrlBase, state: SimState, repo: SimRepo, issue: SimIssue, c: SimComment) {
  const path = repoPath(state, repo);
  const htmlKind = issue.pull_request ? "pull" : "issues";
  return {
    id: c.id,
    node_id: c.node_id,
    url: `${base.api}/repos/${path}/issues/comments/${c.id}`,
    html_url: `${base.html}/${path}/${htmlKind}/${issue.number}#issuecomment-${c.id}`,
    issue_url: `${base.api}/repos/${path}/issues/${issue.number}`,
    body: c.body,
    user: renderUser(base, c.user),
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: "MEMBER",
  };
}

/** GitHub's issue reference (sub-issue events): number, title, state and the repository. */
function renderIssueReference(base: UrlBase, state: SimState, id: number | undefined) {
  const found = id === undefined ? undefined : findIssueById(state, id);
  if (!found) return null;
  return {
    number: found.issue.number,
    title: found.issue.title,
    state: found.issue.state,
    state_reason: found.issue.state_reason,
    repository: renderRepo(base, state, found.repo),
    issue_type: null,
  };
}

/**
 * An issue event as GitHub's events endpoints return it. `withIssue` adds the issue itself, as the
 * repository-wide listing does. A label event carries the label as it was when applied (a later
 * rename does not rewrite history); a milestone event only the milestone's title.
 */
export function renderEvent(
  base: UrlBase,
  state: SimState,
  repo: SimRepo,
  issue: SimIssue,
  e: SimEvent,
  withIssue: boolean,
) {
  const out: Record<string, unknown> = {
    id: e.id,
    node_id: e.node_id,
    url: `${base.api}/repos/${repoPath(state, repo)}/issues/events/${e.id}`,
    actor: renderUser(base, e.actor, e.actor === state.org ? "Organization" : "User"),
    event: e.event,
    commit_id: null,
    commit_url: null,
    created_at: e.created_at,
    performed_via_github_app: null,
  };
  if (e.label) out.label = { name: e.label.name, color: e.label.color };
  if (e.milestone) out.milestone = { title: e.milestone.title };
  if (e.event === "closed") out.state_reason = e.state_reason ?? null;
  if (e.event === "reopened") out.state_reason = issue.pull_request ? null : "reopened";
  if (e.event === "sub_issue_added" || e.event === "sub_issue_removed") {
    out.sub_issue = renderIssueReference(base, state, e.other_issue_id);
  }
  if (e.event === "parent_issue_added" || e.event === "parent_issue_removed") {
    out.parent_issue = renderIssueReference(base, state, e.other_issue_id);
  }
  if (e.rename) out.rename = { from: e.rename.from, to: e.rename.to };
  if (e.assignee) {
    out.assignee = renderUser(base, e.assignee);
    out.assigner = renderUser(base, e.actor);
  }
  if (withIssue) out.issue = renderIssue(base, state, repo, issue);
  return out;
}
