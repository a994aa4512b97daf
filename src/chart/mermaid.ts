/**
 * Pictures that live inside markdown, so a report pasted into a GitHub issue shows the trend:
 * a Mermaid `xychart-beta` burn-up (GitHub renders ```mermaid blocks) and a Unicode sparkline
 * (renders everywhere, even in a terminal or a chat message). Pure functions of the history data.
 */
import { percentOf } from "../status/summarise.js";
import { burnUpSubject } from "./burnup.js";
import { daysBetween, parseDay } from "./format.js";
import type { HistoryData, HistoryPoint } from "./types.js";

const BARS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;

export interface SparklineOptions {
  /** The value drawn as ▁ (default 0, or the smallest value when one is below 0). */
  min?: number;
  /** The value drawn as █ (default the largest value). */
  max?: number;
}

/** One bar per value, ▁ to █, between `min` and `max` (values outside are clamped). */
export function sparkline(values: readonly number[], options: SparklineOptions = {}): string {
  if (values.some((v) => !Number.isFinite(v)))
    throw new Error("sparkline: every value must be a finite number");
  if (values.length === 0) return "";
  const min = options.min ?? Math.min(0, ...values);
  const max = options.max ?? Math.max(...values);
  const range = max - min;
  return values
    .map((v) => {
      if (range <= 0) return v > min ? BARS[7] : BARS[0];
      const level = Math.round(((Math.min(max, Math.max(min, v)) - min) / range) * (BARS.length - 1));
      return BARS[level];
    })
    .join("");
}

/** The share of the scope closed at each point, as a sparkline from 0 % to 100 %, e.g. `▂▃▃▄▅▆ 75 %`. */
export function progressSparkline(series: readonly HistoryPoint[]): string {
  if (series.length === 0) return "";
  const percents = series.map((p) => percentOf(p.closed, p.scope));
  return `${sparkline(percents, { min: 0, max: 100 })} ${percents.at(-1)} %`;
}

/**
 * Text inside a Mermaid string: no quote to end it, no backtick or newline to break the fence it
 * sits in, and no `#…;` entity code; control characters dropped.
 */
function mermaidText(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ")
    .replace(/"/g, "'")
    .replace(/`/g, "'")
    .replace(/#(?=[0-9A-Za-z]+;)/g, "# ")
    .replace(/\s+/g, " ")
    .trim();
}

export interface MermaidOptions {
  /** Draw this epic (its issue number) instead of the milestone. */
  epic?: number;
}

/**
 * A fenced ```mermaid block with an `xychart-beta` burn-up (scope, closed and, with a due date, the
 * ideal line), then one line naming the lines: xychart has no legend of its own.
 */
export function mermaidBurnUp(history: HistoryData, options: MermaidOptions = {}): string {
  const subject = burnUpSubject(history, options);
  const { series, start, due } = subject;
  const last = series.at(-1)!;
  const first = series[0]!;
  const labels = series.map((p) => `"${p.date.slice(5)}"`);
  const top = Math.max(1, ...series.map((p) => p.scope));
  const lines = [
    "```mermaid",
    "xychart-beta",
    `    title "${mermaidText(`${subject.name}: ${last.closed} of ${last.scope} closed (${percentOf(last.closed, last.scope)} %)`)}"`,
    `    x-axis [${labels.join(", ")}]`,
    `    y-axis "tasks" 0 --> ${top}`,
    `    line [${series.map((p) => p.scope).join(", ")}]`,
    `    line [${series.map((p) => p.closed).join(", ")}]`,
  ];
  const names = ["scope", "closed"];
  if (due && due > start) {
    // The ideal line from the first closed count at the start to all of today's scope on the due date.
    const total = daysBetween(start, due);
    const ideal = series.map((p) => {
      const t = Math.min(1, Math.max(0, daysBetween(start, parseDay(p.date, "series.date")) / total));
      return Math.round(first.closed + (last.scope - first.closed) * t);
    });
    lines.push(`    line [${ideal.join(", ")}]`);
    names.push(`ideal (all ${last.scope} by the due date, ${due.toISOString().slice(0, 10)})`);
  }
  lines.push("```");
  lines.push(`Lines, in order: ${names.join(", ")}; points from ${first.date} to ${last.date} (month-day).`);
  return `${lines.join("\n")}\n`;
}
