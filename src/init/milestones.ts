/**
 * The pm repository's milestones, for `init`'s `milestones:` section: one REST listing (state all,
 * 100 a page), the same data `status` reads with GraphQL, but init needs nothing else from it.
 */
import type { GitHubClient } from "../github/client.js";

export interface FoundMilestone {
  number: number;
  title: string;
  state: "open" | "closed";
  /** YYYY-MM-DD, or undefined without a due date. */
  due: string | undefined;
}

export async function listMilestones(
  client: GitHubClient,
  owner: string,
  repo: string,
): Promise<FoundMilestone[]> {
  const raw = await client.paginate<unknown>("GET /repos/{owner}/{repo}/milestones", {
    owner,
    repo,
    state: "all",
  });
  return raw.map(parseMilestone).sort((a, b) => a.number - b.number);
}

function parseMilestone(raw: unknown): FoundMilestone {
  const r = (raw ?? {}) as { number?: unknown; title?: unknown; state?: unknown; due_on?: unknown };
  return {
    number: Number(r.number),
    title: String(r.title ?? ""),
    state: r.state === "closed" ? "closed" : "open",
    due: typeof r.due_on === "string" ? r.due_on.slice(0, 10) : undefined,
  };
}
