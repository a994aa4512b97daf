/**
 * `waku-pm report`: the weekly report from "Weekly Update" comments (docs/spec/data-model.md), and the
 * monthly report (docs/spec/time-and-hierarchy.md). Wiring only, one pipeline for both: period and flags →
 * fetch (planning overview + updated issues) → pure `buildReport` (the updates, grouped) → render.
 * The monthly report adds the history replay of the period and `buildMonthlyReport` (progress at
 * the start and the end, the scope's changes, epics) over the same grouped updates.
 */
import { type Command, Option } from "commander";
import { loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import { fetchPlanningOverview } from "../github/planning.js";
import { fetchSubIssueTasks } from "../github/sub-issues.js";
import { fetchUpdatedIssues } from "../github/updates.js";
import { endOfDay, toDay } from "../history/series.js";
import { membershipFor } from "../model/epics.js";
import { issueKey } from "../model/work.js";
import { printWarnings } from "../render/warnings.js";
import { buildMonthlyReport, membershipInPeriod } from "../report/build-monthly.js";
import { buildReport } from "../report/build-report.js";
import { resolvePeriod } from "../report/period.js";
import { renderReportJson } from "../report/render-json.js";
import { renderReportMarkdown } from "../report/render-markdown.js";
import { renderMonthlyJson } from "../report/render-monthly-json.js";
import { renderMonthlyMarkdown } from "../report/render-monthly-markdown.js";
import type { CommandRunner } from "../runtime.js";
import { replayFrom } from "./replay.js";
import { chooseFormat, collectRepo, narrowToRepos, progressLine, requireOrg } from "./shared.js";

/** Weeks of throughput behind the monthly report's forecasts, as `history`'s default. */
const FORECAST_BASIS = 4;
const DAY_MS = 86_400_000;

interface ReportOptions {
  month?: string;
  kind?: "weekly" | "monthly";
  since?: string;
  until?: string;
  format?: "markdown" | "json";
  team?: string;
  repo?: string[];
  json?: boolean;
}

const HELP = `
The window is [--since, --until): a comment counts when it was created at or after --since and
before --until. DATE is YYYY-MM-DD (midnight UTC) or an ISO date-time (2023-11-27T09:00:00Z);
Nd means N days before --until. The heading is "# <day of --until> <Name> weekly", Name being the
org without a trailing "-org", capitalised (waku-org → "# 2023-11-27 Waku weekly").

A comment is a weekly update when its first line is "Weekly Update", ignoring case, bold markers
and a trailing colon (**Weekly Update**, weekly update:, **Weekly update**:). Only issues count,
not pull requests. Its lines (- _achieved_: …, - _next_: …, - _blocker_: …, - _risks_: …) are
kept as written; markdown that could break the report (headings, unclosed fences, HTML) is escaped.
Several updates on one issue in the window are all shown, oldest first, each with its author and day.

Grouping: each milestone of the pm repository (open ones always, closed ones when they have news)
with the update on its tracking issue, then its epics that have updates, then their tasks (issues
carrying the epic's label); then epics without a milestone; then "Other Work" by label
(enhancement, bug, documentation, dependencies → Chores; anything else → Other); then the team:
- [x] @login for each member who posted an update in the window, - [ ] @login otherwise.
The team is --team, else the config's team:.

Warnings (stderr, and "warnings" in JSON): an open milestone without an update on its tracking
issue; an update without an _achieved_ or _next_ line; a task whose epic label has no epic.

JSON (--format json or --json):
  { "version": 1, "org": "waku-org",
    "since": "2023-11-20T00:00:00Z", "until": "2023-11-27T00:00:00Z",
    "milestones": [ { "number": 1, "title": "…", "url": "<milestone page>", "due_on": "…"|null,
                      "state": "open|closed", "tracking_issue": { "number": 50, "url": "…" }|null,
                      "updates": [Update], "epics": [Epic] } ],
    "orphan_epics": [Epic],
    "other": [ { "category": "enhancement|bug|documentation|chore|other", "title": "Enhancements",
                 "tasks": [Task] } ],
    "team": [ { "login": "alice", "posted": true } ],
    "warnings": [ "…" ] }
  Epic:   { "number", "title", "url", "state", "label", "updates": [Update], "tasks": [Task] }
  Task:   { "repo": "waku-org/nwaku", "number", "title", "url", "state", "updates": [Update] }
  Update: { "author", "created_at", "url", "lines": ["- _achieved_: …", …] }  (lines as written)

The monthly report (--month YYYY-MM: the window [the 1st 00:00 UTC, the 1st of the next month);
this month gives the report so far, a future month is refused; --kind monthly with --since/--until
for any other period, --since defaulting to 30d): the factual part of the month's report. The same
updates, grouped as above, plus each milestone's progress from the issues' history (as \`history\`
reads it, at day ends UTC: the start is the end of the day before the first day). Milestones: every
open one, and any other with movement or updates in the period, open first, soonest due first.
  - a summary table: percent at the start and the end, the change, a weekly sparkline, tasks
    closed, added and removed (net over the period), epics closed, due date, forecast;
  - per milestone: highlights (the _achieved_ items of the period's updates on its tracking issue,
    its epics and their tasks: grouped by epic, oldest first, each once, linked to the update),
    risks (_risks_ and _blocker_ items, grouped the same way, newest first), epics completed (the
    epic issue closed in the period), epics in progress with their own change and forecast, overdue
    epics (the milestone's due date passed, or the epic's forecast past it), epics with no activity
    (no scope or status change, no update), and the tasks closed, added, removed and reopened;
  - other work (issues outside every milestone epic with updates, counted by category, with their
    achievements), then every weekly update the report drew on.
  At the top, marked places for the author: <!-- executive summary: write it here --> and
  <!-- risk assessment: write it here -->. Over GitHub's 65,536-character limit for an issue body
  the markdown comes in parts, each valid on its own and opening with a line
  "<!-- monthly report: part N of M -->" (split them there); JSON is always one document:
  { "version": 1, "kind": "monthly", "org", "month": "2023-09"|null, "since": "2023-09-01",
    "until": "2023-10-01", "complete": true,
    "milestones": [ { "number", "title", "url", "due_on", "state", "tracking_issue",
        "start": { "closed", "total", "percent" }, "end": { … }, "delta", "trend": [ { "date", "percent" } ],
        "closed_tasks": [PTask], "added_tasks": [PTask], "removed_tasks": [PTask], "reopened_tasks": [PTask],
        "epics_closed": [ { "number", "title", "url" } ],
        "epics": [ { "number", "title", "url", "label", "start", "end", "delta", "trend": [percent],
                     "forecast": { "likely", "reason" }, "overdue": "why"|null, "idle" } ],
        "overdue_epics": [ { "number", "title", "url", "reason" } ], "idle_epics": [ { "number", "title", "url" } ],
        "forecast": { "finish": { "earliest", "likely", "latest" }|null, "reason" },
        "highlights": [Mention], "risks": [Mention] } ],
    "orphan_epics": { "highlights": [Mention], "risks": [Mention] },
    "other": [ { "category", "title", "count", "notable": [ { "repo", "number", "title", "url", "achieved": ["…"] } ] } ],
    "updates": [ { "url", "author", "created_at", "issue": { "repo", "number", "title", "url" } } ],
    "warnings": [ "…" ] }
  PTask:   { "repo": "waku-org/nwaku", "number", "title", "url", "epic", "at", "reason"?: "not_planned|left" }
  Mention: { "text", "url" (the update), "kind": "achieved|risks|blocker", "epic"|null, "author",
             "created_at", "issue": { "repo", "number", "title", "url" } }

Exit codes: 0 report printed (even with warnings), 2 bad flag or config, 3 GitHub failure.

Examples:
  $ waku-pm report                                   # the last 7 days, markdown
  $ waku-pm report --since 2023-11-20 --until 2023-11-27 > 2023-11-27-waku-weekly.md
  $ waku-pm report --since 14d --team alice,bob --json | jq '.team[] | select(.posted | not)'
  $ waku-pm report --month 2023-09 > 2023-09-waku-monthly.md
  $ waku-pm report --kind monthly --since 2023-09-01 --until 2023-12-01 --json | jq '.milestones[0].end'
  $ waku-pm report --month 2023-09 | csplit -z -f part- - '/^<!-- monthly report: part /' '{*}'
`;

export function registerReport(program: Command, runner: CommandRunner): void {
  program
    .command("report")
    .description("the weekly report from the Weekly Update comments of the last days, or the monthly report")
    .option("--month <YYYY-MM>", "the monthly report of that calendar month (UTC)")
    .addOption(
      new Option("--kind <kind>", "weekly (default) or monthly, for --since/--until").choices([
        "weekly",
        "monthly",
      ]),
    )
    .option("--since <date|Nd>", "start of the window: a date, or N days before --until (default 7d)")
    .option("--until <date>", "end of the window, exclusive (default: now)")
    .addOption(
      new Option("--format <format>", "output format (--json is the same as --format json)").choices([
        "markdown",
        "json",
      ]),
    )
    .option("--team <logins>", "comma-separated logins expected to post (default: the config's team)")
    .option(
      "--repo <name>",
      "only the updates in this repository (repeatable; globs as in repos.include)",
      collectRepo,
    )
    .addHelpText("after", HELP)
    .action(runner(runReport));
}

export async function runReport(ctx: Context, opts: ReportOptions): Promise<ExitCode> {
  // Bad flags fail before the config is read or anything is sent.
  const period = resolvePeriod(
    { month: opts.month, kind: opts.kind, since: opts.since, until: opts.until },
    ctx.now(),
  );
  const window = { since: period.since, until: period.until };
  const format = chooseFormat(ctx, opts.format, "markdown");
  const teamFlag = opts.team === undefined ? undefined : parseTeam(opts.team);

  const config = loadConfig(ctx);
  const org = requireOrg(config);
  const client = ctx.github();
  const line = progressLine(ctx);
  const progress = (text: string) => line.say(text);

  progress(
    `Reading milestones and epics of ${org}/${config.pmRepo}, and what was updated since ${window.since.toISOString()}…`,
  );
  // Independent reads, in flight together: the updates are searched across the organisation.
  const [everything, found] = await Promise.all([
    fetchPlanningOverview(client, { org, pmRepo: config.pmRepo, markerLabel: config.epics.markerLabel }),
    fetchUpdatedIssues(client, { org, pmRepo: config.pmRepo, since: window.since }),
  ]);
  // --repo: only the updates (and tasks) of those repositories; the milestones' own stay.
  const overview = narrowToRepos(everything, opts.repo);
  const kept = new Set(overview.repositories.map((r) => r.name.toLowerCase()));
  const updated =
    opts.repo && opts.repo.length > 0
      ? {
          ...found,
          issues: found.issues.filter(
            (i) => kept.has(i.repo.toLowerCase()) || i.repo.toLowerCase() === config.pmRepo.toLowerCase(),
          ),
        }
      : found;

  // The monthly report reads the period's history; its replay also says which epic each task
  // belonged to in the period, so its updates are grouped as they stood then.
  let history: Awaited<ReturnType<typeof replayFrom>> | undefined;
  let membership: ReturnType<typeof membershipInPeriod> | undefined;
  if (period.kind === "monthly") {
    const first = Date.parse(`${toDay(window.since.getTime())}T00:00:00Z`);
    const last = endOfDay(toDay(window.until.getTime() - 1));
    const earliest = new Date(Math.min(first, last - 7 * FORECAST_BASIS * DAY_MS) - DAY_MS);
    progress(
      `Reading the history of ${overview.repositories.length} repositories since ${toDay(earliest.getTime())}…`,
    );
    history = await replayFrom(ctx, client, config, overview, overview.epics, earliest);
    membership = membershipInPeriod(
      history.replay,
      [last, first - 1],
      membershipFor({
        pmRepo: `${org}/${config.pmRepo}`,
        epicPrefix: config.epicPrefix,
        source: config.epics.source,
      }),
    );
  }

  // Sub-issue epics: an update files under the epic whose tree the issue is in, so the trees are read.
  let issues = updated.issues;
  const treeWarnings: string[] = [];
  if (config.epics.source !== "labels" && !membership) {
    progress(`Reading the sub-issues of ${overview.epics.length} epics…`);
    const tree = await fetchSubIssueTasks(client, { org, pmRepo: config.pmRepo, epics: overview.epics });
    treeWarnings.push(...tree.warnings);
    const ancestors = new Map(tree.tasks.map((t) => [issueKey(t), t.ancestors ?? []]));
    issues = issues.map((i) => {
      const chain = ancestors.get(issueKey({ repo: `${org}/${i.repo}`, number: i.number }));
      return chain ? { ...i, ancestors: chain } : i;
    });
  }
  const report = buildReport({
    org,
    pmRepo: config.pmRepo,
    epicPrefix: config.epicPrefix,
    since: window.since,
    until: window.until,
    milestones: overview.milestones,
    epics: overview.epics,
    trackingIssues: updated.trackingIssues,
    issues,
    team: teamFlag ?? config.team,
    membership:
      membership ??
      membershipFor({
        pmRepo: `${org}/${config.pmRepo}`,
        epicPrefix: config.epicPrefix,
        source: config.epics.source,
      }),
  });
  report.warnings.push(...treeWarnings);
  report.warnings.push(...overview.warnings, ...updated.warnings);

  let warnings = report.warnings;
  if (history) {
    const monthly = buildMonthlyReport({
      org,
      pmRepo: config.pmRepo,
      epicPrefix: config.epicPrefix,
      period,
      milestones: overview.milestones,
      epics: overview.epics,
      replay: history.replay,
      weekly: report,
      basis: FORECAST_BASIS,
    });
    monthly.warnings = [...new Set([...monthly.warnings, ...history.warnings])];
    warnings = monthly.warnings;
    line.clear();
    ctx.stdout.write(
      format === "json" ? renderMonthlyJson(monthly) : renderMonthlyMarkdown(monthly).join("\n"),
    );
  } else {
    line.clear();
    ctx.stdout.write(format === "json" ? renderReportJson(report) : renderReportMarkdown(report));
  }

  printWarnings(ctx.stderr, warnings, ctx.env);
  if (ctx.globals.verbose) {
    const { graphql, rest } = client.stats;
    ctx.stderr.write(`report: ${graphql} GraphQL documents, ${rest} REST requests\n`);
  }
  return 0;
}

function parseTeam(text: string): string[] {
  const logins = text
    .split(",")
    .map((s) => s.trim().replace(/^@/, ""))
    .filter((s) => s !== "");
  const bad = logins.find((l) => !/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l) || l.length > 39);
  if (bad !== undefined) {
    throw new InputError(
      `--team: "${bad}" is not a GitHub login`,
      "Give logins separated by commas, e.g. --team alice,bob.",
    );
  }
  return logins;
}
