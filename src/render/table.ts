/**
 * A small table renderer shared by the commands (sync-labels, status, …).
 *
 * - On a terminal: aligned columns with borders (cli-table3), coloured when the output allows it.
 * - Piped: one line per row, cells separated by tabs, header first, so `cut -f2` and `column -t`
 *   work; colour only if forced (FORCE_COLOR).
 *
 * Every cell passes through `sanitizeForTerminal` (names and titles come from GitHub and are
 * untrusted), which also turns tabs and newlines into spaces so a cell never breaks the layout.
 *
 * Usage:
 *   renderTable({ head: ["action", "label"], rows: [[{ text: "delete", tone: "red" }, "wontfix"]] }, ctx.stdout)
 */
import Table from "cli-table3";
import type { Output } from "../context.js";
import { sanitizeForTerminal, styleFor } from "./style.js";

/** How a cell stands out: red for destructive, yellow for warnings, green for success, dim for noise. */
export type Tone = "red" | "yellow" | "green" | "dim" | "bold" | "cyan";

export interface Cell {
  text: string;
  tone?: Tone;
}

export interface TableData {
  head: string[];
  rows: (string | Cell)[][];
  /** Per column; default left. Right-align numbers. */
  align?: ("left" | "right")[];
}

function toCell(value: string | Cell): Cell {
  return typeof value === "string" ? { text: value } : value;
}

/** Returns the table as text ending in a newline (empty string for a table without rows). */
export function renderTable(table: TableData, output: Pick<Output, "isTTY" | "color">): string {
  if (table.rows.length === 0) return "";
  const style = styleFor(output);
  const paint = (cell: Cell): string => {
    const text = sanitizeForTerminal(cell.text);
    return cell.tone ? style[cell.tone](text) : text;
  };
  const head = table.head.map((h) => sanitizeForTerminal(h));

  if (!output.isTTY) {
    const lines = [head.join("\t"), ...table.rows.map((row) => row.map((c) => paint(toCell(c))).join("\t"))];
    return `${lines.join("\n")}\n`;
  }

  const t = new Table({
    head: head.map((h) => style.bold(h)),
    // cli-table3 colours headers and borders itself by default; we decide colour through Style.
    // Compact: no separator line between rows, only under the header.
    style: { head: [], border: [], compact: true },
    colAligns: table.head.map((_, i) => table.align?.[i] ?? "left"),
  });
  for (const row of table.rows) t.push(row.map((c) => paint(toCell(c))));
  return `${t.toString()}\n`;
}
