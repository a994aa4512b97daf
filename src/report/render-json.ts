/**
 * The report as JSON (`--format json` / `--json`): the same grouping as the markdown, snake_case like
 * the other commands' JSON, repositories as `org/name` like `status`. Update lines are raw, exactly
 * as written: escaping is a markdown concern and consumers render them their own way.
 * The shape is documented in the command's --help (src/commands/report.ts).
 */
import type { EpicSection, Report, TaskEntry, Update } from "./model.js";

export function renderReportJson(report: Report): string {
  const task = (t: TaskEntry) => ({
    repo: `${report.org}/${t.repo}`,
    number: t.number,
    title: t.title,
    url: t.url,
    state: t.state,
    updates: t.updates.map(update),
  });
  const epic = (e: EpicSection) => ({
    number: e.number,
    title: e.title,
    url: e.url,
    state: e.state,
    label: e.label,
    updates: e.updates.map(update),
    tasks: e.tasks.map(task),
  });
  const document = {
    version: 1,
    org: report.org,
    since: report.since,
    until: report.until,
    milestones: report.milestones.map((m) => ({
      number: m.number,
      title: m.title,
      url: m.url,
      due_on: m.dueOn,
      state: m.state,
      tracking_issue: m.trackingIssue,
      updates: m.updates.map(update),
      epics: m.epics.map(epic),
    })),
    orphan_epics: report.orphanEpics.map(epic),
    other: report.other.map((s) => ({ category: s.category, title: s.title, tasks: s.tasks.map(task) })),
    team: report.team.map((m) => ({
      login: m.login,
      posted: m.posted,
      ...(m.onPullRequestsOnly ? { on_pull_requests_only: m.onPullRequestsOnly } : {}),
    })),
    warnings: report.warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function update(u: Update) {
  return { author: u.author, created_at: u.createdAt, url: u.url, lines: u.lines };
}
