/**
 * `waku-pm report`: the weekly report from "Weekly Update" comments (data-model.md). Wiring only:
 * window and flags → fetch (planning overview + updated issues) → pure `buildReport` → render.
 */
import { type Command, Option } from "commander";
import { loadConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError } from "../errors.js";
import { fetchPlanningOverview } from "../github/planning.js";
import { fetchUpdatedIssues } from "../github/updates.js";
import { printWarnings } from "../render/warnings.js";
import { buildReport } from "../report/build-report.js";
import { renderReportJson } from "../report/render-json.js";
import { renderReportMarkdown } from "../report/render-markdown.js";
import { resolveWindow } from "../report/window.js";
import type { CommandRunner } from "../runtime.js";
import { chooseFormat, requireOrg } from "./shared.js";

interface ReportOptions {
  since?: string;
  until?: string;
  format?: "markdown" | "json";
  team?: string;
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

Exit codes: 0 report printed (even with warnings), 2 bad flag or config, 3 GitHub failure.

Examples:
  $ waku-pm report                                   # the last 7 days, markdown
  $ waku-pm report --since 2023-11-20 --until 2023-11-27 > 2023-11-27-waku-weekly.md
  $ waku-pm report --since 14d --team alice,bob --json | jq '.team[] | select(.posted | not)'
`;

export function registerReport(program: Command, runner: CommandRunner): void {
  program
    .command("report")
    .description("the weekly report from the Weekly Update comments of the last days")
    .option("--since <date|Nd>", "start of the window: a date, or N days before --until", "7d")
    .option("--until <date>", "end of the window, exclusive (default: now)")
    .addOption(
      new Option("--format <format>", "output format (--json is the same as --format json)").choices([
        "markdown",
        "json",
      ]),
    )
    .option("--team <logins>", "comma-separated logins expected to post (default: the config's team)")
    .addHelpText("after", HELP)
    .action(runner(runReport));
}

export async function runReport(ctx: Context, opts: ReportOptions): Promise<ExitCode> {
  // Bad flags fail before the config is read or anything is sent.
  const window = resolveWindow({ since: opts.since, until: opts.until }, ctx.now());
  const format = chooseFormat(ctx, opts.format, "markdown");
  const teamFlag = opts.team === undefined ? undefined : parseTeam(opts.team);

  const config = loadConfig(ctx);
  const org = requireOrg(config);
  const client = ctx.github();
  const progress = (text: string) => {
    if (ctx.stderr.isTTY) ctx.stderr.write(`${text}\n`);
  };

  progress(`Reading milestones and epics of ${org}/${config.pmRepo}…`);
  const overview = await fetchPlanningOverview(client, { org, pmRepo: config.pmRepo });
  progress(
    `Reading issues of ${overview.repositories.length} repositories updated since ${window.since.toISOString()}…`,
  );
  const updated = await fetchUpdatedIssues(client, {
    org,
    pmRepo: config.pmRepo,
    repositories: overview.repositories.map((r) => r.name),
    since: window.since,
  });

  const report = buildReport({
    org,
    pmRepo: config.pmRepo,
    epicPrefix: config.epicPrefix,
    since: window.since,
    until: window.until,
    milestones: overview.milestones,
    epics: overview.epics,
    trackingIssues: updated.trackingIssues,
    issues: updated.issues,
    team: teamFlag ?? config.team,
  });
  report.warnings.push(...overview.warnings, ...updated.warnings);

  ctx.stdout.write(format === "json" ? renderReportJson(report) : renderReportMarkdown(report));

  printWarnings(ctx.stderr, report.warnings, ctx.env);
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
