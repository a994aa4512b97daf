/**
 * A small table renderer shared by the commands (sync-labels, status, …).
 *
 * - On a terminal: aligned columns with borders (cli-table3), coloured when the output allows it,
 *   and as wide as the terminal at most when the output says how wide it is (`columns`): the
 *   columns marked in `fit` give way (below), numbers never do.
 * - Piped: one line per row, cells separated by tabs, header first, so `cut -f2` and `column -t`
 *   work; colour only if forced (FORCE_COLOR). Never wrapped or cut.
 *
 * Every cell passes through `forTerminal` (names and titles come from GitHub and are untrusted),
 * which also turns tabs and newlines into spaces so a cell never breaks the layout.
 *
 * Usage:
 *   renderTable({ head: ["action", "label"], rows: [[{ text: "delete", tone: "red" }, "wontfix"]] }, ctx.stdout)
 */
import Table from "cli-table3";
import type { Output } from "../context.js";
import { forTerminal } from "../text/safety.js";
import { displayWidth, longestWord, wrapText } from "../text/width.js";
import { styleFor } from "./style.js";

/** How a cell stands out: red for destructive, yellow for warnings, green for success, dim for noise. */
export type Tone = "red" | "yellow" | "green" | "dim" | "bold" | "cyan";

export interface Cell {
  text: string;
  tone?: Tone;
  /** A progress bar: `text` is the bar at full width; a narrower column gets it redrawn to fit. */
  bar?: { closed: number; total: number };
}

/**
 * How a column gives way when the table is wider than the terminal, in this order:
 * 1. "wrap" (titles, at spaces) and "list" (after ", ", so "nwaku 46" stays whole) shrink to 20;
 * 2. "bar" columns are redrawn down to their header's width;
 * 3. headers wrap at spaces ("Open by / repository"), so a column of short numbers gets narrow;
 * 4. "wrap", "list" and "late" (text that matters more, like a due date or a repository name)
 *    shrink to their longest word (a list: its longest item), then further, cutting words.
 * A column without a fit (numbers, states) is never narrower than its widest cell. If the table
 * still does not fit, it is drawn as narrow as it can be.
 */
export type Fit = "wrap" | "list" | "late" | "bar";

export interface TableData {
  head: string[];
  rows: (string | Cell)[][];
  /** Per column; default left. Right-align numbers. */
  align?: ("left" | "right")[];
  /** Per column; default: never narrower than its content. */
  fit?: (Fit | undefined)[];
}

/** Where a table goes; `columns`, when known on a terminal, is the width it must fit in. */
export type TableOutput = Pick<Output, "isTTY" | "color"> & Partial<Pick<Output, "columns">>;

const SOFT_FLOOR = 20;
const HARD_FLOOR = 6;

function toCell(value: string | Cell): Cell {
  return typeof value === "string" ? { text: value } : value;
}

/** A bar of `width` cells: a cell is filled only when its whole share is done (like percent). */
export function drawBar(closed: number, total: number, width: number): { done: string; left: string } {
  const filled = total === 0 ? 0 : Math.floor((closed * width) / total);
  return { done: "█".repeat(filled), left: "░".repeat(width - filled) };
}

/** Columns cli-table3 adds around n columns: a border on each side of each, one space of padding each side. */
export function tableOverhead(columnCount: number): number {
  return 3 * columnCount + 1;
}

/** Returns the table as text ending in a newline (empty string for a table without rows). */
export function renderTable(table: TableData, output: TableOutput): string {
  if (table.rows.length === 0) return "";
  const style = styleFor(output);
  const head = table.head.map((h) => forTerminal(h));
  const rows = table.rows.map((row) => row.map((c) => ({ ...toCell(c), text: forTerminal(toCell(c).text) })));
  const paint = (cell: Cell, text: string): string => (cell.tone ? style[cell.tone](text) : text);

  if (!output.isTTY) {
    const lines = [head.join("\t"), ...rows.map((row) => row.map((c) => paint(c, c.text)).join("\t"))];
    return `${lines.join("\n")}\n`;
  }

  const widths =
    output.columns !== undefined && output.columns > 0
      ? fitWidths(head, rows, table.fit ?? [], output.columns)
      : undefined;
  const cellLines = (cell: Cell, i: number): string => {
    const width = widths?.[i];
    if (width === undefined) return cell.text;
    if (cell.bar && displayWidth(cell.text) > width) {
      const bar = drawBar(cell.bar.closed, cell.bar.total, width);
      return `${bar.done}${bar.left}`;
    }
    return wrapText(cell.text, width, table.fit?.[i] === "list" ? [", "] : [" "]).join("\n");
  };
  const body = rows.map((row) => row.map((c, i) => ({ cell: c, text: cellLines(c, i) })));
  const wrapped = body.some((row) => row.some((c) => c.text.includes("\n")));

  const t = new Table({
    head: head.map((h, i) => {
      const width = widths?.[i];
      const text = width === undefined ? h : wrapText(h, width).join("\n");
      return style.bold(text);
    }),
    // cli-table3 colours headers and borders itself by default; we decide colour through Style.
    // Compact (no line between rows, only under the header) unless a row spans several lines,
    // where a line between rows says which lines belong together.
    style: { head: [], border: [], compact: !wrapped },
    colAligns: table.head.map((_, i) => table.align?.[i] ?? "left"),
  });
  for (const row of body) t.push(row.map((c) => paint(c.cell, c.text)));
  return `${t.toString()}\n`;
}

/**
 * The width of each column's content so that the whole table is at most `columns` wide, giving
 * way in the order `Fit` describes.
 */
export function fitWidths(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  fit: readonly (Fit | undefined)[],
  columns: number,
): number[] {
  const n = head.length;
  const cellWidth = (i: number): number => Math.max(0, ...rows.map((r) => displayWidth(r[i]?.text ?? "")));
  const content = head.map((_, i) => cellWidth(i));
  const headWord = head.map((h) => longestWord(h));
  const widths = head.map((h, i) => Math.max(displayWidth(h), content[i] ?? 0));
  const budget = columns - tableOverhead(n);
  const excess = () => widths.reduce((a, b) => a + b, 0) - budget;

  /** Narrows the given columns, widest first, until the table fits or each is at its floor. */
  const shrink = (floors: ReadonlyMap<number, number>): void => {
    while (excess() > 0) {
      let widest = -1;
      for (const [i, floor] of floors) {
        const w = widths[i] ?? 0;
        if (w > floor && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
      }
      if (widest < 0) return;
      widths[widest] = (widths[widest] ?? 0) - 1;
    }
  };
  const floorsOf = (kinds: readonly Fit[], floor: (i: number) => number): Map<number, number> =>
    new Map(
      fit.flatMap((kind, i) =>
        kind !== undefined && kinds.includes(kind) && i < n ? [[i, Math.min(widths[i] ?? 0, floor(i))]] : [],
      ),
    );

  shrink(floorsOf(["wrap", "list"], (i) => Math.max(headWord[i] ?? 0, SOFT_FLOOR)));
  shrink(floorsOf(["bar"], (i) => Math.max(displayWidth(head[i] ?? ""), 1)));
  // Headers of the columns that never give way wrap, down to their widest cell.
  shrink(
    new Map(
      head.flatMap((_, i) =>
        fit[i] === undefined
          ? [[i, Math.min(widths[i] ?? 0, Math.max(headWord[i] ?? 0, content[i] ?? 0))]]
          : [],
      ),
    ),
  );
  // Then down to the longest unbreakable piece (a word; a list's item), and only then further,
  // cutting those pieces.
  const longestPiece = (i: number): number =>
    Math.max(0, ...rows.map((r) => longestWord(r[i]?.text ?? "", fit[i] === "list" ? [", "] : [" "])));
  const late: Fit[] = ["wrap", "list", "late"];
  shrink(floorsOf(late, (i) => Math.max(headWord[i] ?? 0, longestPiece(i), 1)));
  shrink(floorsOf(late, (i) => Math.max(headWord[i] ?? 0, Math.min(longestPiece(i), HARD_FLOOR), 1)));
  return widths;
}
