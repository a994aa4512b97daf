/**
 * The second half of a sync of a whole organisation, as data: apply an OrgPlan (sync/org.ts)
 * repository by repository, one write at a time, and return what happened to every change. A
 * repository that fails is recorded and the others go on; a rejected token or a spent rate limit
 * stops the run (`fatal`); an abort signal stops it after the current write (`interrupted`).
 *
 * Printing is the caller's: hooks say when a repository starts and ends and when a write is done.
 */
import type { WakuPmError } from "../errors.js";
import type { GitHubClient } from "../github/client.js";
import { applyLabelPlan, type ChangeResult, countWrites } from "./apply.js";
import type { OrgPlan, SkipReason } from "./org.js";
import type { LabelPlan } from "./plan.js";

/** One repository of a sync's result: what `--json` prints under `repos[]`. */
export interface RepoReport {
  /** `owner/name`. */
  repo: string;
  status: "ok" | "failed" | "skipped";
  /** Why it failed, or why it was skipped. */
  error?: string;
  skipReason?: SkipReason;
  results: ChangeResult[];
}

export interface SyncResult {
  org: string;
  /** True when nothing was written (every change is "planned"). */
  dryRun: boolean;
  /** Every repository of the plan, in its order. */
  repos: RepoReport[];
  /** The abort signal stopped the run before everything was applied. */
  interrupted: boolean;
  /** Why the run had to stop (token rejected, rate limit spent); the rest stays "planned". */
  fatal?: WakuPmError;
}

/** The plan as a result in which nothing has been written yet: a dry run, or a sync before it starts. */
export function planAsResult(plan: OrgPlan, dryRun = true): SyncResult {
  const repos = plan.repos.map((entry): RepoReport => {
    const repo = entry.repo.fullName;
    switch (entry.status) {
      case "planned":
        return {
          repo,
          status: "ok",
          results: entry.plan.changes.map((change) => ({ change, status: "planned" as const })),
        };
      case "skipped":
        return { repo, status: "skipped", error: entry.detail, skipReason: entry.reason, results: [] };
      default:
        return { repo, status: "failed", error: entry.error, results: [] };
    }
  });
  return { org: plan.org, dryRun, repos, interrupted: false };
}

/** Writes a plan costs before any merge has looked up its issues. */
export function planWrites(plan: LabelPlan): number {
  return plan.changes.reduce((n, c) => n + countWrites(c), 0);
}

/** The repositories that will be written, with their write counts, in the order they are applied. */
export function reposToWrite(plan: OrgPlan): { repo: string; writes: number }[] {
  const out: { repo: string; writes: number }[] = [];
  for (const entry of plan.repos) {
    if (entry.status !== "planned") continue;
    const writes = planWrites(entry.plan);
    if (writes > 0) out.push({ repo: entry.repo.fullName, writes });
  }
  return out;
}

export interface SyncHooks {
  /** A repository's writes begin; `writes` as planned (a merge may add more, see onMoreWrites). */
  onRepoStart?: (repo: string, writes: number) => void;
  /** After every write attempt, success or failure. */
  onWrite?: () => void;
  /** A merge found how many issues it must relabel (negative: a planned write became unnecessary). */
  onMoreWrites?: (n: number) => void;
  /** A repository's writes are over; its report is final. */
  onRepoDone?: (report: RepoReport) => void;
  /** Writes were spaced further apart because GitHub refused or failed one (see WriteBackoff). */
  onBackoff?: (intervalMs: number) => void;
  /** Ctrl-C (or SIGTERM, SIGHUP): stop after the current write. */
  signal?: AbortSignal;
}

export interface ApplyOrgOptions {
  /** The plan was made with --force (deletes go ahead even for labels found in use). */
  force?: boolean;
  /** The spacing the run started with (--write-interval), for the backoff. */
  writeIntervalMs: number;
}

/**
 * GitHub's guidance is one write a second. A user may ask for less (--write-interval 0); when
 * GitHub then pushes back (a secondary-limit 403 makes the client retry), each further retry costs
 * the same refusal again. So a write that needed more than one attempt doubles the spacing (from at
 * least 100 ms), up to GitHub's 1 s or the configured interval if larger, and the caller says so.
 * The client only exposes how many write requests it sent, so any retried write counts (a 5xx
 * retry too: easing off then is no loss either).
 */
export class WriteBackoff {
  static readonly MIN_MS = 100;
  static readonly GUIDANCE_MS = 1000;
  private interval: number;
  private readonly cap: number;
  private mark: number;

  constructor(
    private readonly client: Pick<GitHubClient, "stats" | "setWriteInterval">,
    initialMs: number,
    private readonly onBackoff?: (ms: number) => void,
  ) {
    this.interval = initialMs;
    this.cap = Math.max(initialMs, WriteBackoff.GUIDANCE_MS);
    this.mark = client.stats.writes;
  }

  /** Call after each logical write: compares the write requests it took with one. */
  afterWrite(): void {
    const attempts = this.client.stats.writes - this.mark;
    this.mark = this.client.stats.writes;
    if (attempts <= 1 || this.interval >= this.cap) return;
    this.interval = Math.min(this.cap, Math.max(WriteBackoff.MIN_MS, this.interval * 2));
    this.client.setWriteInterval(this.interval);
    this.onBackoff?.(this.interval);
  }

  /** Reads between writes (a merge's issue listing) are not writes: re-align before the next one. */
  resync(): void {
    this.mark = this.client.stats.writes;
  }
}

export async function applyOrgPlan(
  client: GitHubClient,
  plan: OrgPlan,
  options: ApplyOrgOptions,
  hooks: SyncHooks = {},
): Promise<SyncResult> {
  const result = planAsResult(plan, false);
  const reports = new Map(result.repos.map((r) => [r.repo, r]));
  const backoff = new WriteBackoff(client, options.writeIntervalMs, hooks.onBackoff);
  for (const entry of plan.repos) {
    if (entry.status !== "planned" || entry.plan.changes.length === 0) continue;
    const report = reports.get(entry.repo.fullName);
    if (!report) continue;
    if (hooks.signal?.aborted) {
      result.interrupted = true;
      break;
    }
    hooks.onRepoStart?.(report.repo, planWrites(entry.plan));
    backoff.resync();
    const outcome = await applyLabelPlan(client, plan.org, entry.repo.name, entry.plan, {
      onWrite: () => {
        backoff.afterWrite();
        hooks.onWrite?.();
      },
      ...(hooks.onMoreWrites ? { onMoreWrites: hooks.onMoreWrites } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      force: options.force === true,
    });
    report.results = outcome.results;
    const failures = outcome.results.filter((r) => r.status === "failed");
    if (failures.length > 0) {
      report.status = "failed";
      report.error =
        failures.length === 1
          ? `1 change failed: ${failures[0]?.error ?? ""}`
          : `${failures.length} changes failed; first: ${failures[0]?.error ?? ""}`;
    }
    if (outcome.interrupted) result.interrupted = true;
    hooks.onRepoDone?.(report);
    if (outcome.fatal) {
      result.fatal = outcome.fatal;
      break;
    }
  }
  return result;
}
