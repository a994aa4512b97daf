/**
 * `waku-pm status`: milestone → epic → task progress across the organisation (docs/spec/cli.md).
 * Fetching lives in github/planning.ts, counting in status/summarise.ts, drawing in
 * status/render-*.ts; this file wires them to flags and streams.
 */
import { type Command, Option } from "commander";
import { progressSparkline } from "../chart/mermaid.js";
import { type Config, loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import { fetchEpicTasks } from "../github/epic-tasks.js";
import { fetchPlanningOverview, type TaskFetch } from "../github/planning.js";
import { forecastOf, progressAt } from "../history/build.js";
import { forecastSentence } from "../history/render.js";
import { endOfDay } from "../history/series.js";
import { membershipFor } from "../model/epics.js";
import type { Epic, Milestone, PlanningOverview, Task } from "../model/work.js";
import { printWarnings } from "../render/warnings.js";
import type { CommandRunner } from "../runtime.js";
import { toOverviewCsv, toOverviewJson, toStatusCsv, toStatusJson } from "../status/render-data.js";
import {
  renderEpicMarkdown,
  renderEpicTable,
  renderMilestoneMarkdown,
  renderMilestoneTable,
  renderOverviewMarkdown,
  renderOverviewTable,
  type TextOptions,
} from "../status/render-text.js";
import { selectEpic, selectMilestone } from "../status/select.js";
import {
  epicsOfMilestone,
  type MilestoneOverviewRow,
  summariseEpic,
  summariseMilestone,
  summariseMilestones,
} from "../status/summarise.js";
import { forMarkdownInline } from "../text/safety.js";
import { parseDay, readReplayTasks, replayFrom } from "./replay.js";
import { chooseFormat, collectRepo, narrowToRepos, requireOrg } from "./shared.js";

const FORMATS = ["table", "markdown", "json", "csv"] as const;
type Format = (typeof FORMATS)[number];

interface StatusOptions {
  milestone?: string;
  epic?: string;
  asOf?: string;
  fresh?: boolean;
  forecast?: boolean;
  repo?: string[];
  format?: Format;
  json?: boolean;
}

const EXAMPLES = `
Examples:
  $ waku-pm status                              every open milestone, one row each
  $ waku-pm status --milestone gen0             epics of "Waku Network Gen 0" (fragment, any case)
  $ waku-pm status --milestone 1 --format markdown > status.md
  $ waku-pm status --milestone "Waku Network Gen 0" --json | jq '.totals'
  $ waku-pm status --epic 62                    one epic's tasks, open first
  $ waku-pm status --epic "E:1.1 Network requirements and task breakdown"   the same, by label
  $ waku-pm status --milestone gen0 --format csv > tasks.csv   one row per task

--milestone takes a number, a title (any case), a short name from the config's
"milestones:", or a part of one title ignoring case, spaces and punctuation.
CSV has one row per task (an epic without tasks gets one row with empty task columns);
without --milestone, one row per milestone.
`;

export function registerStatus(program: Command, runner: CommandRunner): void {
  program
    .command("status")
    .description(
      "progress of a milestone's epics and their tasks across every repository of the organisation",
    )
    .option("--milestone <sel>", "milestone: number, title, short name or unique part of a title")
    .option("--epic <label-or-number>", "list one epic's tasks (its epic label or issue number)")
    .option(
      "--repo <name>",
      "only the tasks in this repository (repeatable; globs as in repos.include)",
      collectRepo,
    )
    .option("--as-of <date>", "the numbers as they stood at the end of that day (YYYY-MM-DD, UTC)")
    .option(
      "--forecast",
      "add the forecast (and the last weeks' trend) from the issues' history; reads their events",
    )
    .option(
      "--fresh",
      "read each repository instead of GitHub search: sees a label added a moment ago, at ~4 points per repository",
    )
    .addOption(
      new Option("--format <format>", "output format (default table; --json means json)").choices(FORMATS),
    )
    .addHelpText("after", EXAMPLES)
    .action(runner<StatusOptions>(runStatus));
}

/** A line of progress on a TTY only: piped stderr stays clean for logs. */
function progress(ctx: Context, text: string): void {
  if (!ctx.stderr.isTTY) return;
  ctx.stderr.write(`\r\u001b[K${text}`);
}

function textOptions(ctx: Context): TextOptions {
  // On a terminal titles are clipped so rows stay on one line; piped (tab-separated) rows keep them whole.
  const titleWidth = ctx.stdout.isTTY ? Math.max(24, ctx.stdout.columns - 95) : Number.POSITIVE_INFINITY;
  return { output: ctx.stdout, now: ctx.now(), titleWidth };
}

function writeWarnings(ctx: Context, warnings: readonly string[]): void {
  printWarnings(ctx.stderr, warnings, ctx.env);
}

async function runStatus(ctx: Context, opts: StatusOptions): Promise<ExitCode> {
  try {
    return await showStatus(ctx, opts);
  } finally {
    // An error (unknown milestone, GitHub failure) must not be printed after a half-drawn progress line.
    progress(ctx, "");
  }
}

async function showStatus(ctx: Context, opts: StatusOptions): Promise<ExitCode> {
  const format = chooseFormat<Format>(ctx, opts.format, "table");
  const asOf = opts.asOf === undefined ? undefined : parseDay(opts.asOf, "--as-of");
  if (asOf !== undefined && asOf > ctx.now().toISOString().slice(0, 10)) {
    throw new InputError(
      `--as-of ${asOf} is in the future`,
      "Give a day up to today; without --as-of, status is today's.",
    );
  }
  const config = loadConfig(ctx);
  const org = requireOrg(config);
  const client = ctx.github();

  progress(ctx, `Reading milestones and epics of ${org}/${config.pmRepo}…`);
  const overview = narrowToRepos(
    await fetchPlanningOverview(client, {
      org,
      pmRepo: config.pmRepo,
      markerLabel: config.epics.markerLabel,
      ...(opts.fresh ? { fresh: true } : {}),
    }),
    opts.repo,
  );
  const membership = membershipFor({
    pmRepo: `${org}/${config.pmRepo}`,
    epicPrefix: config.epicPrefix,
    source: config.epics.source,
  });
  const summariseOptions = { pmRepo: `${org}/${config.pmRepo}`, epicPrefix: config.epicPrefix, membership };
  const where = `${org}/${config.pmRepo}`;

  let milestone: Milestone | null = null;
  if (opts.milestone !== undefined) {
    milestone = selectMilestone(overview.milestones, opts.milestone, config.milestones, where);
  }
  if (asOf !== undefined) return showStatusAsOf(ctx, { opts, format, config, overview, milestone, asOf });

  if (opts.epic !== undefined) {
    const pool = milestone ? epicsOfMilestone(overview.epics, milestone) : overview.epics;
    const epic = selectEpic(pool, opts.epic, config.epicPrefix);
    if (!milestone && epic.milestone !== null) {
      milestone = overview.milestones.find((m) => m.number === epic.milestone) ?? null;
    }
    const fetched = await fetchTaskList(ctx, overview, [epic], config, opts.fresh);
    const summary = summariseEpic(epic, fetched.tasks, summariseOptions);
    const warnings = [...overview.warnings, ...fetched.warnings];
    if (summary.labels.length !== 1 && config.epics.source !== "sub-issues") {
      warnings.push(
        summary.labels.length === 0
          ? `epic ${where}#${epic.number} has no label starting with "${config.epicPrefix}"`
          : `epic ${where}#${epic.number} has ${summary.labels.length} epic labels (${summary.labels.join(", ")}); tasks carrying any of them are listed`,
      );
    }
    progress(ctx, "");
    if (format === "json") {
      const totals = {
        open: summary.open,
        closed: summary.closed,
        total: summary.total,
        percent: summary.percent,
      };
      const json = toStatusJson({
        milestone,
        epics: [summary],
        totals,
        notPlanned: summary.notPlanned.length,
        warnings,
      });
      ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else if (format === "csv") ctx.stdout.write(toStatusCsv(milestone, [summary]));
    else if (format === "markdown") ctx.stdout.write(renderEpicMarkdown(milestone, summary));
    else ctx.stdout.write(renderEpicTable(milestone, summary, textOptions(ctx)));
    writeWarnings(ctx, warnings);
    reportUse(ctx);
    return 0;
  }

  if (milestone) {
    const epics = epicsOfMilestone(overview.epics, milestone);
    const fetched = await fetchTaskList(ctx, overview, epics, config, opts.fresh, opts.forecast);
    const summary = summariseMilestone(milestone, epics, fetched.tasks, summariseOptions);
    const warnings = [...overview.warnings, ...fetched.warnings, ...summary.warnings];
    const ahead = opts.forecast
      ? await readForecast(ctx, config, overview, milestone, fetched.tasksNow)
      : undefined;
    if (ahead) warnings.push(...ahead.warnings);
    progress(ctx, "");
    if (format === "json") {
      const json = toStatusJson({ ...summary, warnings });
      ctx.stdout.write(`${JSON.stringify(ahead ? { ...json, forecast: ahead.forecast } : json, null, 2)}\n`);
    } else if (format === "csv") ctx.stdout.write(toStatusCsv(milestone, summary.epics));
    else if (format === "markdown") {
      ctx.stdout.write(renderMilestoneMarkdown(milestone, summary.epics, summary.totals, ctx.now()));
      if (ahead) {
        ctx.stdout.write(
          `\n**Forecast:** ${forMarkdownInline(forecastSentence(ahead.forecast))}\n\n**Trend (last ${ahead.weeks.length} weeks):** ${progressSparkline(ahead.weeks)}\n`,
        );
      }
    } else {
      ctx.stdout.write(renderMilestoneTable(milestone, summary.epics, summary.totals, textOptions(ctx)));
      if (ahead) ctx.stdout.write(`Forecast: ${forecastSentence(ahead.forecast)}\n`);
    }
    writeWarnings(ctx, warnings);
    reportUse(ctx);
    return 0;
  }

  // One row per open milestone, from the same task lists `--milestone` counts (by search, so a few
  // points), so both agree, not-planned closes included.
  const open = overview.milestones.filter((m) => m.state === "open");
  const epics = open.flatMap((m) => epicsOfMilestone(overview.epics, m));
  const fetched = await fetchTaskList(ctx, overview, epics, config, opts.fresh);
  const { rows, warnings: ruleWarnings } = summariseMilestones(
    open,
    overview.epics,
    fetched.tasks,
    summariseOptions,
  );
  const warnings = [...overview.warnings, ...fetched.warnings, ...ruleWarnings];
  progress(ctx, "");
  printOverview(ctx, format, rows, warnings);
  return 0;
}

/** One row per open milestone, in the chosen format, then the warnings. */
function printOverview(ctx: Context, format: Format, rows: MilestoneOverviewRow[], warnings: string[]): void {
  if (format === "json") ctx.stdout.write(`${JSON.stringify(toOverviewJson(rows, warnings), null, 2)}\n`);
  else if (format === "csv") ctx.stdout.write(toOverviewCsv(rows));
  else if (format === "markdown") ctx.stdout.write(renderOverviewMarkdown(rows, ctx.now()));
  else ctx.stdout.write(renderOverviewTable(rows, textOptions(ctx)));
  writeWarnings(ctx, warnings);
  reportUse(ctx);
}

/**
 * `status --as-of DATE`: the same outputs, from the history replay at the end of DATE (the epics
 * that were in the milestone then, each task as it stood). The JSON gains `"as_of"`.
 */
async function showStatusAsOf(
  ctx: Context,
  args: {
    opts: StatusOptions;
    format: Format;
    config: Config;
    overview: PlanningOverview;
    milestone: Milestone | null;
    asOf: string;
  },
): Promise<ExitCode> {
  const { opts, format, config, overview, asOf } = args;
  const where = `${overview.org}/${overview.pmRepo}`;
  const t = endOfDay(asOf);
  let milestones = args.milestone ? [args.milestone] : overview.milestones.filter((m) => m.state === "open");
  let epic: Epic | undefined;
  if (opts.epic !== undefined) {
    epic = selectEpic(
      args.milestone ? epicsOfMilestone(overview.epics, args.milestone) : overview.epics,
      opts.epic,
      config.epicPrefix,
    );
    const home = args.milestone ?? overview.milestones.find((m) => m.number === epic?.milestone);
    if (!home) {
      throw new InputError(
        `epic ${where}#${epic.number} is in no milestone`,
        "Pass --milestone to read it within one.",
      );
    }
    milestones = [home];
  }
  progress(ctx, `Reading the history of ${overview.repositories.length} repositories since ${asOf}…`);
  const { replay, warnings: readWarnings } = await replayFrom(
    ctx,
    ctx.github(),
    config,
    overview,
    overview.epics,
    new Date(t - 86_400_000),
  );
  const summaries = milestones.map((m) =>
    progressAt(replay, { overview, milestone: m, t, epicPrefix: config.epicPrefix }),
  );
  const warnings = [...overview.warnings, ...readWarnings];
  progress(ctx, "");
  const [first] = summaries;
  if (epic && first) {
    const summary = first.epics.find((e) => e.epic.number === epic.number);
    if (!summary) {
      throw new InputError(
        `epic ${where}#${epic.number} was not in "${first.milestone.title}" at the end of ${asOf}`,
        "Pick another day, or the milestone it was in then.",
      );
    }
    const milestone = first.milestone;
    const totals = {
      open: summary.open,
      closed: summary.closed,
      total: summary.total,
      percent: summary.percent,
    };
    if (format === "json") {
      const json = toStatusJson({
        milestone,
        epics: [summary],
        totals,
        notPlanned: summary.notPlanned.length,
        warnings,
      });
      ctx.stdout.write(`${JSON.stringify({ ...json, as_of: asOf }, null, 2)}\n`);
    } else if (format === "csv") ctx.stdout.write(toStatusCsv(milestone, [summary]));
    else if (format === "markdown")
      ctx.stdout.write(`_As of ${asOf}._\n\n${renderEpicMarkdown(milestone, summary)}`);
    else ctx.stdout.write(`As of ${asOf}\n${renderEpicTable(milestone, summary, textOptions(ctx))}`);
  } else if (args.milestone && first) {
    const now = new Date(t);
    if (format === "json") {
      ctx.stdout.write(
        `${JSON.stringify({ ...toStatusJson({ ...first, warnings }), as_of: asOf }, null, 2)}\n`,
      );
    } else if (format === "csv") ctx.stdout.write(toStatusCsv(first.milestone, first.epics));
    else if (format === "markdown") {
      ctx.stdout.write(
        `_As of ${asOf}._\n\n${renderMilestoneMarkdown(first.milestone, first.epics, first.totals, now)}`,
      );
    } else {
      ctx.stdout.write(
        `As of ${asOf}\n${renderMilestoneTable(first.milestone, first.epics, first.totals, { ...textOptions(ctx), now })}`,
      );
    }
  } else {
    const rows = summaries.map((s) => ({
      milestone: s.milestone,
      epics: { closed: s.epics.filter((e) => e.epic.state === "closed").length, total: s.epics.length },
      tasks: s.totals,
    }));
    const now = new Date(t);
    if (format === "json")
      ctx.stdout.write(
        `${JSON.stringify({ ...(toOverviewJson(rows, warnings) as object), as_of: asOf }, null, 2)}\n`,
      );
    else if (format === "csv") ctx.stdout.write(toOverviewCsv(rows));
    else if (format === "markdown")
      ctx.stdout.write(`_As of ${asOf}._\n\n${renderOverviewMarkdown(rows, now)}`);
    else ctx.stdout.write(`As of ${asOf}\n${renderOverviewTable(rows, { ...textOptions(ctx), now })}`);
  }
  writeWarnings(ctx, warnings);
  reportUse(ctx);
  return 0;
}

/**
 * `--forecast`: the same forecast as `history` (the last 4 weeks of the replayed history), and the
 * weekly series it was made from. Costs the issue events of those weeks (a REST page per
 * repository; a free 304 on a repeat).
 */
async function readForecast(
  ctx: Context,
  config: Config,
  overview: PlanningOverview,
  milestone: Milestone,
  tasksNow: TaskFetch | undefined,
) {
  const today = ctx.now().toISOString().slice(0, 10);
  const basis = 4;
  progress(ctx, `Reading the last ${basis} weeks' history of ${overview.repositories.length} repositories…`);
  const earliest = new Date(Date.parse(`${today}T00:00:00Z`) - (7 * basis + 1) * 86_400_000);
  const { replay, warnings } = await replayFrom(
    ctx,
    ctx.github(),
    config,
    overview,
    overview.epics,
    earliest,
    tasksNow,
  );
  return { ...forecastOf(replay, { milestone: milestone.number }, today, basis), warnings };
}

/**
 * The tasks of the given epics, by label and/or sub-issue as the config says (github/epic-tasks.ts).
 * `forReplay` (`--forecast`): the replay behind the forecast reads the tasks of every epic by label,
 * aliases included (`readReplayTasks`), a superset of this label read; that read is made once here,
 * these epics take their share (the tasks carrying one of their labels, what the label read would
 * find) and it is returned as `tasksNow` for `replayFrom`.
 */
async function fetchTaskList(
  ctx: Context,
  overview: PlanningOverview,
  epics: readonly Epic[],
  config: Config,
  fresh = false,
  forReplay = false,
): Promise<{ tasks: Task[]; warnings: string[]; tasksNow?: TaskFetch }> {
  const what = `${epics.length === 1 ? "1 epic" : `${epics.length} epics`} in ${overview.repositories.length === 1 ? "1 repository" : `${overview.repositories.length} repositories`}`;
  progress(ctx, `Reading tasks of ${what}…`);
  const source = config.epics.source;
  const tasksNow =
    forReplay && source !== "sub-issues"
      ? await readReplayTasks(ctx.github(), config, overview, overview.epics, { fresh })
      : undefined;
  const read = await fetchEpicTasks(ctx.github(), {
    overview,
    epics,
    epicPrefix: config.epicPrefix,
    source,
    ...(fresh ? { fresh: true } : {}),
    ...(tasksNow ? { labelRead: tasksNow } : {}),
  });
  return { tasks: read.pool, warnings: read.warnings, ...(tasksNow ? { tasksNow } : {}) };
}

/** --verbose: how many requests the run cost (the request log itself comes from the client). */
function reportUse(ctx: Context): void {
  ctx.github().logSummary();
}
