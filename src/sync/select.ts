/**
 * Which repositories sync-labels (and check) touch: the config's `repos.include` / `repos.exclude`
 * globs, narrowed by `--repo` names or globs (the same globs as the config's). Pure: the caller
 * lists the organisation's repositories.
 */
import { compileRepoGlob, describeGlobError, namesRepoExplicitly, selectRepo } from "../config/index.js";
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

/** True when a `--repo` value is a glob rather than a name. */
function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/**
 * Archived repositories are never written to; forks only when the config names them exactly, or
 * `--repo` does (a glob matching a fork does not name it). A `--repo` naming no repository, or a
 * glob matching none, is bad input, named with the organisation's repositories.
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
      if (isGlob(name)) {
        const problem = describeGlobError(name);
        if (problem)
          throw new InputError(
            `--repo: ${problem}`,
            "Write a repository name or a glob such as 'js-*' (quoted, so the shell leaves it alone).",
          );
        const glob = compileRepoGlob(name);
        const matched = all.filter((r) => glob.test(r.name));
        if (matched.length === 0) unknown.push(raw);
        for (const r of matched) wanted.add(r.name.toLowerCase());
      } else if (byName.has(name.toLowerCase())) {
        wanted.add(name.toLowerCase());
        explicit.add(name.toLowerCase());
      } else unknown.push(raw);
    }
    if (unknown.length > 0) {
      const known = all.map((r) => r.name);
      const shown = known.slice(0, 20).join(", ") + (known.length > 20 ? ", …" : "");
      const globs = unknown.filter(isGlob);
      const names = unknown.filter((n) => !isGlob(n));
      const said = [
        ...(names.length > 0
          ? [
              `${names.map((n) => `"${n}"`).join(", ")} ${names.length === 1 ? "is not a repository" : "are not repositories"} of ${org}`,
            ]
          : []),
        ...(globs.length > 0
          ? [
              `${globs.map((n) => `"${n}"`).join(", ")} ${globs.length === 1 ? "matches" : "match"} no repository of ${org}`,
            ]
          : []),
      ];
      throw new InputError(
        `--repo: ${said.join("; ")}`,
        known.length > 0
          ? `Repositories of ${org}: ${shown}`
          : `${org} has no repositories the token can see.`,
      );
    }
    candidates = all.filter((r) => wanted.has(r.name.toLowerCase()));
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
        detail: "fork: skipped unless repos.include or --repo names it exactly",
      });
    } else {
      selection.selected.push(repo);
    }
  }
  return selection;
}
