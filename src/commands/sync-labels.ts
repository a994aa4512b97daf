/**
 * `waku-pm sync-labels`: make the labels of every selected repository match the config.
 *
 * Read everything first (the repositories with their labels, one GraphQL document per 100
 * repositories, read as `check` reads them; with --prune also the issues carrying each label outside
 * the config), plan each repository with the pure planner, then apply the plans one write at a time.
 * A repository that fails is reported and the others go on; the exit code says whether any failed.
 */
import type { Command } from "commander";
import { type Config, loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError, type WakuPmError } from "../errors.js";
import { defaultCacheDir, FatalGitHubError, type GitHubClient } from "../github/client.js";
import { getCoreRateRemaining, listIssuesWithLabel } from "../github/labels.js";
import type { Repo } from "../github/repos.js";
import { ProgressBar } from "../render/progress.js";
import { sanitizeForTerminal } from "../render/style.js";
import type { CommandRunner } from "../runtime.js";
import { applyLabelPlan, countWrites } from "../sync/apply.js";
import { findPruneCandidates, type LabelPlan, planHasChanges, planLabelSync } from "../sync/plan.js";
import { type OrgLabelReader, readOrgLabels } from "../sync/read.js";
import { buildSyncJson, type RepoReport, renderRepo, renderSummary } from "../sync/render.js";
import { selectRepositories } from "../sync/select.js";

export interface SyncLabelsOptions {
  repo?: string[];
  dryRun?: boolean;
  check?: boolean;
  prune?: boolean;
  force?: boolean;
  writeInterval: string;
}

const HELP_EXAMPLES = `
Examples:
  $ waku-pm sync-labels --dry-run              show what would change in every repository
  $ waku-pm sync-labels --check --json         CI: exit 1 and list the drift when anything differs
  $ waku-pm sync-labels --repo nwaku --repo js-waku
  $ waku-pm sync-labels --prune                also delete labels not in the config (unused ones only)
  $ waku-pm sync-labels --prune --force        ... even labels that issues carry (they lose them)

Global options (--config, --org, --json, --verbose, --api-url, --no-cache) work here too.
Renames keep every issue's label: give the new entry an alias with the old name.
Writes are spaced --write-interval ms apart (GitHub asks for 1 s); an interrupted run is finished
by running the same command again.
`;

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerSyncLabels(program: Command, runner: CommandRunner): void {
  program
    .command("sync-labels")
    .description("make the labels of every selected repository match the config")
    .option("--repo <name>", "only this repository (repeatable)", collect)
    .option("--dry-run", "print the plan and write nothing")
    .option("--check", "dry run that exits 1 when anything would change")
    .option("--prune", "delete labels that are not in the config (unless an issue carries them)")
    .option("--force", "with --prune: delete labels even when issues carry them")
    .option("--write-interval <ms>", "milliseconds between two writes", "1000")
    .addHelpText("after", HELP_EXAMPLES)
    .action(runner<SyncLabelsOptions>(runSyncLabels));
}

function parseWriteInterval(raw: string): number {
  const ms = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(ms)) {
    throw new InputError(
      `--write-interval: "${raw}" is not a number of milliseconds`,
      "Write a whole number, e.g. --write-interval 1000 (GitHub's guidance is at least 1000).",
    );
  }
  return ms;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface PlannedRepo {
  repo: Repo;
  plan: LabelPlan;
}

/** Reads one repository's labels (and, with prune, who carries the extra ones) and plans it. */
async function planRepo(
  client: GitHubClient,
  reader: OrgLabelReader,
  org: string,
  repo: Repo,
  config: Config,
  opts: SyncLabelsOptions,
) {
  const current = await reader.labelsOf(repo.name);
  const usage = new Map<string, number>();
  if (opts.prune) {
    for (const label of findPruneCandidates(config.labels, current)) {
      const issues = await listIssuesWithLabel(client, org, repo.name, label.name);
      usage.set(label.name.toLowerCase(), issues.length);
    }
  }
  return planLabelSync(config.labels, current, {
    prune: opts.prune === true,
    force: opts.force === true,
    usage,
  });
}

export async function runSyncLabels(ctx: Context, opts: SyncLabelsOptions): Promise<ExitCode> {
  const writeInterval = parseWriteInterval(opts.writeInterval);
  if (opts.force && !opts.prune) {
    throw new InputError("--force only applies with --prune", "Add --prune, or drop --force.");
  }
  const config = loadConfig(ctx);
  const org = config.org;
  if (!org) {
    throw new InputError(
      `${config.file}: no organisation to sync`,
      "Pass --org ORG, or use the mapping form of the config with `org: ORG`.",
    );
  }
  const dryRun = opts.dryRun === true || opts.check === true;
  const client = ctx.github();
  client.setWriteInterval(writeInterval);
  if (ctx.globals.cache) client.enableCache(defaultCacheDir(ctx.env));
  try {
    return await syncOrg(ctx, client, config, org, opts, dryRun, writeInterval);
  } finally {
    client.logSummary();
  }
}

async function syncOrg(
  ctx: Context,
  client: GitHubClient,
  config: Config,
  org: string,
  opts: SyncLabelsOptions,
  dryRun: boolean,
  writeInterval: number,
): Promise<ExitCode> {
  const reader = await readOrgLabels(client, org);
  for (const warning of reader.warnings)
    ctx.stderr.write(`waku-pm: warning: ${sanitizeForTerminal(warning)}\n`);
  const selection = selectRepositories(reader.repos, config.repos, opts.repo ?? [], org);
  const reports = new Map<string, RepoReport>();
  for (const skip of selection.skipped) {
    reports.set(skip.repo.fullName, {
      repo: skip.repo.fullName,
      status: "skipped",
      error: skip.detail,
      skipReason: skip.reason,
      results: [],
    });
  }

  // Phase 1: read and plan every repository (reads only).
  const planned: PlannedRepo[] = [];
  let fatal: WakuPmError | undefined;
  const reading = new ProgressBar(ctx.stderr, {
    unit: "repositories read",
    total: selection.selected.length,
    enabled: !ctx.globals.verbose,
  });
  for (const repo of selection.selected) {
    reading.tick(0);
    try {
      const plan = await planRepo(client, reader, org, repo, config, opts);
      planned.push({ repo, plan });
      const results = plan.changes.map((change) => ({ change, status: "planned" as const }));
      reports.set(repo.fullName, { repo: repo.fullName, status: "ok", results });
    } catch (error) {
      if (error instanceof FatalGitHubError) throw error;
      reports.set(repo.fullName, {
        repo: repo.fullName,
        status: "failed",
        error: messageOf(error),
        results: [],
      });
    }
  }

  // Phase 2: apply, unless this is a dry run.
  let interrupted = false;
  if (!dryRun) {
    const outcome = await applyAll(ctx, client, org, planned, reports, writeInterval);
    interrupted = outcome.interrupted;
    fatal = outcome.fatal;
  }

  const ordered = [...selection.selected, ...selection.skipped.map((s) => s.repo)]
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), "en"))
    .map((repo) => reports.get(repo.fullName))
    .filter((r): r is RepoReport => r !== undefined);

  if (ctx.globals.json) {
    ctx.stdout.write(`${JSON.stringify(buildSyncJson(org, dryRun, ordered), null, 2)}\n`);
  } else {
    if (dryRun) {
      for (const report of ordered) ctx.stdout.write(renderRepo(report, ctx.stdout, false));
    } else {
      // Repositories that failed before any write never got printed during phase 2.
      for (const report of ordered) {
        if (report.status === "failed" && report.results.length === 0) {
          ctx.stdout.write(renderRepo(report, ctx.stdout, true));
        }
      }
    }
    ctx.stdout.write(renderSummary(ordered, ctx.stdout, dryRun));
  }

  const failed = ordered.filter((r) => r.status === "failed");
  if (interrupted) {
    ctx.stderr.write(
      "waku-pm: interrupted; what was done is listed above. Run the same command again to finish.\n",
    );
  }
  if (fatal) throw fatal;
  if (failed.length > 0) {
    const names = failed.map((r) => sanitizeForTerminal(r.repo)).join(", ");
    ctx.stderr.write(
      `waku-pm: sync failed in ${failed.length === 1 ? "1 repository" : `${failed.length} repositories`}: ${names}\n` +
        "  The other repositories were synced. Re-run the same command to finish (done work is not repeated).\n",
    );
    return 3;
  }
  if (interrupted) return 3;
  if (opts.check && planned.some((p) => planHasChanges(p.plan))) return 1;
  return 0;
}

/**
 * The REST requests left for the writes. The last REST answer's headers say it for free when the
 * reading phase used REST (--prune's usage listings, the REST fallback); otherwise ask GitHub, free
 * of charge. Not knowing only costs the early warning, never the run.
 */
async function readRemaining(client: GitHubClient): Promise<number | undefined> {
  if (client.stats.rateRemaining !== undefined) return client.stats.rateRemaining;
  try {
    return await getCoreRateRemaining(client);
  } catch (error) {
    if (error instanceof FatalGitHubError) throw error;
    return undefined;
  }
}

async function applyAll(
  ctx: Context,
  client: GitHubClient,
  org: string,
  planned: PlannedRepo[],
  reports: Map<string, RepoReport>,
  writeInterval: number,
): Promise<{ interrupted: boolean; fatal?: WakuPmError }> {
  const total = planned.reduce((n, p) => n + p.plan.changes.reduce((m, c) => m + countWrites(c), 0), 0);
  const remaining = total > 0 ? await readRemaining(client) : undefined;
  if (remaining !== undefined && total > remaining) {
    // Say so up front rather than let the run stop part-way as a surprise.
    ctx.stderr.write(
      `waku-pm: warning: ${total} writes are planned but only ${remaining} requests remain in this hour's rate limit; ` +
        "the run will stop when it runs out, and running it again after the reset finishes the job\n",
    );
  }
  // Before the first write finishes, the best guess for the pace is the write spacing.
  const progress = new ProgressBar(ctx.stderr, {
    unit: "writes",
    total,
    estimateMs: writeInterval,
    enabled: !ctx.globals.verbose,
  });
  const controller = new AbortController();
  // Ctrl-C: stop after the current write and report what was done. A second Ctrl-C kills the
  // process the usual way, because this listener is gone by then.
  const onInterrupt = () => {
    controller.abort();
    progress.clear();
    ctx.stderr.write("\nwaku-pm: stopping after the current write (Ctrl-C again to quit at once)\n");
  };
  const hasWrites = total > 0;
  if (hasWrites) process.once("SIGINT", onInterrupt);
  const result: { interrupted: boolean; fatal?: WakuPmError } = { interrupted: false };
  try {
    for (const { repo, plan } of planned) {
      const report = reports.get(repo.fullName);
      if (!report || plan.changes.length === 0) continue;
      if (controller.signal.aborted || result.fatal) {
        result.interrupted = controller.signal.aborted;
        continue;
      }
      const outcome = await applyLabelPlan(client, org, repo.name, plan, {
        onWrite: () => progress.tick(),
        onMoreWrites: (n) => progress.addTotal(n),
        signal: controller.signal,
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
      if (outcome.fatal) result.fatal = outcome.fatal;
      if (!ctx.globals.json) {
        progress.clear();
        ctx.stdout.write(renderRepo(report, ctx.stdout, true));
      }
    }
  } finally {
    if (hasWrites) {
      process.off("SIGINT", onInterrupt);
      progress.finish();
    }
  }
  return result;
}
