/**
 * Repository listing. Only what sync-labels (and anyone choosing repositories) needs, parsed
 * leniently: GitHub adds fields to repository objects all the time.
 */
import type { GitHubClient } from "./client.js";

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
