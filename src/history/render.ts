/**
 * `history` and forecast output: a terminal table (one row per point, with a small bar), markdown
 * (the table, a Mermaid burn-up GitHub renders and a sparkline), CSV (one row per point and epic),
 * and the forecast sentence `status` and `history` print under their tables. Pure.
 */
import { mermaidBurnUp, progressSparkline } from "../chart/mermaid.js";
import { percentOf } from "../model/progress.js";
import { toCsv } from "../render/csv.js";
import { markdownLink, markdownTable } from "../render/markdown.js";
import { drawBar, renderTable, type TableOutput } from "../render/table.js";
import { forMarkdownInline } from "../text/safety.js";
import type { HistoryJson } from "./build.js";
import type { Forecast } from "./forecast.js";

/** "likely done 2023-12-18, between 2023-12-04 and 2024-01-15", or why there is no date. */
export function forecastSentence(forecast: Forecast): string {
  const c = forecast.closed_per_week;
  const basis = `${forecast.basis_weeks} ${forecast.basis_weeks === 1 ? "week" : "weeks"}`;
  if (!forecast.finish) return `no forecast: ${forecast.reason ?? "not enough data"}`;
  if (forecast.reason === "every task is closed")
    return `done: every task is closed (${forecast.finish.likely})`;
  const f = forecast.finish;
  const when =
    f.earliest === f.latest
      ? `likely done ${f.likely}`
      : `likely done ${f.likely}, between ${f.earliest} and ${f.latest}`;
  const rate =
    c.low === c.high
      ? `${c.likely} ${c.likely === 1 ? "task" : "tasks"} closed a week`
      : `${c.low}–${c.high} tasks closed a week, likely ${c.likely}`;
  return `${when} (last ${basis}: ${rate}; scope ${signed(forecast.scope_growth_per_week)} a week)`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : `${n}`;
}

const BAR = 20;

function heading(h: HistoryJson): string {
  const due = h.milestone.due_on ? `, due ${h.milestone.due_on.slice(0, 10)}` : "";
  return `${h.milestone.title}: burn-up, ${h.interval === "day" ? "daily" : "weekly"} from ${h.since} to ${h.until}${due}`;
}

export function renderHistoryTable(h: HistoryJson, output: TableOutput): string {
  const top = Math.max(1, ...h.series.map((p) => p.scope));
  const rows = h.series.map((p) => {
    const bar = drawBar(p.closed, top, BAR);
    const scopeCells = Math.round((p.scope / top) * BAR);
    const openPart = "░".repeat(Math.max(0, scopeCells - bar.done.length));
    return [
      p.date,
      String(p.scope),
      String(p.closed),
      String(p.open),
      `${percentOf(p.closed, p.scope)}%`,
      `+${p.added}/-${p.removed}`,
      String(p.closed_in_period),
      String(p.reopened),
      String(p.not_planned),
      { text: `${bar.done}${openPart}`, tone: "green" as const },
    ];
  });
  const table = renderTable(
    {
      head: [
        "Date",
        "Scope",
        "Closed",
        "Open",
        "Done",
        "Added/removed",
        "Closed in period",
        "Reopened",
        "Not planned",
        "Burn-up",
      ],
      rows,
      align: ["left", "right", "right", "right", "right", "right", "right", "right", "right", "left"],
    },
    output,
  );
  return `${heading(h)}\n${table}\nForecast: ${forecastSentence(h.forecast)}\n`;
}

export function renderHistoryMarkdown(h: HistoryJson): string {
  const rows = h.series.map((p) => [
    p.date,
    String(p.scope),
    String(p.closed),
    String(p.open),
    `${percentOf(p.closed, p.scope)} %`,
    `+${p.added} / −${p.removed}`,
    String(p.closed_in_period),
    String(p.reopened),
    String(p.not_planned),
  ]);
  const title = h.milestone.url
    ? markdownLink(h.milestone.title, h.milestone.url)
    : forMarkdownInline(h.milestone.title);
  const epicRows = h.epics.map((e) => {
    const last = e.series.at(-1);
    return [
      e.url ? markdownLink(e.title, e.url) : forMarkdownInline(e.title),
      last ? `${last.closed}/${last.scope}` : "0/0",
      progressSparkline(e.series),
    ];
  });
  return [
    `## ${title}: burn-up`,
    "",
    `${h.interval === "day" ? "Daily" : "Weekly"} from ${h.since} to ${h.until}${h.milestone.due_on ? `, due ${h.milestone.due_on.slice(0, 10)}` : ""}. Progress: ${progressSparkline(h.series)}`,
    "",
    mermaidBurnUp(h),
    "",
    markdownTable(
      [
        "Date",
        "Scope",
        "Closed",
        "Open",
        "Done",
        "Added / removed",
        "Closed in period",
        "Reopened",
        "Not planned",
      ],
      rows,
      ["left", "right", "right", "right", "right", "right", "right", "right", "right"],
    ),
    "",
    `**Forecast:** ${forMarkdownInline(forecastSentence(h.forecast))}`,
    "",
    ...(epicRows.length > 0
      ? [markdownTable(["Epic", "Closed / scope", "Progress"], epicRows, ["left", "right", "left"]), ""]
      : []),
  ].join("\n");
}

const CSV_HEAD = [
  "milestone",
  "epic",
  "epic_title",
  "date",
  "scope",
  "closed",
  "open",
  "added",
  "removed",
  "closed_in_period",
  "reopened",
  "not_planned",
];

/** One row per point for the milestone (epic empty), then one per point and epic. */
export function historyCsvRows(h: HistoryJson): (string | number)[][] {
  const row = (epic: { number: number; title: string } | null, p: HistoryJson["series"][number]) => [
    h.milestone.title,
    epic ? epic.number : "",
    epic ? epic.title : "",
    p.date,
    p.scope,
    p.closed,
    p.open,
    p.added,
    p.removed,
    p.closed_in_period,
    p.reopened,
    p.not_planned,
  ];
  return [...h.series.map((p) => row(null, p)), ...h.epics.flatMap((e) => e.series.map((p) => row(e, p)))];
}

export function toHistoryCsv(histories: readonly HistoryJson[]): string {
  return toCsv([CSV_HEAD, ...histories.flatMap(historyCsvRows)]);
}
