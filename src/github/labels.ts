/**
 * Label endpoints of the REST API, as plain functions over the GitHubClient. Names are passed raw:
 * Octokit percent-encodes path parameters itself (encoding them here would turn `%` into `%25`
 * twice and the request into a 404).
 */
import { GitHubError } from "../errors.js";
import { FatalGitHubError, type GitHubClient, type ReadOptions } from "./client.js";

/** A label as GitHub reports it, normalised: colour lowercase, description `null` when none. */
export interface Label {
  name: string;
  color: string;
  description: string | null;
}

/** An issue or pull request carrying a label, with just what sync-labels needs. */
export interface LabelledIssue {
  number: number;
  pullRequest: boolean;
  state: string;
  /** Every label the issue carries (names as GitHub spells them). */
  labels: string[];
}

/**
 * Label objects gained fields over time (`archived_at`, `archived_by` in 2026) and GitHub does not
 * agree with itself on colour case, so parse leniently and normalise the colour here once.
 */
export function parseLabel(raw: unknown): Label {
  const r = (raw ?? {}) as { name?: unknown; color?: unknown; description?: unknown };
  return {
    name: String(r.name ?? ""),
    color: String(r.color ?? "").toLowerCase(),
    description: typeof r.description === "string" ? r.description : null,
  };
}

export async function listLabels(client: GitHubClient, owner: string, repo: string): Promise<Label[]> {
  const raw = await client.paginate<unknown>("GET /repos/{owner}/{repo}/labels", { owner, repo });
  return raw.map(parseLabel);
}

/** One label by name (GitHub matches it ignoring case), or undefined when the repository has none. */
export async function getLabel(
  client: GitHubClient,
  owner: string,
  repo: string,
  name: string,
  read: ReadOptions = {},
): Promise<Label | undefined> {
  try {
    const res = await client.request<unknown>(
      "GET /repos/{owner}/{repo}/labels/{name}",
      { owner, repo, name },
      read,
    );
    return parseLabel(res.data);
  } catch (error) {
    if (error instanceof GitHubError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * GitHub's 422 "already_exists": a create (or a rename onto a name) found the label there. After a
 * retried write whose first answer was lost, that label is usually our own first attempt.
 */
export function isAlreadyExists(error: unknown): boolean {
  return error instanceof GitHubError && error.status === 422 && /already_exists/.test(error.message);
}

export async function createLabel(
  client: GitHubClient,
  owner: string,
  repo: string,
  label: { name: string; color: string; description?: string },
): Promise<void> {
  await client.request("POST /repos/{owner}/{repo}/labels", { owner, repo, ...label });
}

/** PATCH in place; with `new_name` every issue and pull request keeps the label under its new name. */
export async function updateLabel(
  client: GitHubClient,
  owner: string,
  repo: string,
  name: string,
  fields: { new_name?: string; color?: string; description?: string },
): Promise<void> {
  await client.request("PATCH /repos/{owner}/{repo}/labels/{name}", { owner, repo, name, ...fields });
}

/** Deleting a label strips it from every issue and pull request; it cannot be undone. */
export async function deleteLabel(
  client: GitHubClient,
  owner: string,
  repo: string,
  name: string,
): Promise<void> {
  await client.request("DELETE /repos/{owner}/{repo}/labels/{name}", { owner, repo, name });
}

/**
 * Every issue and pull request, open or closed, carrying `name`. The issues endpoint lists pull
 * requests too; `labels` is a comma-separated AND filter, so a name containing a comma cannot be
 * asked for this way — such names are matched client-side from the repository's full issue list.
 */
export async function listIssuesWithLabel(
  client: GitHubClient,
  owner: string,
  repo: string,
  name: string,
  read: ReadOptions = {},
): Promise<LabelledIssue[]> {
  const filter = name.includes(",") ? {} : { labels: name };
  const raw = await client.paginate<unknown>(
    "GET /repos/{owner}/{repo}/issues",
    { owner, repo, state: "all", ...filter },
    read,
  );
  const wanted = name.toLowerCase();
  return raw.map(parseIssue).filter((issue) => issue.labels.some((label) => label.toLowerCase() === wanted));
}

function parseIssue(raw: unknown): LabelledIssue {
  const r = (raw ?? {}) as { number?: unknown; pull_request?: unknown; state?: unknown; labels?: unknown };
  const labels = Array.isArray(r.labels)
    ? r.labels.map((l: unknown) =>
        typeof l === "string" ? l : String((l as { name?: unknown })?.name ?? ""),
      )
    : [];
  return {
    number: Number(r.number),
    pullRequest: r.pull_request !== undefined && r.pull_request !== null,
    state: String(r.state ?? ""),
    labels,
  };
}

/** Adds a label to an issue or pull request (pull requests are issues for this endpoint). */
export async function addLabelToIssue(
  client: GitHubClient,
  owner: string,
  repo: string,
  issueNumber: number,
  name: string,
): Promise<void> {
  await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
    owner,
    repo,
    issue_number: issueNumber,
    labels: [name],
  });
}

/**
 * How many REST ("core") requests the token has left this hour, from `GET /rate_limit`, which
 * GitHub does not count against the limit. Labels are read with GraphQL, whose budget is a separate
 * bucket and says nothing about the REST writes to come, so sync-labels asks this before writing.
 * `undefined` when GitHub does not say (rate limiting disabled on some GitHub Enterprise servers).
 */
export async function getCoreRateRemaining(client: GitHubClient): Promise<number | undefined> {
  const res = await client.request<{ resources?: { core?: { remaining?: unknown } } }>("GET /rate_limit");
  const remaining = res.data.resources?.core?.remaining;
  return typeof remaining === "number" ? remaining : undefined;
}

/**
 * The REST requests left before the writes. The last REST answer's headers say it for free when
 * the reading used REST; otherwise GitHub is asked (`GET /rate_limit`, free of charge). Not knowing
 * only costs the early warning, never the run: sync-labels and link-tasks use it.
 */
export async function restRemaining(client: GitHubClient): Promise<number | undefined> {
  if (client.stats.rateRemaining !== undefined) return client.stats.rateRemaining;
  try {
    return await getCoreRateRemaining(client);
  } catch (error) {
    if (error instanceof FatalGitHubError) throw error;
    return undefined;
  }
}
