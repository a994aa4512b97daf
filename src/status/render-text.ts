/**
 * Human output of `status`: a table for the terminal and paste-ready markdown for a GitHub issue.
 * Every string from GitHub goes through `forTerminal` (table) or `forMarkdownInline` (markdown),
 * both in src/text/safety.ts: titles are untrusted. Colour comes only from the Style handed in.
 *
 * On a terminal whose width is known, every line fits it: titles and repository lists wrap first,
 * then bars get shorter, then headers wrap; numbers are never cut (src/render/table.ts).
 */
import type { Output } from "../context.js";
import type { Milestone, Task } from "../model/work.js";
import { markdownLink, markdownLinkTo, markdownTable } from "../render/markdown.js";
import { type Style, styleFor } from "../render/style.js";
import { type Cell, drawBar, renderTable, type TableOutput } from "../render/table.js";
import { forMarkdownInline as escapeMarkdown, forTerminal } from "../text/safety.js";
import { displayWidth as displayWidthOf, wrapText } from "../text/width.js";
import { daysLeft, type EpicProgress, type MilestoneOverviewRow, type Progress } from "./summarise.js";

export interface TextOptions {
  /**
   * Where the table goes: bordered and maybe coloured on a terminal, tab-separated when piped.
   * With `columns` on a terminal, every line fits that width (titles wrap instead of being cut).
   */
  output: TableOutput & Partial<Pick<Output, "columns">>;
  now: Date;
  /** Without a terminal width to fit: the longest title shown in a table cell; longer ones end with "…". */
  titleWidth?: number;
}

const BAR_WIDTH = 16;
const MARKDOWN_BAR_WIDTH = 10;
/** Repositories named in the "open by repository" cell before "+N more". */
const REPOS_SHOWN = 3;

export { drawBar };

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(1, width - 1)).join("")}…`;
}

function safe(text: string, width = Number.POSITIVE_INFINITY): string {
  return clip(forTerminal(text), width);
}

/** The terminal width to fit, when there is one (a terminal that says how wide it is). */
function fitColumns(options: TextOptions): number | undefined {
  const { isTTY, columns } = options.output;
  return isTTY && columns !== undefined && columns > 0 ? columns : undefined;
}

/** A title for a table cell: whole when the table fits the terminal (it wraps), else clipped. */
function titleCell(text: string, options: TextOptions): string {
  return fitColumns(options) === undefined ? safe(text, options.titleWidth) : safe(text);
}

/**
 * A line of parts separated by `sep` ("  ", " · "), broken between parts (and within a part only
 * when it alone is too wide) to fit the terminal; `paint` styles a part after it is cut.
 */
function fitLine(
  parts: readonly { text: string; paint?: (s: string) => string }[],
  sep: string,
  options: TextOptions,
): string {
  const width = fitColumns(options);
  const painted = (p: { text: string; paint?: (s: string) => string }, text: string) =>
    p.paint ? p.paint(text) : text;
  if (width === undefined) return parts.map((p) => painted(p, p.text)).join(sep);
  const lines: string[] = [];
  let line = "";
  let used = 0;
  for (const part of parts) {
    const pieces = wrapText(part.text, width);
    for (const [k, piece] of pieces.entries()) {
      const w = displayWidthOf(piece);
      const gap = used === 0 ? "" : k === 0 ? sep : " ";
      if (used > 0 && used + gap.length + w > width) {
        lines.push(line);
        line = "";
        used = 0;
      }
      const joint = used === 0 ? "" : gap;
      line += joint + painted(part, piece);
      used += joint.length + w;
    }
  }
  if (line !== "") lines.push(line);
  return lines.join("\n");
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
    bar: { closed, total },
    ...(total > 0 && closed === total ? { tone: "green" as const } : {}),
  };
}

function percentCell(p: Progress): Cell {
  return {
    text: `${p.percent}%`,
    ...(p.total > 0 && p.closed === p.total ? { tone: "green" as const } : {}),
  };
}

function milestoneHeading(m: Milestone, style: Style, options: TextOptions): string {
  const state = m.state === "closed" ? " (closed)" : "";
  return fitLine(
    [
      { text: `${safe(m.title)}${state}`, paint: (s) => style.bold(s) },
      { text: `milestone ${m.number}` },
      { text: safe(m.url) },
    ],
    "  ",
    options,
  );
}

function totalsLine(
  totals: Progress,
  epics: readonly EpicProgress[],
  m: Milestone | null,
  options: TextOptions,
): string {
  const closedEpics = epics.filter((e) => e.epic.state === "closed").length;
  const parts = [
    `Total: ${totals.closed}/${totals.total} tasks closed (${totals.percent}%)`,
    `${closedEpics}/${epics.length} epics closed`,
  ];
  if (m) parts.push(describeDue(m.dueOn, options.now));
  return fitLine(
    parts.map((text) => ({ text })),
    " · ",
    options,
  );
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
    titleCell(e.epic.title, options),
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
            fit: [undefined, "wrap", undefined, "bar", undefined, undefined, "list"],
          },
          options.output,
        )
      : "No epic issue is in this milestone.\n";
  return `${milestoneHeading(milestone, style, options)}\n${table}${totalsLine(totals, epics, milestone, options)}\n`;
}

/** `--epic`: that epic's tasks, open first. */
export function renderEpicTable(
  milestone: Milestone | null,
  epic: EpicProgress,
  options: TextOptions,
): string {
  const style = styleFor(options.output);
  const heading = fitLine(
    [
      { text: `#${epic.epic.number} ${safe(epic.epic.title)}`, paint: (s) => style.bold(s) },
      ...(epic.label ? [{ text: safe(epic.label) }] : []),
      { text: milestone ? `in ${safe(milestone.title)} (milestone ${milestone.number})` : "in no milestone" },
    ],
    "  ",
    options,
  );
  const bar = drawBar(epic.closed, epic.total, BAR_WIDTH);
  const summary = fitLine(
    [
      { text: `${bar.done}${bar.left}` },
      { text: `${epic.closed}/${epic.total} tasks closed (${epic.percent}%)` },
    ],
    " ",
    options,
  );
  const body =
    epic.tasks.length > 0
      ? renderTable(
          {
            head: ["State", "Repository", "Number", "Type", "Title", "Assignees"],
            rows: epic.tasks.map((t) => taskRow(t, options)),
            align: ["left", "left", "right", "left", "left", "left"],
            fit: [undefined, "late", undefined, undefined, "wrap", "list"],
          },
          options.output,
        )
      : "No task carries this epic's label yet.\n";
  return `${heading}\n${body}${groupsLine(epic)}${summary}\n`;
}

/** The groups of a sub-issue epic, named (they hold tasks; their leaves are what is counted). */
function groupsLine(epic: EpicProgress): string {
  if (epic.groups.length === 0) return "";
  const names = epic.groups.map(
    (g) => `${shortRepo(g.repo)}#${g.number} ${safe(g.title)} (${g.subIssues ?? 0} sub-issues)`,
  );
  return `Groups, counted through their sub-issues: ${names.join("; ")}\n`;
}

function taskRow(t: Task, options: TextOptions): (string | Cell)[] {
  return [
    t.state === "open" ? { text: "open", tone: "yellow" } : { text: "closed", tone: "green" },
    shortRepo(t.repo),
    `#${t.number}`,
    t.pullRequest ? "PR" : "issue",
    titleCell(t.title, options),
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
        titleCell(r.milestone.title, options),
        describeDue(r.milestone.dueOn, options.now),
        `${r.epics.closed}/${r.epics.total}`,
        barCell(r.tasks.closed, r.tasks.total),
        `${r.tasks.closed}/${r.tasks.total}`,
        percentCell(r.tasks),
      ]),
      align: ["right", "left", "left", "right", "left", "right", "right"],
      fit: [undefined, "wrap", "late", undefined, "bar", undefined, undefined],
    },
    options.output,
  );
  return `${table}${fitLine([{ text: "Pick one with --milestone NUMBER or a part of its title." }], "", options)}\n`;
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
    `${markdownLinkTo(`#${e.epic.number}`, e.epic.url)} ${escapeMarkdown(e.epic.title)}${e.epic.state === "closed" ? " (closed)" : ""}`,
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
    markdownLinkTo(`#${t.number}`, t.url),
    t.pullRequest ? "PR" : "issue",
    escapeMarkdown(t.title),
    escapeMarkdown(t.assignees.join(", ")),
  ]);
  const where = milestone ? ` in ${markdownLink(milestone.title, milestone.url)}` : " (no milestone)";
  return [
    `## ${markdownLinkTo(`#${epic.epic.number} ${escapeMarkdown(epic.epic.title)}`, epic.epic.url)}${where}`,
    "",
    `${epic.label ? `${escapeMarkdown(epic.label)} · ` : ""}${epic.closed}/${epic.total} tasks closed (${epic.percent}%)`,
    "",
    rows.length > 0
      ? markdownTable(["State", "Repository", "Number", "Type", "Title", "Assignees"], rows)
      : "No task carries this epic's label yet.",
    "",
    ...(epic.groups.length > 0
      ? [
          `Groups, counted through their sub-issues: ${epic.groups
            .map(
              (g) =>
                `${markdownLinkTo(`${escapeMarkdown(shortRepo(g.repo))}#${g.number}`, g.url)} ${escapeMarkdown(g.title)} (${g.subIssues ?? 0} sub-issues)`,
            )
            .join("; ")}`,
          "",
        ]
      : []),
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
