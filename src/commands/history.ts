/**
 * `waku-pm history`: the burn-up data of a milestone and its epics over time, and a forecast
 * (docs/spec/time-and-hierarchy.md, "Progress over time"). Reads the planning overview, the tasks now and the
 * issue events since the earliest point (github/history.ts), replays them (history/replay.ts) and
 * prints one point per interval.
 */
import { type Command, Option } from "commander";
import { type Config, loadConfig, milestoneStartOf } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import type { GitHubClient } from "../github/client.js";
import { defaultCacheDir } from "../github/client.js";
import { FileEventStore } from "../github/event-store.js";
import { readHistory } from "../github/history.js";
import { fetchPlanningOverview } from "../github/planning.js";
import { buildHistory, type HistoryJson } from "../history/build.js";
import { renderHistoryMarkdown, renderHistoryTable, toHistoryCsv } from "../history/render.js";
import { Replay } from "../history/replay.js";
import type { Interval } from "../history/series.js";
import { membershipFor } from "../model/epics.js";
import type { Epic, Milestone, PlanningOverview } from "../model/work.js";
import { printWarnings } from "../render/warnings.js";
import type { CommandRunner } from "../runtime.js";
import { selectEpic, selectMilestone } from "../status/select.js";
import { epicsOfMilestone } from "../status/summarise.js";
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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day YYYY-MM-DD, or bad input naming the flag. */
export function parseDay(value: string, flag: string): string {
  const day = value.trim();
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!DATE.test(day) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) {
    throw new InputError(`${flag}: "${value}" is not a date`, "Write a day as YYYY-MM-DD, e.g. 2023-09-01.");
  }
  return day;
}

/** Earlier names of the config's labels (lower case) → the label's name (lower case). */
export function aliasMap(config: Pick<Config, "labels">): Map<string, string> {
  const map = new Map<string, string>();
  for (const label of config.labels)
    for (const alias of label.aliases) map.set(alias.toLowerCase(), label.name.toLowerCase());
  return map;
}

/** Every epic label of the epics and each one's aliases from the config: what the task read filters on. */
export function labelsWithAliases(labels: readonly string[], config: Pick<Config, "labels">): string[] {
  const out = new Map<string, string>();
  for (const label of labels) {
    out.set(label.toLowerCase(), label);
    const spec = config.labels.find((l) => l.name.toLowerCase() === label.toLowerCase());
    for (const alias of spec?.aliases ?? []) out.set(alias.toLowerCase(), alias);
  }
  return [...out.values()];
}

/** Where a milestone's history starts: the config's start, else its creation, else 12 weeks before `until`. */
export function startOf(config: Config, milestone: Milestone, until: string): string {
  const configured = milestoneStartOf(config, milestone.title);
  if (configured) return configured;
  if (milestone.createdAt) return milestone.createdAt.slice(0, 10);
  return new Date(Date.parse(`${until}T00:00:00Z`) - 84 * 86_400_000).toISOString().slice(0, 10);
}

export interface ReplayContext {
  replay: Replay;
  warnings: string[];
}

/**
 * Reads what a replay from `earliest` needs and builds it: shared by `history`, `status --as-of`
 * and every command that shows progress over time.
 */
export async function replayFrom(
  ctx: Context,
  client: GitHubClient,
  config: Config,
  overview: PlanningOverview,
  epics: readonly Epic[],
  earliest: Date,
): Promise<ReplayContext> {
  const pmRepo = `${overview.org}/${overview.pmRepo}`;
  const membership = membershipFor({ pmRepo, epicPrefix: config.epicPrefix, source: config.epics.source });
  const labels = labelsWithAliases(
    [
      ...new Set(
        epics.flatMap((e) =>
          e.labels.filter((l) => l.toLowerCase().startsWith(config.epicPrefix.toLowerCase())),
        ),
      ),
    ],
    config,
  );
  const cacheDir = ctx.globals.cache ? defaultCacheDir(ctx.env) : undefined;
  const read = await readHistory(client, {
    overview,
    epics,
    labels,
    since: earliest,
    ...(cacheDir ? { store: new FileEventStore(cacheDir, client.tokenScope()) } : {}),
    onProgress: (text) => {
      if (ctx.stderr.isTTY) ctx.stderr.write(`\r\u001b[K${text}`);
    },
  });
  if (ctx.stderr.isTTY) ctx.stderr.write("\r\u001b[K");
  const replay = new Replay(read.log, {
    pmRepo,
    epicPrefix: config.epicPrefix,
    membership,
    epics: overview.epics.map((e) => ({ number: e.number, labels: e.labels })),
    milestones: overview.milestones,
    aliases: aliasMap(config),
  });
  return { replay, warnings: read.warnings };
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
