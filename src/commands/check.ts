/**
 * `waku-pm check`: the CI gate. Lint the config (exit 2), then the label drift `sync-labels --check`
 * would report (exit 1), then the tracking rules of docs/spec/data-model.md (exit 1). A part that GitHub kept
 * from running makes the result unknown: it is reported and the exit code is 3.
 *
 * Gathering lives in check/drift.ts and check/tracking.ts, rendering in check/render.ts; this file
 * wires them to the streams, the annotations and the job summary.
 */
import type { Command } from "commander";
import { collectDrift } from "../check/drift.js";
import { checkHierarchy, type HierarchyResult } from "../check/hierarchy.js";
import { renderAnnotations, renderSummary, renderText, toJson } from "../check/render.js";
import { type CheckReport, createReport, exitCodeOf } from "../check/report.js";
import { checkTracking } from "../check/tracking.js";
import { type Config, inspectConfig } from "../config/index.js";
import type { Context } from "../context.js";
import { type ExitCode, InputError, WakuPmError } from "../errors.js";
import { FatalGitHubError, type GitHubClient } from "../github/client.js";
import { fetchEpicTasks } from "../github/epic-tasks.js";
import { fetchPlanningOverview, fetchPlanningOverviewAndLabels } from "../github/planning.js";
import { fetchLinkFacts } from "../github/sub-issues.js";
import { planLinks } from "../link/plan.js";
import type { PlanningOverview } from "../model/work.js";
import { inGitHubActions } from "../render/annotations.js";
import { ProgressBar } from "../render/progress.js";
import { appendStepSummary } from "../render/step-summary.js";
import { styleFor } from "../render/style.js";
import type { CommandRunner } from "../runtime.js";
import { epicsOfMilestone } from "../status/summarise.js";

const EXAMPLES = `
Examples:
  $ waku-pm check                                  # ./labels.yaml, else ./.github/labels.yml
  $ waku-pm check --config .github/labels.yml --org waku-org
  $ waku-pm check --json | jq '.drift[].repo'      # which repositories drifted
  $ waku-pm check --repo nwaku --repo 'js-*'       # only these repositories' labels (names or globs)

What it checks, in order:
  1. the config is valid (as \`waku-pm lint\`)                       exit 2 when not
  2. every selected repository has every configured label with the
     configured colour and description (as \`sync-labels --check\`)  exit 1 on drift
  3. every epic issue (pm issue labelled "epic") carries exactly one
     epic label, and that label is in the config                   exit 1 when not
  Warnings, never failing: an epic label no epic carries, an open epic in no milestone.
  Exit 3 when GitHub could not be read (bad token, network, a repository that failed).

Under GitHub Actions (GITHUB_ACTIONS=true) every problem is also an ::error/::warning annotation
(a drifted label points at its line in the config) and a markdown report is appended to the file
named by GITHUB_STEP_SUMMARY.
`;

export function registerCheck(program: Command, runner: CommandRunner): void {
  program
    .command("check")
    .description(
      "CI gate: lint the config, find label drift across repositories, and check that every epic has one configured epic label",
    )
    .option(
      "--repo <name>",
      "check the labels of only this repository, a name or a glob (repeatable); may name a fork",
      collect,
    )
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", EXAMPLES)
    .action(runner<CheckOptions>(runCheck));
}

export interface CheckOptions {
  repo?: string[];
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function messageOf(error: unknown): { message: string; hint?: string } {
  if (error instanceof WakuPmError) {
    return error.hint ? { message: error.message, hint: error.hint } : { message: error.message };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

export async function runCheck(ctx: Context, opts: CheckOptions = {}): Promise<ExitCode> {
  // No config file at all is bad input with nothing to annotate: cli.ts prints it (exit 2).
  const inspection = inspectConfig(ctx);
  const report = createReport(inspection.file);
  report.configProblems = inspection.errors;
  report.configWarnings = inspection.warnings;
  const config = inspection.config;
  if (config && inspection.errors.length === 0) {
    report.org = config.org;
    report.pmRepo = config.pmRepo;
    if (!config.org) {
      report.configProblems = [
        {
          file: inspection.file,
          line: 1,
          column: 1,
          message: "no organisation: write `org: ORG` in the config (mapping form) or pass --org ORG",
        },
      ];
    } else {
      await checkGitHub(ctx, report, config, config.org, opts.repo ?? []);
    }
  } else if (report.configProblems.length === 0) {
    report.configProblems = [{ file: inspection.file, line: 1, column: 1, message: "not a valid config" }];
  }
  return emit(ctx, report, config);
}

async function checkGitHub(
  ctx: Context,
  report: CheckReport,
  config: Config,
  org: string,
  requested: readonly string[],
): Promise<void> {
  let client: GitHubClient;
  try {
    client = ctx.github();
  } catch (error) {
    report.failures.push({ scope: "GitHub", ...messageOf(error) });
    return;
  }
  let reading: ProgressBar | undefined;
  try {
    // The repositories, their labels, the milestones and the epics in one document (up to 100
    // repositories). Should it fail, the two reads below run apart and each reports its failure.
    let combined: Awaited<ReturnType<typeof fetchPlanningOverviewAndLabels>> | undefined;
    try {
      combined = await fetchPlanningOverviewAndLabels(client, {
        org,
        pmRepo: config.pmRepo,
        markerLabel: config.epics.markerLabel,
      });
    } catch (error) {
      // Nothing else can succeed with a rejected token or a spent rate limit.
      if (error instanceof FatalGitHubError) {
        report.failures.push({ scope: "label drift", ...messageOf(error) });
        return;
      }
    }
    try {
      report.drift = await collectDrift(
        client,
        config,
        org,
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
        requested,
        combined?.labels,
      );
      report.fetchWarnings.push(...report.drift.warnings);
    } catch (error) {
      // A --repo naming no repository is bad input (exit 2), not a GitHub failure.
      if (error instanceof InputError) throw error;
      report.failures.push({ scope: "label drift", ...messageOf(error) });
      // Nothing else can succeed with a rejected token or a spent rate limit.
      if (error instanceof FatalGitHubError) return;
    } finally {
      reading?.clear();
    }
    try {
      const overview =
        combined?.overview ??
        (await fetchPlanningOverview(client, {
          org,
          pmRepo: config.pmRepo,
          markerLabel: config.epics.markerLabel,
        }));
      report.epicCount = overview.epics.length;
      report.fetchWarnings.push(...overview.warnings);
      report.tracking = checkTracking({
        epics: overview.epics,
        labels: config.labels,
        epicPrefix: config.epicPrefix,
        pmRepo: `${org}/${config.pmRepo}`,
      });
      if (config.epics.source !== "labels")
        report.hierarchy = await checkTasks(client, config, overview, report);
    } catch (error) {
      report.failures.push({ scope: "epics", ...messageOf(error) });
    }
  } finally {
    client.logSummary();
  }
}

/**
 * The task rules of sub-issue epics (check/hierarchy.ts) for the open milestones' epics: read both
 * ways, then the exact facts (parents, repository labels) of what the two models disagree on.
 */
async function checkTasks(
  client: GitHubClient,
  config: Config,
  overview: PlanningOverview,
  report: CheckReport,
): Promise<HierarchyResult> {
  const open = overview.milestones.filter((m) => m.state === "open");
  const epics = open.flatMap((m) => epicsOfMilestone(overview.epics, m));
  const read = await fetchEpicTasks(client, {
    overview,
    epics,
    epicPrefix: config.epicPrefix,
    source: "both",
  });
  report.fetchWarnings.push(...read.warnings);
  const pmRepo = `${overview.org}/${overview.pmRepo}`;
  const input = {
    source: config.epics.source,
    epics,
    labelTasks: read.labelTasks,
    subIssueTasks: read.subIssueTasks,
    epicPrefix: config.epicPrefix,
    pmRepo,
    org: overview.org,
    archived: overview.repositories.filter((r) => r.archived).map((r) => `${overview.org}/${r.name}`),
  };
  const draft = planLinks(input);
  if (draft.links.length + draft.labels.length === 0) return checkHierarchy(input);
  const wanted = new Map<string, Set<string>>();
  for (const l of draft.labels) wanted.set(l.task.repo, (wanted.get(l.task.repo) ?? new Set()).add(l.label));
  const facts = await fetchLinkFacts(client, {
    items: [...epics.map((e) => ({ repo: pmRepo, number: e.number })), ...draft.links.map((l) => l.task)],
    labels: [...wanted].map(([repo, names]) => ({ repo, names: [...names] })),
  });
  report.fetchWarnings.push(...facts.warnings);
  return checkHierarchy({ ...input, facts });
}

function emit(ctx: Context, report: CheckReport, config: Config | undefined): ExitCode {
  const code = exitCodeOf(report);
  if (ctx.globals.json) {
    ctx.stdout.write(`${JSON.stringify(toJson(report), null, 2)}\n`);
  } else {
    ctx.stdout.write(renderText(report, styleFor(ctx.stdout)));
  }
  // What GitHub kept from running, with what to do about it, where errors go.
  for (const failure of report.failures) {
    ctx.stderr.write(`waku-pm: ${failure.scope}: ${failure.message}\n`);
    if (failure.hint) ctx.stderr.write(`  ${failure.hint}\n`);
  }

  if (inGitHubActions(ctx.env)) {
    // With --json, stdout is the JSON document; the runner reads workflow commands from stderr too.
    const target = ctx.globals.json ? ctx.stderr : ctx.stdout;
    for (const line of renderAnnotations(report, config?.labels ?? [])) target.write(`${line}\n`);
    try {
      appendStepSummary(ctx.env, renderSummary(report));
    } catch (error) {
      ctx.stderr.write(
        `waku-pm: could not append to GITHUB_STEP_SUMMARY (${messageOf(error).message}); the report above has everything\n`,
      );
    }
  }
  return code;
}
