/**
 * `waku-pm sync-labels`: make the labels of every selected repository match the config.
 *
 * This file parses the options, calls the organisation sync of src/sync/ (read and plan everything
 * first with `planOrg`, then `applyOrgPlan` one write at a time) and prints: per repository what
 * changed, a summary, progress on stderr. A repository that fails is reported and the others go
 * on; the exit code says whether any failed.
 */
import type { Command } from "commander";
import { loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import { defaultCacheDir, type GitHubClient } from "../github/client.js";
import { restRemaining } from "../github/labels.js";
import { ProgressBar } from "../render/progress.js";
import { printWarnings } from "../render/warnings.js";
import type { CommandRunner } from "../runtime.js";
import { askYesNo, describeDeletes, type PromptInput } from "../sync/confirm.js";
import { renderMatrix } from "../sync/matrix.js";
import { type OrgPlan, planOrg } from "../sync/org.js";
import { SyncProgress } from "../sync/progress.js";
import { renderRepo, renderSummary, syncResultJson } from "../sync/render.js";
import { applyOrgPlan, planAsResult, reposToWrite, type SyncResult } from "../sync/run.js";
import { forTerminal } from "../text/safety.js";
import {
  chooseFormat,
  parseWriteInterval,
  requireOrg,
  STOP_SIGNALS,
  type StopSignal,
  stopOnSignals,
} from "./shared.js";

export interface SyncLabelsOptions {
  repo?: string[];
  dryRun?: boolean;
  check?: boolean;
  prune?: boolean;
  force?: boolean;
  yes?: boolean;
  format?: string;
  writeInterval: string;
}

/** What a test replaces: the terminal the delete question is read from. */
export interface SyncLabelsDeps {
  stdin?: PromptInput;
}

const HELP_EXAMPLES = `
Examples:
  $ waku-pm sync-labels --dry-run              show what would change in every repository
  $ waku-pm sync-labels --check --json         CI: exit 1 and list the drift when anything differs
  $ waku-pm sync-labels --format matrix        which repository lacks or differs in which label
  $ waku-pm sync-labels --repo nwaku --repo 'js-*'
  $ waku-pm sync-labels --prune                also delete labels not in the config (unused ones only)
  $ waku-pm sync-labels --prune --force        ... even labels that issues carry (they lose them)

Global options (--config, --org, --json, --verbose, --api-url, --no-cache) work here too.
--repo takes names or globs (* ? [abc], as in the config's repos.include) and may name a fork, which
is otherwise skipped unless repos.include names it exactly. Archived repositories are never written.
Renames keep every issue's label: give the new entry an alias with the old name.
On a terminal, deletions (--prune) are shown and confirmed first (--yes skips the question); piped
or in CI nothing is asked. Progress goes to stderr: a bar naming the repository on a terminal,
piped a line per repository with the counts and the time left.
Writes are spaced --write-interval ms apart (GitHub asks for 1 s); a write GitHub refuses or fails
doubles the spacing, up to 1 s. An interrupted run (Ctrl-C, SIGTERM, SIGHUP: exit 130, 143, 129)
is finished by running the same command again.
`;

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerSyncLabels(program: Command, runner: CommandRunner): void {
  program
    .command("sync-labels")
    .description("make the labels of every selected repository match the config")
    .option("--repo <name>", "only this repository, a name or a glob (repeatable)", collect)
    .option("--dry-run", "print the plan and write nothing")
    .option("--check", "dry run that exits 1 when anything would change")
    .option(
      "--format <format>",
      "table (per repository, the default), matrix (label × repository; writes nothing) or json",
    )
    .option("--prune", "delete labels that are not in the config (unless an issue carries them)")
    .option("--force", "with --prune: delete labels even when issues carry them")
    .option("-y, --yes", "do not ask before deleting labels on a terminal")
    .option("--write-interval <ms>", "milliseconds between two writes", "1000")
    .addHelpText("after", HELP_EXAMPLES)
    .action(runner<SyncLabelsOptions>((ctx, opts) => runSyncLabels(ctx, opts)));
}

/** table (default), matrix, or json (the same as --json); --json with another format is a contradiction. */
function parseFormat(ctx: Context, raw: string | undefined): "table" | "matrix" | "json" {
  const format = chooseFormat(ctx, raw?.toLowerCase(), "table");
  if (format !== "table" && format !== "matrix" && format !== "json") {
    throw new InputError(
      `--format: "${raw}" is not a format of sync-labels`,
      "Use --format table, --format matrix or --format json.",
    );
  }
  return format;
}

export async function runSyncLabels(
  given: Context,
  opts: SyncLabelsOptions,
  deps: SyncLabelsDeps = {},
): Promise<ExitCode> {
  // --format json is --json: everything below reads ctx.globals.json.
  const format = parseFormat(given, opts.format);
  const ctx: Context =
    format === "json" && !given.globals.json
      ? { ...given, globals: { ...given.globals, json: true } }
      : given;
  const writeInterval = parseWriteInterval(opts.writeInterval);
  if (opts.force && !opts.prune) {
    throw new InputError("--force only applies with --prune", "Add --prune, or drop --force.");
  }
  const config = loadConfig(ctx);
  const org = requireOrg(config);
  const dryRun = opts.dryRun === true || opts.check === true || format === "matrix";
  const client = ctx.github();
  client.setWriteInterval(writeInterval);
  if (ctx.globals.cache) client.enableCache(defaultCacheDir(ctx.env));
  try {
    const plan = await readPlan(ctx, client, config, org, opts);
    if (format === "matrix") {
      ctx.stdout.write(renderMatrix(plan, config.labels, ctx.stdout));
      return finish(ctx, planAsResult(plan), opts);
    }
    if (dryRun) {
      const result = planAsResult(plan);
      printResult(ctx, result);
      return finish(ctx, result, opts);
    }
    if (!(await confirmDeletes(ctx, plan, opts, deps))) {
      ctx.stderr.write(
        "waku-pm: nothing was written. Answer y to go ahead, or pass --yes to skip the question.\n",
      );
      return 1;
    }
    const { result, signal } = await write(ctx, client, plan, opts, writeInterval);
    printResult(ctx, result);
    return finish(ctx, result, opts, signal);
  } finally {
    client.logSummary();
  }
}

async function readPlan(
  ctx: Context,
  client: GitHubClient,
  config: ReturnType<typeof loadConfig>,
  org: string,
  opts: SyncLabelsOptions,
): Promise<OrgPlan> {
  let reading: ProgressBar | undefined;
  try {
    const plan = await planOrg(
      client,
      config,
      org,
      { prune: opts.prune === true, force: opts.force === true, repos: opts.repo ?? [] },
      {
        onSelected: (total) => {
          reading = new ProgressBar(ctx.stderr, {
            unit: "repositories read",
            total,
            enabled: !ctx.globals.verbose,
          });
        },
        onRead: () => reading?.tick(),
      },
    );
    reading?.clear();
    printWarnings(ctx.stderr, plan.warnings, ctx.env);
    return plan;
  } finally {
    reading?.clear();
  }
}

/**
 * On a terminal (input and stderr both terminals), a plan that deletes labels is shown and
 * confirmed first, unless --yes. Anywhere else nothing is asked: --prune means what it says.
 */
async function confirmDeletes(
  ctx: Context,
  plan: OrgPlan,
  opts: SyncLabelsOptions,
  deps: SyncLabelsDeps,
): Promise<boolean> {
  if (opts.yes) return true;
  const deletes = describeDeletes(plan);
  if (!deletes) return true;
  const stdin = deps.stdin ?? ctx.stdin;
  if (stdin.isTTY !== true || !ctx.stderr.isTTY) return true;
  if (!ctx.globals.json) printResult(ctx, planAsResult(plan));
  const where = deletes.repos === 1 ? "1 repository" : `${deletes.repos} repositories`;
  const labels = deletes.labels === 1 ? "1 label" : `${deletes.labels} labels`;
  const stripped =
    deletes.issues > 0
      ? `, removing them from ${deletes.issues === 1 ? "1 issue" : `${deletes.issues} issues`} (it cannot be undone)`
      : "";
  return askYesNo(stdin, ctx.stderr, `waku-pm: delete ${labels} in ${where}${stripped}?`);
}

async function write(
  ctx: Context,
  client: GitHubClient,
  plan: OrgPlan,
  opts: SyncLabelsOptions,
  writeInterval: number,
): Promise<{ result: SyncResult; signal?: StopSignal }> {
  const repos = reposToWrite(plan);
  const total = repos.reduce((n, r) => n + r.writes, 0);
  const remaining = total > 0 ? await restRemaining(client) : undefined;
  if (remaining !== undefined && total > remaining) {
    // Say so up front rather than let the run stop part-way as a surprise.
    ctx.stderr.write(
      `waku-pm: warning: ${total} writes are planned but only ${remaining} requests remain in this hour's rate limit; ` +
        "the run will stop when it runs out, and running it again after the reset finishes the job\n",
    );
  }
  const progress = new SyncProgress(
    ctx.stderr,
    { writeIntervalMs: writeInterval, bar: !ctx.globals.verbose },
    { total, repos: repos.length },
  );
  // Only a run with writes has something to stop after; a signal ends any other run at once.
  const stopping = total > 0 ? stopOnSignals(ctx, () => progress.clear()) : undefined;
  try {
    progress.start();
    const result = await applyOrgPlan(
      client,
      plan,
      { force: opts.force === true, writeIntervalMs: writeInterval },
      {
        onRepoStart: (repo, writes) => progress.repoStart(repo, writes),
        onWrite: () => progress.write(),
        onMoreWrites: (n) => progress.moreWrites(n),
        onBackoff: (ms) => progress.backoff(ms),
        onRepoDone: (report) => {
          progress.repoDone(report);
          if (!ctx.globals.json) {
            progress.clear();
            ctx.stdout.write(renderRepo(report, ctx.stdout, true));
          }
        },
        ...(stopping ? { signal: stopping.signal } : {}),
      },
    );
    const received = stopping?.received();
    return received ? { result, signal: received } : { result };
  } finally {
    stopping?.release();
    progress.finish();
  }
}

/** The result on stdout: JSON, or (text) what was not printed yet and the summary. */
function printResult(ctx: Context, result: SyncResult): void {
  if (ctx.globals.json) {
    ctx.stdout.write(`${JSON.stringify(syncResultJson(result), null, 2)}\n`);
    return;
  }
  for (const report of result.repos) {
    // After a real run, repositories were printed as they were written; those that failed before
    // any write were not.
    if (result.dryRun || (report.status === "failed" && report.results.length === 0)) {
      ctx.stdout.write(renderRepo(report, ctx.stdout, !result.dryRun));
    }
  }
  ctx.stdout.write(renderSummary(result.repos, ctx.stdout, result.dryRun));
}

/** The closing words on stderr and the exit code. */
function finish(ctx: Context, result: SyncResult, opts: SyncLabelsOptions, signal?: StopSignal): ExitCode {
  if (result.interrupted) {
    ctx.stderr.write(
      "waku-pm: interrupted; what was done is listed above. Run the same command again to finish.\n",
    );
  }
  if (result.fatal) throw result.fatal;
  const failed = result.repos.filter((r) => r.status === "failed");
  if (failed.length > 0) {
    const names = failed.map((r) => forTerminal(r.repo)).join(", ");
    const count = failed.length === 1 ? "1 repository" : `${failed.length} repositories`;
    // Only true words: nothing was synced on a dry run, nor when every repository failed.
    const synced = result.repos.some((r) => r.status === "ok");
    if (result.dryRun) {
      ctx.stderr.write(`waku-pm: could not plan ${count}: ${names}\n  Re-run to read them again.\n`);
    } else {
      ctx.stderr.write(
        `waku-pm: sync failed in ${count}: ${names}\n  ${synced ? "The other repositories were synced. " : ""}Re-run the same command to finish (done work is not repeated).\n`,
      );
    }
  }
  // 128 + the signal's number, as shells report a process the signal ended.
  if (signal) return STOP_SIGNALS[signal];
  if (result.interrupted) return 3;
  if (failed.length > 0) return 3;
  if (
    opts.check &&
    result.repos.some((r) => r.status === "ok" && r.results.some((x) => x.change.action !== "keep-in-use"))
  )
    return 1;
  return 0;
}
