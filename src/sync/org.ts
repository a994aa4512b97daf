/**
 * The first half of a sync of a whole organisation, as data: read the repositories and their
 * labels (sync/read.ts), choose which repositories to touch (sync/select.ts), and plan each one
 * with the pure planner (sync/plan.ts). Nothing is written. `sync-labels` applies the result
 * (sync/run.ts); `check` reads its drift from the same plan (with prune off), so the two can never
 * disagree about what differs.
 */
import type { Config } from "../config/index.js";
import { FatalGitHubError, type GitHubClient } from "../github/client.js";
import { listIssuesWithLabel } from "../github/labels.js";
import type { OrgLabels, Repo } from "../github/repos.js";
import { findPruneCandidates, type LabelPlan, planHasChanges, planLabelSync } from "./plan.js";
import { type OrgLabelReader, readOrgLabels } from "./read.js";
import { type SkippedRepo, selectRepositories } from "./select.js";

export type SkipReason = SkippedRepo["reason"];

/** One repository of the organisation plan. */
export type RepoPlan =
  | { repo: Repo; status: "planned"; plan: LabelPlan }
  /** Never read: archived, a fork not named, or excluded by the config although --repo named it. */
  | { repo: Repo; status: "skipped"; reason: SkipReason; detail: string }
  /** Its labels (or, with prune, their usage) could not be read: nothing is known about it. */
  | { repo: Repo; status: "failed"; error: string };

export interface OrgPlan {
  org: string;
  /** Every selected repository and every one reported as skipped, by name (case-insensitive). */
  repos: RepoPlan[];
  /** Why reading took the slower path (GraphQL failed), for stderr or check's warnings. */
  warnings: string[];
}

export interface OrgPlanOptions {
  /** Plan deletions of labels outside the config (their usage is read first). Default false. */
  prune?: boolean;
  /** With prune: delete labels that issues carry. Default false. */
  force?: boolean;
  /** `--repo` names or globs; empty for every repository the config selects. */
  repos?: readonly string[];
  /** The repositories and their labels, already read (check's combined read). */
  preread?: OrgLabels;
}

export interface PlanHooks {
  /** How many repositories will be read (once the organisation is listed). */
  onSelected?: (count: number) => void;
  /** One call per repository read and planned (or failed). */
  onRead?: () => void;
}

/**
 * Repositories the batched read could not cover (and, with prune, the usage listings) are read with
 * REST. Reads are not throttled by the client (only writes are spaced), so a few go at once;
 * GitHub's secondary limit is about 100 concurrent requests, far above this.
 */
const CONCURRENT_REPOS = 4;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function byName(a: Repo, b: Repo): number {
  return a.name.toLowerCase().localeCompare(b.name.toLowerCase(), "en");
}

/** Reads one repository's labels (and, with prune, who carries the extra ones) and plans it. */
async function planRepo(
  client: GitHubClient,
  reader: OrgLabelReader,
  config: Config,
  org: string,
  repo: Repo,
  options: OrgPlanOptions,
): Promise<LabelPlan> {
  const current = await reader.labelsOf(repo.name);
  const usage = new Map<string, number>();
  if (options.prune) {
    // A cached answer is good enough to plan with: every delete re-reads its usage uncached first
    // (sync/apply.ts), so the cache can never be the only evidence for one.
    for (const label of findPruneCandidates(config.labels, current)) {
      const issues = await listIssuesWithLabel(client, org, repo.name, label.name);
      usage.set(label.name.toLowerCase(), issues.length);
    }
  }
  return planLabelSync(config.labels, current, {
    prune: options.prune === true,
    force: options.force === true,
    usage,
  });
}

/**
 * Plans the sync of every selected repository. A repository that cannot be read is a "failed"
 * entry and the others go on; a rejected token or a spent rate limit (FatalGitHubError) and a bad
 * `--repo` (InputError) are thrown.
 */
export async function planOrg(
  client: GitHubClient,
  config: Config,
  org: string,
  options: OrgPlanOptions = {},
  hooks: PlanHooks = {},
): Promise<OrgPlan> {
  const reader = await readOrgLabels(client, org, options.preread);
  const selection = selectRepositories(reader.repos, config.repos, options.repos ?? [], org);
  hooks.onSelected?.(selection.selected.length);

  const planned: RepoPlan[] = new Array(selection.selected.length);
  let nextIndex = 0;
  let fatal: FatalGitHubError | undefined;
  const worker = async () => {
    // After a fatal error every other read fails the same way: stop instead of repeating it.
    while (!fatal) {
      const index = nextIndex++;
      const repo = selection.selected[index];
      if (!repo) return;
      try {
        planned[index] = {
          repo,
          status: "planned",
          plan: await planRepo(client, reader, config, org, repo, options),
        };
      } catch (error) {
        if (error instanceof FatalGitHubError) {
          fatal = error;
          return;
        }
        planned[index] = { repo, status: "failed", error: messageOf(error) };
      }
      hooks.onRead?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_REPOS, selection.selected.length) }, worker));
  if (fatal) throw fatal;

  const skipped: RepoPlan[] = selection.skipped.map((s) => ({
    repo: s.repo,
    status: "skipped",
    reason: s.reason,
    detail: s.detail,
  }));
  return {
    org,
    repos: [...planned, ...skipped].sort((a, b) => byName(a.repo, b.repo)),
    warnings: reader.warnings,
  };
}

/** True when applying the plan would change something in some repository. */
export function orgPlanHasChanges(plan: OrgPlan): boolean {
  return plan.repos.some((r) => r.status === "planned" && planHasChanges(r.plan));
}
