/**
 * `waku-pm dashboard --out DIR`: one self-contained page of every open milestone (its percent, due
 * date, forecast, burn-up and epics, the last week's scope changes) and the latest weekly report,
 * with the data behind it (docs/spec/time-and-hierarchy.md, "Pictures"). Reads the planning overview, one
 * replay of the issue events (status now is its last moment, so page and `status` agree), and the
 * week's updates; the page itself is drawn by src/dashboard/.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import { fetchPlanningOverview } from "../github/planning.js";
import { fetchUpdatedIssues } from "../github/updates.js";
import { buildHistory, progressAt } from "../history/build.js";
import { membershipFor } from "../model/epics.js";
import { printWarnings } from "../render/warnings.js";
import { buildReport } from "../report/build-report.js";
import { renderReportMarkdown } from "../report/render-markdown.js";
import type { CommandRunner } from "../runtime.js";
import { toStatusJson } from "../status/render-data.js";
import { parseDay, replayFrom, startOf } from "./replay.js";
import { parseBasis, requireOrg } from "./shared.js";

interface DashboardOptions {
  out?: string;
  basis: string;
}

const HELP = `
Writes DIR/index.html (inline CSS and SVG: no script, font or request, so it works from file://,
as an Actions artifact and on GitHub Pages), DIR/data.json (the status and history JSON of every
milestone shown) and every chart as DIR/*.svg. .github/workflows/dashboard.yml publishes it nightly.

Examples:
  $ waku-pm dashboard --out site && open site/index.html
`;

export function registerDashboard(program: Command, runner: CommandRunner): void {
  program
    .command("dashboard")
    .description("an offline page with every open milestone's progress, burn-up and forecast")
    .option("--out <dir>", "the folder to write index.html, data.json and the charts into (required)")
    .option("--basis <weeks>", "weeks of throughput the forecasts are based on", "4")
    .addHelpText("after", HELP)
    .action(runner<DashboardOptions>(runDashboard));
}

async function runDashboard(ctx: Context, opts: DashboardOptions): Promise<ExitCode> {
  if (!opts.out) throw new InputError("dashboard needs --out DIR", "For example --out site.");
  const basis = parseBasis(opts.basis);
  const now = ctx.now();
  const today = parseDay(now.toISOString().slice(0, 10), "the clock");
  const config = loadConfig(ctx);
  const org = requireOrg(config);
  const client = ctx.github();
  const say = (text: string) => ctx.stderr.write(ctx.stderr.isTTY ? `\r\u001b[K${text}` : `${text}\n`);

  say(`Reading milestones and epics of ${org}/${config.pmRepo}…`);
  const overview = await fetchPlanningOverview(client, {
    org,
    pmRepo: config.pmRepo,
    markerLabel: config.epics.markerLabel,
  });
  const open = overview.milestones.filter((m) => m.state === "open");
  const starts = new Map(open.map((m) => [m.number, startOf(config, m, today)]));
  const earliest = new Date(
    Math.min(
      Date.parse(`${today}T00:00:00Z`) - 7 * basis * 86_400_000,
      ...[...starts.values()].map((s) => Date.parse(`${s}T00:00:00Z`)),
    ) - 86_400_000,
  );
  say(
    `Reading the history of ${overview.repositories.length} repositories since ${earliest.toISOString().slice(0, 10)}…`,
  );
  const { replay, warnings } = await replayFrom(ctx, client, config, overview, overview.epics, earliest);

  say("Reading the last 7 days' weekly updates…");
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const updated = await fetchUpdatedIssues(client, {
    org,
    pmRepo: config.pmRepo,
    repositories: overview.repositories.map((r) => r.name),
    since,
  });
  const report = buildReport({
    org,
    pmRepo: config.pmRepo,
    epicPrefix: config.epicPrefix,
    since,
    until: now,
    milestones: overview.milestones,
    epics: overview.epics,
    trackingIssues: updated.trackingIssues,
    issues: updated.issues,
    team: config.team,
    membership: membershipFor({
      pmRepo: `${org}/${config.pmRepo}`,
      epicPrefix: config.epicPrefix,
      source: config.epics.source,
    }),
  });

  const allWarnings = [...overview.warnings, ...warnings, ...updated.warnings];
  const milestones = open.map((milestone) => {
    const progress = progressAt(replay, {
      overview,
      milestone,
      t: now.getTime(),
      epicPrefix: config.epicPrefix,
    });
    const history = buildHistory(replay, {
      milestone,
      epics: overview.epics,
      epicPrefix: config.epicPrefix,
      start: starts.get(milestone.number) as string,
      since: starts.get(milestone.number) as string,
      until: today,
      interval: "week",
      basis,
      warnings: allWarnings,
    });
    return { status: toStatusJson({ ...progress, warnings: allWarnings }), history };
  });

  // Loaded here, not at the top: only this command needs the page renderer.
  const { renderDashboard, writeDashboard } = await import("../dashboard/index.js");
  const files = renderDashboard({
    now: now.toISOString(),
    org,
    milestones,
    report: { markdown: renderReportMarkdown(report) },
  });
  const dir = resolve(ctx.cwd, opts.out);
  const written = writeDashboard(dir, files);
  if (ctx.stderr.isTTY) ctx.stderr.write("\r\u001b[K");
  ctx.stdout.write(`${written[0]}\n`);
  ctx.stderr.write(`wrote ${written.length} files to ${opts.out} (${open.length} milestones)\n`);
  printWarnings(ctx.stderr, [...new Set(allWarnings)], ctx.env);
  return 0;
}
