/**
 * Which repositories sync-labels touches: the config's `repos.include` / `repos.exclude` globs,
 * narrowed by `--repo`. Pure: the caller lists the organisation's repositories.
 */
import { namesRepoExplicitly, selectRepo } from "../config/index.js";
import { InputError } from "../errors.js";
import type { Repo } from "../github/repos.js";

export interface SkippedRepo {
  repo: Repo;
  /** Short reason shown in the summary: "archived", "fork", "excluded". */
  reason: "archived" | "fork" | "excluded";
  /** What to tell the user. */
  detail: string;
}

export interface RepoSelection {
  selected: Repo[];
  skipped: SkippedRepo[];
}

/**
 * Archived repositories are never written to; forks only when the config names them exactly (or
 * `--repo` does). An unknown `--repo` is bad input, named with the organisation's repositories.
 */
export function selectRepositories(
  all: readonly Repo[],
  patterns: { include: readonly string[]; exclude: readonly string[] },
  requested: readonly string[],
  org: string,
): RepoSelection {
  const byName = new Map(all.map((r) => [r.name.toLowerCase(), r]));
  let candidates: Repo[] = [...all];
  const explicit = new Set<string>();
  if (requested.length > 0) {
    const unknown: string[] = [];
    const wanted = new Set<string>();
    for (const raw of requested) {
      // Accept `org/name` as well as `name`.
      const name = raw.toLowerCase().startsWith(`${org.toLowerCase()}/`) ? raw.slice(org.length + 1) : raw;
      if (byName.has(name.toLowerCase())) wanted.add(name.toLowerCase());
      else unknown.push(raw);
    }
    if (unknown.length > 0) {
      const known = all.map((r) => r.name);
      const shown = known.slice(0, 20).join(", ") + (known.length > 20 ? ", …" : "");
      throw new InputError(
        `--repo: ${unknown.map((n) => `"${n}"`).join(", ")} ${unknown.length === 1 ? "is not a repository" : "are not repositories"} of ${org}`,
        known.length > 0
          ? `Repositories of ${org}: ${shown}`
          : `${org} has no repositories the token can see.`,
      );
    }
    candidates = all.filter((r) => wanted.has(r.name.toLowerCase()));
    for (const name of wanted) explicit.add(name);
  }

  const selection: RepoSelection = { selected: [], skipped: [] };
  for (const repo of candidates) {
    const named = explicit.has(repo.name.toLowerCase());
    if (!selectRepo(repo.name, patterns.include, patterns.exclude)) {
      // Outside the config's selection: silently left out, unless --repo asked for it by name.
      if (named) {
        selection.skipped.push({
          repo,
          reason: "excluded",
          detail: "excluded by the config's repos.include/repos.exclude",
        });
      }
      continue;
    }
    if (repo.archived) {
      selection.skipped.push({ repo, reason: "archived", detail: "archived: never written to" });
    } else if (repo.fork && !named && !namesRepoExplicitly(repo.name, patterns.include)) {
      selection.skipped.push({
        repo,
        reason: "fork",
        detail: "fork: skipped unless repos.include names it exactly",
      });
    } else {
      selection.selected.push(repo);
    }
  }
  return selection;
}
