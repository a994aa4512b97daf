/**
 * `waku-pm chart`: a milestone's (or an epic's) burn-up as an SVG or PNG file
 * (docs/spec/time-and-hierarchy.md, "Pictures"). The data is `history`'s; the drawing is src/chart/.
 */
import { writeFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { Command } from "commander";
import { renderBurnUp } from "../chart/burnup.js";
import { renderPng } from "../chart/png.js";
import { loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import { fetchPlanningOverview } from "../github/planning.js";
import { buildHistory } from "../history/build.js";
import { printWarnings } from "../render/warnings.js";
import type { CommandRunner } from "../runtime.js";
import { selectEpic, selectMilestone } from "../status/select.js";
import { epicsOfMilestone } from "../status/summarise.js";
import { parseDay, replayFrom, startOf } from "./replay.js";
import { parseBasis, requireOrg } from "./shared.js";

interface ChartOptions {
  milestone?: string;
  epic?: string;
  since?: string;
  until?: string;
  out?: string;
  width?: string;
  basis: string;
}

const HELP = `
The burn-up: the scope line (steps where tasks were added or removed), the closed line, the ideal
line from the start to the due date, the forecast band (earliest to latest finish), today and the
due date marked, with a <title> and <desc> that say in words what it shows. Light and dark themes.
The same data and clock give the same bytes. A .png is drawn without a browser (DejaVu Sans or
Liberation Sans from /usr/share/fonts).

Examples:
  $ waku-pm chart --milestone gen0 --out gen0.svg
  $ waku-pm chart --milestone gen0 --epic 65 --out epic-65.png --width 1200
`;

export function registerChart(program: Command, runner: CommandRunner): void {
  program
    .command("chart")
    .description("a burn-up chart of a milestone or an epic, as SVG or PNG")
    .option("--milestone <sel>", "milestone: number, title, short name or unique part of a title")
    .option("--epic <label-or-number>", "draw this epic instead of the whole milestone")
    .option("--since <date>", "start of the chart, YYYY-MM-DD (default: the milestone's start)")
    .option("--until <date>", "end of the chart, YYYY-MM-DD (default: today)")
    .option("--out <file>", "where to write it: FILE.svg or FILE.png (required)")
    .option("--width <px>", "PNG width in pixels (default: the SVG's own)")
    .option("--basis <weeks>", "weeks of throughput the forecast is based on", "4")
    .addHelpText("after", HELP)
    .action(runner<ChartOptions>(runChart));
}

async function runChart(ctx: Context, opts: ChartOptions): Promise<ExitCode> {
  if (!opts.out)
    throw new InputError("chart needs --out FILE.svg or --out FILE.png", "For example --out gen0.svg.");
  const kind = extname(opts.out).toLowerCase();
  if (kind !== ".svg" && kind !== ".png") {
    throw new InputError(`--out ${opts.out}: write a .svg or a .png file`, "For example --out gen0.svg.");
  }
  const width = opts.width === undefined ? undefined : Number(opts.width);
  if (width !== undefined && (!Number.isInteger(width) || width < 200 || width > 8000)) {
    throw new InputError(
      `--width: "${opts.width}" is not a width from 200 to 8000 pixels`,
      "For example --width 1200.",
    );
  }
  if (!opts.milestone && !opts.epic) {
    throw new InputError("chart needs --milestone (or --epic)", "For example --milestone gen0.");
  }
  const today = ctx.now().toISOString().slice(0, 10);
  const until = opts.until ? parseDay(opts.until, "--until") : today;
  const config = loadConfig(ctx);
  const org = requireOrg(config);
  const client = ctx.github();
  const overview = await fetchPlanningOverview(client, {
    org,
    pmRepo: config.pmRepo,
    markerLabel: config.epics.markerLabel,
  });
  const where = `${org}/${config.pmRepo}`;
  let milestone = opts.milestone
    ? selectMilestone(overview.milestones, opts.milestone, config.milestones, where)
    : undefined;
  let epicNumber: number | undefined;
  if (opts.epic) {
    const epic = selectEpic(
      milestone ? epicsOfMilestone(overview.epics, milestone) : overview.epics,
      opts.epic,
      config.epicPrefix,
    );
    epicNumber = epic.number;
    milestone ??= overview.milestones.find((m) => m.number === epic.milestone);
    if (!milestone) {
      throw new InputError(
        `epic ${where}#${epic.number} is in no milestone`,
        "Pass --milestone to draw it within one.",
      );
    }
  }
  if (!milestone) throw new InputError("no milestone to draw", "Pass --milestone.");
  const basis = parseBasis(opts.basis);
  const start = startOf(config, milestone, until);
  const since = opts.since ? parseDay(opts.since, "--since") : start;
  const earliest = new Date(
    Math.min(Date.parse(`${since}T00:00:00Z`), Date.parse(`${until}T00:00:00Z`) - 7 * basis * 86_400_000) -
      86_400_000,
  );
  const { replay, warnings } = await replayFrom(ctx, client, config, overview, overview.epics, earliest);
  const history = buildHistory(replay, {
    milestone,
    epics: overview.epics,
    epicPrefix: config.epicPrefix,
    start,
    since,
    until,
    interval: "week",
    basis,
    ...(epicNumber !== undefined ? { epic: epicNumber } : {}),
  });
  const svg = renderBurnUp(history, {
    today: until,
    ...(epicNumber !== undefined ? { epic: epicNumber } : {}),
  });
  const file = resolve(ctx.cwd, opts.out);
  writeFileSync(file, kind === ".png" ? renderPng(svg, width === undefined ? {} : { width }) : svg);
  ctx.stderr.write(`wrote ${opts.out}\n`);
  printWarnings(ctx.stderr, [...overview.warnings, ...warnings], ctx.env);
  return 0;
}
