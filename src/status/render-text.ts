/**
 * Human output of `status`: a table for the terminal and paste-ready markdown for a GitHub issue.
 * Every string from GitHub goes through `sanitizeForTerminal` (table) or `escapeMarkdown`
 * (markdown): titles are untrusted. Colour comes only from the Style handed in.
 */
import type { Output } from "../context.js";
import type { Milestone, Task } from "../github/planning.js";
import { escapeMarkdown, markdownLink, markdownTable } from "../render/markdown.js";
import { type Style, sanitizeForTerminal, styleFor } from "../render/style.js";
import { type Cell, renderTable } from "../render/table.js";
import { daysLeft, type EpicProgress, type MilestoneOverviewRow, type Progress } from "./summarise.js";

export interface TextOptions {
  /** Where the table goes: bordered and maybe coloured on a terminal, tab-separated when piped. */
  output: Pick<Output, "isTTY" | "color">;
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

function barCell(closed: number, total: number): Cell {
  const bar = drawBar(closed, total, BAR_WIDTH);
  return {
    text: `${bar.done}${bar.left}`,
    ...(total > 0 && closed === total ? { tone: "green" as const } : {}),
  };
}

function percentCell(p: Progress): Cell {
  return {
    text: `${p.percent}%`,
    ...(p.total > 0 && p.closed === p.total ? { tone: "green" as const } : {}),
  };
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
  const style = styleFor(options.output);
  const rows = epics.map((e): (string | Cell)[] => [
    `#${e.epic.number}`,
    safe(e.epic.title, options.titleWidth),
    e.epic.state === "closed" ? { text: "closed", tone: "dim" } : "open",
    barCell(e.closed, e.total),
    `${e.closed}/${e.total}`,
    percentCell(e),
    openByRepoText(e),
  ]);
  const table =
    rows.length > 0
      ? renderTable(
          {
            head: ["Epic", "Title", "State", "Progress", "Closed", "%", "Open by repository"],
            rows,
            align: ["right", "left", "left", "left", "right", "right", "left"],
          },
          options.output,
        )
      : "No epic issue is in this milestone.\n";
  return `${milestoneHeading(milestone, style)}\n${table}${totalsLine(totals, epics, milestone, options.now)}\n`;
}

/** `--epic`: that epic's tasks, open first. */
export function renderEpicTable(
  milestone: Milestone | null,
  epic: EpicProgress,
  options: TextOptions,
): string {
  const style = styleFor(options.output);
  const heading = [
    `${style.bold(`#${epic.epic.number} ${safe(epic.epic.title)}`)}${epic.label ? `  ${safe(epic.label)}` : ""}`,
    milestone ? `in ${safe(milestone.title)} (milestone ${milestone.number})` : "in no milestone",
  ].join("  ");
  const bar = drawBar(epic.closed, epic.total, BAR_WIDTH);
  const summary = `${bar.done}${bar.left} ${epic.closed}/${epic.total} tasks closed (${epic.percent}%)`;
  const body =
    epic.tasks.length > 0
      ? renderTable(
          {
            head: ["State", "Repository", "Number", "Type", "Title", "Assignees"],
            rows: epic.tasks.map((t) => taskRow(t, options)),
            align: ["left", "left", "right", "left", "left", "left"],
          },
          options.output,
        )
      : "No task carries this epic's label yet.\n";
  return `${heading}\n${body}${summary}\n`;
}

function taskRow(t: Task, options: TextOptions): (string | Cell)[] {
  return [
    t.state === "open" ? { text: "open", tone: "yellow" } : { text: "closed", tone: "green" },
    shortRepo(t.repo),
    `#${t.number}`,
    t.pullRequest ? "PR" : "issue",
    safe(t.title, options.titleWidth),
    t.assignees.join(", "),
  ];
}

/** Without --milestone: one row per open milestone. */
export function renderOverviewTable(rows: readonly MilestoneOverviewRow[], options: TextOptions): string {
  if (rows.length === 0) return "No open milestones.\n";
  const table = renderTable(
    {
      head: ["Milestone", "Title", "Due", "Epics closed", "Progress", "Tasks closed", "%"],
      rows: rows.map((r) => [
        String(r.milestone.number),
        safe(r.milestone.title, options.titleWidth),
        describeDue(r.milestone.dueOn, options.now),
        `${r.epics.closed}/${r.epics.total}`,
        barCell(r.tasks.closed, r.tasks.total),
        `${r.tasks.closed}/${r.tasks.total}`,
        percentCell(r.tasks),
      ]),
      align: ["right", "left", "left", "right", "left", "right", "right"],
    },
    options.output,
  );
  return `${table}Pick one with --milestone NUMBER or a part of its title.\n`;
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
