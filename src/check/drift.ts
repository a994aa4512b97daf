/**
 * Label drift for `check`: the organisation plan `sync-labels --check` makes (sync/org.ts: the same
 * reading, repository selection and planner, no prune), seen from the repository's side. Nothing is
 * written. A repository that cannot be read is reported, not fatal: its drift is unknown, which
 * `check` turns into exit 3 after reporting everything else.
 */
import type { Config } from "../config/index.js";
import type { GitHubClient } from "../github/client.js";
import type { OrgLabels } from "../github/repos.js";
import { type OrgPlan, type PlanHooks, planOrg } from "../sync/org.js";
import { type LabelChange, planHasChanges } from "../sync/plan.js";

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

/** Progress hooks: how many repositories will be read, then one call per repository read. */
export type DriftHooks = PlanHooks;

/** The drift an organisation plan shows. Pure. */
export function driftOf(plan: OrgPlan): DriftResult {
  const repos: RepoDrift[] = [];
  const skipped: DriftResult["skipped"] = [];
  for (const entry of plan.repos) {
    const repo = entry.repo.fullName;
    if (entry.status === "skipped") skipped.push({ repo, reason: entry.reason });
    else if (entry.status === "failed")
      repos.push({ repo, status: "failed", error: entry.error, changes: [] });
    else if (planHasChanges(entry.plan)) repos.push({ repo, status: "drifted", changes: entry.plan.changes });
    else repos.push({ repo, status: "ok", changes: [] });
  }
  return { repos, skipped, warnings: plan.warnings };
}

/** Reads and plans every selected repository (`--repo` names or globs narrow it) and returns its drift. */
export async function collectDrift(
  client: GitHubClient,
  config: Config,
  org: string,
  hooks: DriftHooks = {},
  requested: readonly string[] = [],
  preread?: OrgLabels,
): Promise<DriftResult> {
  return driftOf(
    await planOrg(client, config, org, { repos: requested, ...(preread ? { preread } : {}) }, hooks),
  );
}
