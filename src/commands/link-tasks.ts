/**
 * `waku-pm link-tasks`: make the label model and the sub-issue model of the chosen milestones'
 * epics agree (docs/spec/time-and-hierarchy.md, "Epic membership"). Reads everything first (milestones and
 * epics, the labelled tasks, the epics' sub-issue trees, then the facts the writes need: database
 * ids, current parents, which repositories have the epic labels), plans with the pure planner of
 * src/link/plan.ts, prints the plan, and unless --dry-run applies it one write at a time with the
 * pacing, retries, interruption and exit codes of sync-labels.
 */
import type { Command } from "commander";
import { loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import type { ExitCode } from "../errors.js";
import type { GitHubClient } from "../github/client.js";
import { restRemaining } from "../github/labels.js";
import { fetchPlanningOverview, fetchTasks } from "../github/planning.js";
import { fetchLinkFacts, fetchSubIssueTasks } from "../github/sub-issues.js";
import { applyLinkPlan, type LinkResult, planAsLinkResult } from "../link/apply.js";
import { type LinkPlan, planLinks } from "../link/plan.js";
import { type LinkScope, linkResultJson, renderLinkText } from "../link/render.js";
import { LabelMembership } from "../model/epics.js";
import type { Milestone } from "../model/work.js";
import { ProgressBar } from "../render/progress.js";
import { printWarnings } from "../render/warnings.js";
import type { CommandRunner } from "../runtime.js";
import { selectMilestone } from "../status/select.js";
import { epicsOfMilestone } from "../status/summarise.js";
import { parseWriteInterval, requireOrg, STOP_SIGNALS, type StopSignal, stopOnSignals } from "./shared.js";

export interface LinkTasksOptions {
  milestone?: string;
  dryRun?: boolean;
  writeInterval: string;
}

export const LINK_TASKS_HELP = `
Where an epic's tasks come from (the config's epics.source):
  labels       a task carries its epic's label (E:…), the 2023 model; pull requests count too
  sub-issues   a task is a GitHub sub-issue of the epic, or of one of its sub-issues, to any
               depth; an issue with sub-issues of its own is a group (shown, not counted);
               pull requests never count: GitHub cannot make one a sub-issue
  both         the union; check reports every task that is in one and not the other
link-tasks makes the two agree whatever the source: it links each labelled issue as a
sub-issue of its epic, and labels each sub-issue (groups excepted) with its epic's label.
It never removes a link or a label. What GitHub's rules forbid is reported and left alone:
a pull request, a task that already has another parent, an epic with 100 sub-issues, a
sub-issue outside the organisation; so is a task labelled for two epics and linked to none
(which one is its parent?), and a repository without the epic label (run sync-labels first:
GitHub would create it grey). A second run plans nothing.

Examples:
  $ waku-pm link-tasks --dry-run                  the plan for every open milestone, nothing written
  $ waku-pm link-tasks --milestone 5 --dry-run --json
  $ waku-pm link-tasks --milestone "Reliable Messaging"

--milestone takes a number, a title, a short name from the config or a unique part of a title
(default: every open milestone). Writes are spaced --write-interval ms apart (GitHub asks for
1 s); a write GitHub pushes back on doubles the spacing, up to 1 s. An interrupted run (Ctrl-C,
SIGTERM, SIGHUP: exit 130, 143, 129) is finished by running the same command again. Exit 0 when
every possible link and label is in place (refusals included), 3 when a write failed.
`;

export function registerLinkTasks(program: Command, runner: CommandRunner): void {
  program
    .command("link-tasks")
    .description(
      "link labelled tasks as sub-issues of their epics, and label sub-issues with their epic's label",
    )
    .option("--milestone <sel>", "only this milestone (default: every open milestone)")
    .option("--dry-run", "print the plan and write nothing")
    .option("--write-interval <ms>", "milliseconds between two writes", "1000")
    .addHelpText("after", LINK_TASKS_HELP)
    .action(runner<LinkTasksOptions>((ctx, opts) => runLinkTasks(ctx, opts)));
}

interface Reading {
  plan: LinkPlan;
  scope: LinkScope;
  facts: Awaited<ReturnType<typeof fetchLinkFacts>>;
  warnings: string[];
}

export async function runLinkTasks(ctx: Context, opts: LinkTasksOptions): Promise<ExitCode> {
  const writeInterval = parseWriteInterval(opts.writeInterval);
  const config = loadConfig(ctx);
  const org = requireOrg(config);
  const client = ctx.github();
  client.setWriteInterval(writeInterval);
  try {
    const reading = await read(ctx, client, config, org, opts).finally(() => progress(ctx, ""));
    printWarnings(ctx.stderr, reading.warnings, ctx.env);
    if (opts.dryRun) {
      print(ctx, planAsLinkResult(reading.plan), reading);
      return 0;
    }
    const { result, signal } = await write(ctx, client, reading, {
      org,
      pmRepo: config.pmRepo,
      writeInterval,
    });
    print(ctx, result, reading);
    return finish(ctx, result, signal);
  } finally {
    client.logSummary();
  }
}

/** A line of progress on a terminal only: piped stderr stays clean for logs. */
function progress(ctx: Context, text: string): void {
  if (ctx.stderr.isTTY) ctx.stderr.write(`\r\u001b[K${text}`);
}

async function read(
  ctx: Context,
  client: GitHubClient,
  config: ReturnType<typeof loadConfig>,
  org: string,
  opts: LinkTasksOptions,
): Promise<Reading> {
  const pmRepo = `${org}/${config.pmRepo}`;
  progress(ctx, `Reading milestones and epics of ${pmRepo}…`);
  const overview = await fetchPlanningOverview(client, {
    org,
    pmRepo: config.pmRepo,
    markerLabel: config.epics.markerLabel,
  });
  const milestones: Milestone[] =
    opts.milestone !== undefined
      ? [selectMilestone(overview.milestones, opts.milestone, config.milestones, pmRepo)]
      : overview.milestones.filter((m) => m.state === "open");
  const epics = milestones.flatMap((m) => epicsOfMilestone(overview.epics, m));
  const scope: LinkScope = {
    org,
    pmRepo,
    milestones: milestones.map((m) => ({ number: m.number, title: m.title })),
    epics: epics.length,
  };
  const labels = new LabelMembership(pmRepo, config.epicPrefix).labelsOf(epics);
  progress(ctx, `Reading the tasks of ${epics.length} epics, by label and by sub-issue…`);
  const labelled = await fetchTasks(client, {
    org,
    repositories: overview.repositories.map((r) => r.name),
    labels,
  });
  const tree = await fetchSubIssueTasks(client, { org, pmRepo: config.pmRepo, epics });
  const archived = overview.repositories.filter((r) => r.archived).map((r) => `${org}/${r.name}`);
  const input = {
    epics,
    labelTasks: labelled.tasks,
    subIssueTasks: tree.tasks,
    epicPrefix: config.epicPrefix,
    pmRepo,
    org,
    archived,
  };
  // A first plan from the two task lists says which items and labels to ask GitHub about.
  const draft = planLinks(input);
  const wanted = new Map<string, Set<string>>();
  for (const l of draft.labels) {
    wanted.set(l.task.repo, (wanted.get(l.task.repo) ?? new Set()).add(l.label));
  }
  const facts =
    draft.links.length + draft.labels.length > 0
      ? await fetchLinkFacts(client, {
          items: [
            ...epics.map((e) => ({ repo: pmRepo, number: e.number })),
            ...draft.links.map((l) => l.task),
          ],
          labels: [...wanted].map(([repo, names]) => ({ repo, names: [...names] })),
        })
      : { items: new Map(), labels: new Map(), warnings: [] };
  const plan = draft.links.length + draft.labels.length > 0 ? planLinks({ ...input, facts }) : draft;
  progress(ctx, "");
  return {
    plan,
    scope,
    facts,
    warnings: [...overview.warnings, ...labelled.warnings, ...tree.warnings, ...facts.warnings],
  };
}

async function write(
  ctx: Context,
  client: GitHubClient,
  reading: Reading,
  options: { org: string; pmRepo: string; writeInterval: number },
): Promise<{ result: LinkResult; signal?: StopSignal }> {
  const total = reading.plan.links.length + reading.plan.labels.length;
  if (total === 0) return { result: planAsLinkResult(reading.plan, false) };
  const remaining = await restRemaining(client);
  if (remaining !== undefined && total > remaining) {
    ctx.stderr.write(
      `waku-pm: warning: ${total} writes are planned but only ${remaining} requests remain in this hour's rate limit; ` +
        "the run will stop when it runs out, and running it again after the reset finishes the job\n",
    );
  }
  const bar = new ProgressBar(ctx.stderr, {
    unit: "writes",
    total,
    estimateMs: options.writeInterval,
    enabled: !ctx.globals.verbose,
  });
  const stopping = stopOnSignals(ctx, () => bar.clear());
  try {
    const result = await applyLinkPlan(
      client,
      reading.plan,
      {
        org: options.org,
        pmRepo: options.pmRepo,
        facts: reading.facts,
        writeIntervalMs: options.writeInterval,
      },
      {
        onWrite: () => bar.tick(),
        onBackoff: (ms) => {
          bar.clear();
          ctx.stderr.write(`waku-pm: GitHub pushed back; writes are now ${ms} ms apart\n`);
        },
        signal: stopping.signal,
      },
    );
    const received = stopping.received();
    return received ? { result, signal: received } : { result };
  } finally {
    stopping.release();
    bar.clear();
  }
}

function print(ctx: Context, result: LinkResult, reading: Reading): void {
  if (ctx.globals.json) {
    ctx.stdout.write(`${JSON.stringify(linkResultJson(result, reading.scope, reading.warnings), null, 2)}\n`);
  } else {
    ctx.stdout.write(renderLinkText(result, reading.scope, ctx.stdout));
  }
}

function finish(ctx: Context, result: LinkResult, signal?: StopSignal): ExitCode {
  if (result.interrupted) {
    ctx.stderr.write(
      "waku-pm: interrupted; what was done is listed above. Run the same command again to finish.\n",
    );
  }
  if (result.fatal) throw result.fatal;
  const failed = result.actions.filter((a) => a.status === "failed").length;
  if (failed > 0) {
    ctx.stderr.write(
      `waku-pm: ${failed === 1 ? "1 write" : `${failed} writes`} failed (listed above)\n  Re-run the same command to finish (done work is not planned again).\n`,
    );
  }
  // 128 + the signal's number, as shells report a process the signal ended (as sync-labels does).
  if (signal) return STOP_SIGNALS[signal];
  if (result.interrupted || failed > 0) return 3;
  return 0;
}
