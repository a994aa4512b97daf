/**
 * Label drift for `check`: exactly the plan `sync-labels --check` would make for every selected
 * repository (same repository selection, same label reading, same planner, no prune), collected
 * without writing anything. The labels come from sync/read.ts: one GraphQL document per 100
 * repositories, REST only as a fallback. A repository that cannot be read is reported, not fatal:
 * its drift is unknown, which `check` turns into exit 3 after reporting everything else.
 */
import type { Config } from "../config/index.js";
import { FatalGitHubError, type GitHubClient } from "../github/client.js";
import { type LabelChange, planHasChanges, planLabelSync } from "../sync/plan.js";
import { type OrgLabelReader, readOrgLabels } from "../sync/read.js";
import { selectRepositories } from "../sync/select.js";

export type RepoDrift =
  | { repo: string; status: "ok"; changes: [] }
  | { repo: string; status: "drifted"; changes: LabelChange[] }
  | { repo: string; status: "failed"; error: string; changes: [] };

export interface DriftResult {
  /** One entry per selected repository, in the organisation's (name) order. */
  repos: RepoDrift[];
  /** Repositories sync-labels would not touch (archived, forks): not checked. */
  skipped: { repo: string; reason: string }[];
  /** Why reading took the slower path (GraphQL failed), for check's warnings. */
  warnings: string[];
}

/**
 * Repositories the batched read could not cover are read with REST. Reads are not throttled by the
 * client (only writes are spaced), so a few are read at once; GitHub's secondary limit is about 100
 * concurrent requests, far above this.
 */
const CONCURRENT_REPOS = 4;

/** Progress hooks: how many repositories will be read, then one call per repository read. */
export interface DriftHooks {
  onSelected?: (count: number) => void;
  onRead?: () => void;
}

export async function collectDrift(
  client: GitHubClient,
  config: Config,
  org: string,
  hooks: DriftHooks = {},
): Promise<DriftResult> {
  const reader = await readOrgLabels(client, org);
  const selection = selectRepositories(reader.repos, config.repos, [], org);
  hooks.onSelected?.(selection.selected.length);
  const repos: RepoDrift[] = new Array(selection.selected.length);
  let nextIndex = 0;
  const worker = async () => {
    for (;;) {
      const index = nextIndex++;
      const repo = selection.selected[index];
      if (!repo) return;
      repos[index] = await checkRepository(reader, config, org, repo.name);
      hooks.onRead?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_REPOS, selection.selected.length) }, worker));
  return {
    repos,
    skipped: selection.skipped.map((s) => ({ repo: s.repo.fullName, reason: s.reason })),
    warnings: reader.warnings,
  };
}

async function checkRepository(
  reader: OrgLabelReader,
  config: Config,
  org: string,
  name: string,
): Promise<RepoDrift> {
  const repo = `${org}/${name}`;
  try {
    const current = await reader.labelsOf(name);
    const plan = planLabelSync(config.labels, current, { prune: false, force: false });
    return planHasChanges(plan)
      ? { repo, status: "drifted", changes: plan.changes }
      : { repo, status: "ok", changes: [] };
  } catch (error) {
    // A rejected token or a spent rate limit fails every other repository too: stop, don't repeat it.
    if (error instanceof FatalGitHubError) throw error;
    return {
      repo,
      status: "failed",
      error: error instanceof Error ? error.message : String(error),
      changes: [],
    };
  }
}
