/**
 * The monthly report as JSON (`--format json`): the shape of docs/spec/time-and-hierarchy.md ("The monthly
 * report"), plus what the markdown shows beyond it (documented in `report --help`). Texts are raw,
 * as written: escaping is a markdown concern.
 */
import type { Mention, MonthlyReport, PeriodTask } from "./model.js";

/** A midnight instant as its day (the spec's "2023-10-01"); any other instant as it is. */
function day(iso: string): string {
  return /T00:00:00(?:\.000)?Z$/.test(iso) ? iso.slice(0, 10) : iso;
}

export function renderMonthlyJson(report: MonthlyReport): string {
  const task = (t: PeriodTask) => ({
    repo: t.repo,
    number: t.number,
    title: t.title,
    url: t.url,
    epic: t.epic,
    at: t.at,
    ...(t.reason ? { reason: t.reason } : {}),
  });
  const mention = (m: Mention) => ({
    text: m.text,
    url: m.url,
    kind: m.kind,
    epic: m.epic,
    author: m.author,
    created_at: m.createdAt,
    issue: m.issue,
  });
  const document = {
    version: 1,
    kind: "monthly",
    org: report.org,
    month: report.month,
    since: day(report.since),
    until: day(report.until),
    complete: report.complete,
    milestones: report.milestones.map((m) => ({
      number: m.number,
      title: m.title,
      url: m.url,
      due_on: m.dueOn,
      state: m.state,
      tracking_issue: m.trackingIssue,
      start: m.start,
      end: m.end,
      delta: m.delta,
      trend: m.trend,
      closed_tasks: m.closedTasks.map(task),
      added_tasks: m.addedTasks.map(task),
      removed_tasks: m.removedTasks.map(task),
      reopened_tasks: m.reopenedTasks.map(task),
      epics_closed: m.epicsClosed,
      epics: m.epics.map((e) => ({
        number: e.number,
        title: e.title,
        url: e.url,
        label: e.label,
        start: e.start,
        end: e.end,
        delta: e.delta,
        trend: e.trend,
        forecast: e.forecast,
        overdue: e.overdue,
        idle: e.idle,
      })),
      overdue_epics: m.epics
        .filter((e) => e.overdue !== null)
        .map((e) => ({ number: e.number, title: e.title, url: e.url, reason: e.overdue })),
      idle_epics: m.epics
        .filter((e) => e.idle)
        .map((e) => ({ number: e.number, title: e.title, url: e.url })),
      forecast: { finish: m.forecast, reason: m.forecastReason },
      highlights: m.highlights.map(mention),
      risks: m.risks.map(mention),
    })),
    orphan_epics: {
      highlights: report.orphanHighlights.map(mention),
      risks: report.orphanRisks.map(mention),
    },
    other: report.other.map((o) => ({
      category: o.category,
      title: o.title,
      count: o.count,
      notable: o.notable.map(({ task, achieved }) => ({
        repo: `${report.org}/${task.repo}`,
        number: task.number,
        title: task.title,
        url: task.url,
        achieved,
      })),
    })),
    updates: report.updates.map((u) => ({
      url: u.url,
      author: u.author,
      created_at: u.createdAt,
      issue: u.issue,
    })),
    warnings: report.warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
