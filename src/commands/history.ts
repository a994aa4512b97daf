/**
 * `waku-pm history`: the burn-up data of a milestone and its epics over time, and a forecast
 * (docs/spec/time-and-hierarchy.md, "Progress over time"). Reads the planning overview, the tasks now and the
 * issue events since the earliest point (github/history.ts), replays them (history/replay.ts), both
 * by way of commands/replay.ts as every command that shows history does, and prints one point per
 * interval.
 */
import { type Command, Option } from "commander";
import { loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import { fetchPlanningOverview } from "../github/planning.js";
import { buildHistory, type HistoryJson } from "../history/build.js";
import { renderHistoryMarkdown, renderHistoryTable, toHistoryCsv } from "../history/render.js";
import type { Interval } from "../history/series.js";
import type { Epic, Milestone } from "../model/work.js";
import { printWarnings } from "../render/warnings.js";
import type { CommandRunner } from "../runtime.js";
import { selectEpic, selectMilestone } from "../status/select.js";
import { epicsOfMilestone } from "../status/summarise.js";
import { parseDay, replayFrom, startOf } from "./replay.js";
import { chooseFormat, collectRepo, narrowToRepos, parseBasis, requireOrg } from "./shared.js";

const FORMATS = ["table", "markdown", "json", "csv"] as const;
type Format = (typeof FORMATS)[number];

interface HistoryOptions {
  milestone?: string;
  epic?: string;
  since?: string;
  until?: string;
  interval?: Interval;
  basis: string;
  format?: Format;
  repo?: string[];
}

const HELP = `
Each point is the state at the end of its day (UTC): the scope (tasks of the milestone's epics,
open or closed), closed, open, and what happened since the previous point: added, removed,
closed_in_period, reopened, not_planned. A task closed as not planned or duplicate leaves the
scope (it counts in not_planned only); a reopen brings it back. An epic moved to another milestone
takes its tasks along from that day. Renamed epic labels are stitched through the config's aliases.

--since defaults to the milestone's start (the config's milestones: { short: { title, start } },
else the day the milestone was created); --until to today. --interval week (default) puts a point
every 7 days from --since and the last on --until.

Forecast: from the tasks closed in each of the last --basis weeks (default 4), the lower quartile,
median and upper quartile give the low, likely and high weekly rates; the scope's growth over the
same weeks is taken off them; the finish dates follow. No forecast, with the reason, when nothing
closed in those weeks or the scope grows as fast as tasks close.

JSON (--format json): one milestone's document as below; several milestones (no --milestone: every
open milestone) as { "version": 1, "milestones": [ … ] }.
  { "version": 1, "milestone": { "number", "title", "url", "due_on", "start" }, "interval", "since", "until",
    "series": [ { "date", "scope", "closed", "open", "added", "removed", "closed_in_period", "reopened", "not_planned" } ],
    "epics": [ { "number", "title", "url", "label", "series": [ … ] } ],
    "changes": [ { "at", "kind": "added|removed|closed|reopened|not_planned", "repo", "number", "epic" } ],
    "forecast": { "basis_weeks", "closed_per_week": { "low", "likely", "high" }, "scope_growth_per_week",
                  "finish": { "earliest", "likely", "latest" } | null, "reason" }, "warnings": [] }
CSV: one row per point for the milestone (epic empty), then one per point and epic.

Cost: the planning overview, the tasks now, and one REST listing of issue events per repository,
read back only to the earliest day needed; what was read is kept in the cache (unless --no-cache),
so a repeated run asks each repository only for its newest page (a free 304 when nothing changed).

Examples:
  $ waku-pm history --milestone gen0
  $ waku-pm history --milestone gen0 --since 2023-09-01 --interval day --format csv > gen0.csv
  $ waku-pm history --milestone gen0 --format markdown >> report.md
  $ waku-pm history --epic 62 --json | jq '.forecast'
`;

export function registerHistory(program: Command, runner: CommandRunner): void {
  program
    .command("history")
    .description("burn-up data of a milestone and its epics over time, with a forecast")
    .option("--milestone <sel>", "milestone: number, title, short name or unique part of a title")
    .option("--epic <label-or-number>", "only this epic's series (its epic label or issue number)")
    .option(
      "--repo <name>",
      "only the tasks in this repository (repeatable; globs as in repos.include)",
      collectRepo,
    )
    .option("--since <date>", "first point, YYYY-MM-DD (default: the milestone's start)")
    .option("--until <date>", "last point, YYYY-MM-DD (default: today)")
    .addOption(
      new Option("--interval <interval>", "a point every day or every week (default week)").choices([
        "day",
        "week",
      ]),
    )
    .option("--basis <weeks>", "weeks of throughput the forecast is based on", "4")
    .addOption(
      new Option("--format <format>", "output format (default table; --json means json)").choices(FORMATS),
    )
    .addHelpText("after", HELP)
    .action(runner<HistoryOptions>(runHistory));
}

async function runHistory(ctx: Context, opts: HistoryOptions): Promise<ExitCode> {
  const format = chooseFormat<Format>(ctx, opts.format, "table");
  const basis = parseBasis(opts.basis);
  const until = opts.until ? parseDay(opts.until, "--until") : ctx.now().toISOString().slice(0, 10);
  const since = opts.since ? parseDay(opts.since, "--since") : undefined;
  if (since && since > until) {
    throw new InputError(
      `--since ${since} is after --until ${until}`,
      "Give a --since on or before --until.",
    );
  }
  const interval: Interval = opts.interval ?? "week";
  const config = loadConfig(ctx);
  const org = requireOrg(config);
  const client = ctx.github();
  const overview = narrowToRepos(
    await fetchPlanningOverview(client, {
      org,
      pmRepo: config.pmRepo,
      markerLabel: config.epics.markerLabel,
    }),
    opts.repo,
  );
  const where = `${org}/${config.pmRepo}`;

  let milestones: Milestone[];
  let epic: Epic | undefined;
  if (opts.epic !== undefined) {
    const scope = opts.milestone
      ? epicsOfMilestone(
          overview.epics,
          selectMilestone(overview.milestones, opts.milestone, config.milestones, where),
        )
      : overview.epics;
    epic = selectEpic(scope, opts.epic, config.epicPrefix);
    const home = overview.milestones.find((m) => m.number === epic?.milestone);
    if (!home) {
      throw new InputError(
        `epic ${where}#${epic.number} is in no milestone, so it has no history of its own here`,
        "Put it in a milestone, or pass --milestone to read it within one.",
      );
    }
    milestones = [home];
  } else if (opts.milestone !== undefined) {
    milestones = [selectMilestone(overview.milestones, opts.milestone, config.milestones, where)];
  } else {
    milestones = overview.milestones.filter((m) => m.state === "open");
  }

  const starts = new Map(milestones.map((m) => [m.number, startOf(config, m, until)]));
  const sinceOf = (m: Milestone) => {
    const s = since ?? (starts.get(m.number) as string);
    // biome-ignore lint/complexity/useMathMinMax: days as YYYY-MM-DD compare as text; Math.min would make them NaN
    return s > until ? until : s;
  };
  const forecastStart = Date.parse(`${until}T00:00:00Z`) - 7 * basis * 86_400_000;
  const earliest = new Date(
    Math.min(forecastStart, ...milestones.map((m) => Date.parse(`${sinceOf(m)}T00:00:00Z`))) - 86_400_000,
  );
  const { replay, warnings } = await replayFrom(ctx, client, config, overview, overview.epics, earliest);

  const histories: HistoryJson[] = milestones.map((m) =>
    buildHistory(replay, {
      milestone: m,
      epics: overview.epics,
      epicPrefix: config.epicPrefix,
      start: starts.get(m.number) as string,
      since: sinceOf(m),
      until,
      interval,
      basis,
      ...(epic ? { epic: epic.number } : {}),
      warnings: [...overview.warnings, ...warnings],
    }),
  );

  if (format === "json") {
    const doc = histories.length === 1 ? histories[0] : { version: 1, milestones: histories };
    ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else if (format === "csv") ctx.stdout.write(toHistoryCsv(histories));
  else if (format === "markdown") ctx.stdout.write(histories.map(renderHistoryMarkdown).join("\n"));
  else ctx.stdout.write(histories.map((h) => renderHistoryTable(h, ctx.stdout)).join("\n"));
  if (histories.length === 0)
    ctx.stderr.write(`waku-pm: no open milestone in ${where}; pass --milestone to pick a closed one\n`);
  printWarnings(ctx.stderr, [...new Set([...overview.warnings, ...warnings])], ctx.env);
  return 0;
}
