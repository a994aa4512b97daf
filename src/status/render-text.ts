/**
 * Human output of `status`: a table for the terminal and paste-ready markdown for a GitHub issue.
 * Every string from GitHub goes through `sanitizeForTerminal` (table) or `escapeMarkdown`
 * (markdown): titles are untrusted. Colour comes only from the Style handed in.
 */
import Table from "cli-table3";
import type { Milestone, Task } from "../github/planning.js";
import { escapeMarkdown, markdownLink, markdownTable } from "../render/markdown.js";
import { type Style, sanitizeForTerminal } from "../render/style.js";
import { daysLeft, type EpicProgress, type MilestoneOverviewRow, type Progress } from "./summarise.js";

export interface TextOptions {
  style: Style;
  now: Date;
  /** Longest epic or task title shown in a table cell; longer ones end with "…". */
  titleWidth: number;
}

const BAR_WIDTH = 16;
const MARKDOWN_BAR_WIDTH = 10;
/** Repositories named in the "open by repository" cell before "+N more". */
const REPOS_SHOWN = 3;

/** A bar of `width` cells: a cell is filled only when its whole share is done (like percent). */
export function drawBar(closed: number, total: number, width: number): { done: string; left: string } {
  const filled = total === 0 ? 0 : Math.floor((closed * width) / total);
  return { done: "█".repeat(filled), left: "░".repeat(width - filled) };
}

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(1, width - 1)).join("")}…`;
}

function safe(text: string, width = Number.POSITIVE_INFINITY): string {
  return clip(sanitizeForTerminal(text), width);
}

/** "org/nwaku" → "nwaku": inside one organisation the owner is noise. */
function shortRepo(repo: string): string {
  return repo.slice(repo.indexOf("/") + 1);
}

function openByRepoText(e: EpicProgress): string {
  const shown = e.openByRepo.slice(0, REPOS_SHOWN).map((r) => `${shortRepo(r.repo)} ${r.open}`);
  const more = e.openByRepo.length - REPOS_SHOWN;
  return more > 0 ? `${shown.join(", ")}, +${more} more` : shown.join(", ");
}

export function describeDue(dueOn: string | null, now: Date): string {
  const days = daysLeft(dueOn, now);
  if (dueOn === null || days === null) return "no due date";
  const date = dueOn.slice(0, 10);
  if (days > 1) return `due ${date} (${days} days left)`;
  if (days === 1) return `due ${date} (1 day left)`;
  if (days === 0) return `due ${date} (today)`;
  return `due ${date} (overdue by ${-days} day${days === -1 ? "" : "s"})`;
}

function newTable(head: string[], align: ("left" | "right")[], style: Style): Table.Table {
  // cli-table3 colours borders and headers itself unless told not to; colour is ours to decide.
  return new Table({
    head: head.map((h) => style.bold(h)),
    colAligns: align,
    style: { head: [], border: [], "padding-left": 1, "padding-right": 1 },
  });
}

function colourBar(closed: number, total: number, width: number, style: Style): string {
  const bar = drawBar(closed, total, width);
  const done = total > 0 && closed === total ? style.green(bar.done) : style.cyan(bar.done);
  return `${done}${style.dim(bar.left)}`;
}

function percentText(p: Progress, style: Style): string {
  const text = `${p.percent}%`;
  return p.total > 0 && p.closed === p.total ? style.green(text) : text;
}

function milestoneHeading(m: Milestone, style: Style): string {
  const state = m.state === "closed" ? " (closed)" : "";
  return `${style.bold(safe(m.title))}${state}  milestone ${m.number}  ${safe(m.url)}`;
}

function totalsLine(
  totals: Progress,
  epics: readonly EpicProgress[],
  m: Milestone | null,
  now: Date,
): string {
  const closedEpics = epics.filter((e) => e.epic.state === "closed").length;
  const parts = [
    `Total: ${totals.closed}/${totals.total} tasks closed (${totals.percent}%)`,
    `${closedEpics}/${epics.length} epics closed`,
  ];
  if (m) parts.push(describeDue(m.dueOn, now));
  return parts.join(" · ");
}

/** The milestone view: one row per epic, then the totals, due date and days left. */
export function renderMilestoneTable(
  milestone: Milestone,
  epics: readonly EpicProgress[],
  totals: Progress,
  options: TextOptions,
): string {
  const { style } = options;
  const table = newTable(
    ["Epic", "Title", "Progress", "Closed", "%", "Open by repository"],
    ["right", "left", "left", "right", "right", "left"],
    style,
  );
  for (const e of epics) {
    const closedMark = e.epic.state === "closed" ? style.dim(" (closed)") : "";
    table.push([
      `#${e.epic.number}`,
      `${safe(e.epic.title, options.titleWidth)}${closedMark}`,
      colourBar(e.closed, e.total, BAR_WIDTH, style),
      `${e.closed}/${e.total}`,
      percentText(e, style),
      safe(openByRepoText(e)),
    ]);
  }
  return [
    milestoneHeading(milestone, style),
    table.toString(),
    totalsLine(totals, epics, milestone, options.now),
    "",
  ].join("\n");
}

/** `--epic`: that epic's tasks, open first. */
export function renderEpicTable(
  milestone: Milestone | null,
  epic: EpicProgress,
  options: TextOptions,
): string {
  const { style } = options;
  const table = newTable(["State", "Repository", "Number", "Type", "Title", "Assignees"], [], style);
  for (const t of epic.tasks) table.push(taskRow(t, options));
  const heading = [
    `${style.bold(`#${epic.epic.number} ${safe(epic.epic.title)}`)}${epic.label ? `  ${safe(epic.label)}` : ""}`,
    milestone ? `in ${safe(milestone.title)} (milestone ${milestone.number})` : "in no milestone",
  ].join("  ");
  const summary = `${colourBar(epic.closed, epic.total, BAR_WIDTH, style)} ${epic.closed}/${epic.total} tasks closed (${epic.percent}%)`;
  const body = epic.tasks.length > 0 ? table.toString() : "No task carries this epic's label yet.";
  return [heading, body, summary, ""].join("\n");
}

function taskRow(t: Task, options: TextOptions): string[] {
  const { style } = options;
  return [
    t.state === "open" ? style.yellow("open") : style.green("closed"),
    safe(shortRepo(t.repo)),
    `#${t.number}`,
    t.pullRequest ? "PR" : "issue",
    safe(t.title, options.titleWidth),
    safe(t.assignees.join(", ")),
  ];
}

/** Without --milestone: one row per open milestone. */
export function renderOverviewTable(rows: readonly MilestoneOverviewRow[], options: TextOptions): string {
  const { style } = options;
  if (rows.length === 0) return "No open milestones.\n";
  const table = newTable(
    ["Milestone", "Title", "Due", "Epics closed", "Progress", "Tasks closed", "%"],
    ["right", "left", "left", "right", "left", "right", "right"],
    style,
  );
  for (const r of rows) {
    table.push([
      String(r.milestone.number),
      safe(r.milestone.title, options.titleWidth),
      describeDue(r.milestone.dueOn, options.now),
      `${r.epics.closed}/${r.epics.total}`,
      colourBar(r.tasks.closed, r.tasks.total, BAR_WIDTH, style),
      `${r.tasks.closed}/${r.tasks.total}`,
      percentText(r.tasks, style),
    ]);
  }
  return `${table.toString()}\nPick one with --milestone NUMBER or a part of its title.\n`;
}

function markdownBar(closed: number, total: number): string {
  const bar = drawBar(closed, total, MARKDOWN_BAR_WIDTH);
  return `${bar.done}${bar.left}`;
}

export function renderMilestoneMarkdown(
  milestone: Milestone,
  epics: readonly EpicProgress[],
  totals: Progress,
  now: Date,
): string {
  const rows = epics.map((e) => [
    `${markdownLink(`#${e.epic.number}`, e.epic.url)} ${escapeMarkdown(e.epic.title)}${e.epic.state === "closed" ? " (closed)" : ""}`,
    markdownBar(e.closed, e.total),
    `${e.closed}/${e.total}`,
    `${e.percent}%`,
    escapeMarkdown(openByRepoText(e)),
  ]);
  rows.push([
    "**Total**",
    markdownBar(totals.closed, totals.total),
    `**${totals.closed}/${totals.total}**`,
    `**${totals.percent}%**`,
    "",
  ]);
  const closedEpics = epics.filter((e) => e.epic.state === "closed").length;
  return [
    `## ${markdownLink(milestone.title, milestone.url)}`,
    "",
    `${escapeMarkdown(describeDue(milestone.dueOn, now))} · ${closedEpics}/${epics.length} epics closed · ${totals.closed}/${totals.total} tasks closed (${totals.percent}%)`,
    "",
    markdownTable(["Epic", "Progress", "Closed", "%", "Open by repository"], rows, [
      "left",
      "left",
      "right",
      "right",
      "left",
    ]),
    "",
  ].join("\n");
}

export function renderEpicMarkdown(milestone: Milestone | null, epic: EpicProgress): string {
  const rows = epic.tasks.map((t) => [
    t.state,
    escapeMarkdown(shortRepo(t.repo)),
    markdownLink(`#${t.number}`, t.url),
    t.pullRequest ? "PR" : "issue",
    escapeMarkdown(t.title),
    escapeMarkdown(t.assignees.join(", ")),
  ]);
  const where = milestone ? ` in ${markdownLink(milestone.title, milestone.url)}` : " (no milestone)";
  return [
    `## ${markdownLink(`#${epic.epic.number} ${epic.epic.title}`, epic.epic.url)}${where}`,
    "",
    `${epic.label ? `${escapeMarkdown(epic.label)} · ` : ""}${epic.closed}/${epic.total} tasks closed (${epic.percent}%)`,
    "",
    rows.length > 0
      ? markdownTable(["State", "Repository", "Number", "Type", "Title", "Assignees"], rows)
      : "No task carries this epic's label yet.",
    "",
  ].join("\n");
}

export function renderOverviewMarkdown(rows: readonly MilestoneOverviewRow[], now: Date): string {
  if (rows.length === 0) return "No open milestones.\n";
  return `${markdownTable(
    ["Milestone", "Due", "Epics closed", "Progress", "Tasks closed", "%"],
    rows.map((r) => [
      markdownLink(r.milestone.title, r.milestone.url),
      escapeMarkdown(describeDue(r.milestone.dueOn, now)),
      `${r.epics.closed}/${r.epics.total}`,
      markdownBar(r.tasks.closed, r.tasks.total),
      `${r.tasks.closed}/${r.tasks.total}`,
      `${r.tasks.percent}%`,
    ]),
    ["left", "left", "right", "left", "right", "right"],
  )}\n`;
}
