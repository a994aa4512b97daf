/**
 * The burn-up chart as SVG: a pure function of the history data and the clock (no DOM, no random
 * ids, no locale), so the same input gives the same bytes.
 *
 * What it draws: the scope as steps (tasks added or removed between two points), the closed line
 * (it dips where tasks were reopened, each dip marked), the ideal line from the start to all of
 * today's scope on the due date, the forecast band between the earliest and latest finish (the
 * likely finish dashed inside it) over the projected scope, and markers for today and the due date.
 * d3-scale picks the scales and ticks, d3-shape writes the paths.
 */
import { scaleLinear, scaleUtc } from "d3-scale";
import { curveLinear, curveStepAfter, line } from "d3-shape";
import { percentOf } from "../status/summarise.js";
import {
  addDays,
  dayOfTimestamp,
  daysBetween,
  escapeXml,
  formatDay,
  num,
  parseDay,
  plural,
  shortDay,
} from "./format.js";
import type { Forecast, HistoryData, HistoryPoint } from "./types.js";

export interface BurnUpOptions {
  /** The clock (YYYY-MM-DD), for the "today" marker and the words. Default: the history's `until`. */
  today?: string;
  /** Draw this epic (its issue number) instead of the whole milestone. */
  epic?: number;
  width?: number;
  height?: number;
  /** Prefix of the ids inside the SVG; give each chart its own when several share one page. */
  idPrefix?: string;
  /**
   * true (default): a picture that stands alone, with its own colours for light and dark themes and
   * a background. false: for a page that styles every chart once with `chartCss()`.
   */
  standalone?: boolean;
}

/** What one chart is about: the milestone, or one of its epics. */
export interface BurnUpSubject {
  name: string;
  series: HistoryPoint[];
  interval: HistoryData["interval"];
  start: Date;
  due: Date | null;
  today: Date;
  /** The milestone's forecast; epics have none in the history data. */
  forecast: Forecast | null;
}

/** The chart's text alternative: `title` in one line, `desc` in full sentences. */
export interface BurnUpWords {
  title: string;
  desc: string;
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The milestone's or an epic's series, checked: bad data fails naming the milestone and the field. */
export function burnUpSubject(
  history: HistoryData,
  options: Pick<BurnUpOptions, "epic" | "today"> = {},
): BurnUpSubject {
  const where = `history of milestone ${history.milestone.number} "${history.milestone.title}"`;
  let name = history.milestone.title;
  let series = history.series;
  let forecast = history.forecast;
  if (options.epic !== undefined) {
    const epic = history.epics.find((e) => e.number === options.epic);
    if (!epic) {
      const known = history.epics.map((e) => `#${e.number}`).join(", ") || "none";
      throw new Error(`${where}: no epic #${options.epic} (epics: ${known})`);
    }
    name = epic.title;
    series = epic.series;
    forecast = null;
  }
  if (series.length === 0) throw new Error(`${where}: ${name}: the series has no points to draw`);
  let previous: Date | null = null;
  for (const [i, p] of series.entries()) {
    const date = parseDay(p.date, `${where}: series[${i}].date`);
    if (previous && date <= previous) {
      throw new Error(`${where}: series[${i}].date ${p.date} is not after the point before it`);
    }
    previous = date;
  }
  const first = parseDay(series[0]!.date, `${where}: series[0].date`);
  const start = history.milestone.start
    ? parseDay(history.milestone.start, `${where}: milestone.start`)
    : first;
  const due = history.milestone.due_on
    ? parseDay(
        dayOfTimestamp(history.milestone.due_on, `${where}: milestone.due_on`),
        `${where}: milestone.due_on`,
      )
    : null;
  const today = parseDay(options.today ?? history.until, options.today ? "today" : `${where}: until`);
  if (forecast?.finish) {
    for (const k of ["earliest", "likely", "latest"] as const) {
      parseDay(forecast.finish[k], `${where}: forecast.finish.${k}`);
    }
  }
  return {
    name,
    series,
    interval: history.interval,
    start: new Date(Math.min(start.getTime(), first.getTime())),
    due,
    today,
    forecast,
  };
}

/** Tasks a week, as the words show it: integers as they are, others to one decimal. */
function rate(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function relativeDays(from: Date, to: Date): string {
  const d = daysBetween(from, to);
  if (d === 0) return "today";
  return d > 0 ? `${plural(d, "day")} from today` : `${plural(-d, "day")} ago`;
}

/** The words of a chart: what a screen reader says, and what the picture's heading shows. */
export function describeBurnUp(subject: BurnUpSubject): BurnUpWords {
  const { series, forecast } = subject;
  const first = series[0]!;
  const last = series.at(-1)!;
  const pct = percentOf(last.closed, last.scope);
  const finish = forecast?.finish ?? null;
  const outlook = finish
    ? `; likely done ${finish.likely}`
    : forecast?.reason
      ? `; no forecast (${forecast.reason})`
      : "";
  const title = `${subject.name}: ${last.closed} of ${plural(last.scope, "task")} closed (${pct} %) on ${last.date}${outlook}`;

  const sum = (k: keyof Omit<HistoryPoint, "date">): number => series.reduce((s, p) => s + p[k], 0);
  const sentences: string[] = [
    `Burn-up of ${subject.name} from ${first.date} to ${last.date}, one point a ${subject.interval}.`,
  ];
  const notPlanned = sum("not_planned");
  sentences.push(
    `Scope went from ${first.scope} to ${plural(last.scope, "task")}: ${sum("added")} added, ${sum("removed")} removed` +
      (notPlanned > 0 ? `, ${notPlanned} closed as not planned.` : "."),
  );
  const reopenDays = series.filter((p) => p.reopened > 0);
  sentences.push(
    `Closed went from ${first.closed} to ${last.closed} (${pct} %)` +
      (reopenDays.length > 0
        ? `; ${plural(sum("reopened"), "task")} reopened (in the ${subject.interval} to ${reopenDays.map((p) => p.date).join(", ")}).`
        : "."),
  );
  if (subject.due) {
    sentences.push(
      `Due ${formatDay(subject.due)} (${relativeDays(subject.today, subject.due)}); the ideal line reaches all ${plural(last.scope, "task")} then.`,
    );
  } else {
    sentences.push("No due date, so no ideal line.");
  }
  if (finish && forecast) {
    const c = forecast.closed_per_week;
    sentences.push(
      `Forecast from the last ${plural(forecast.basis_weeks, "week")} (${rate(c.low)} to ${rate(c.high)} tasks closed a week, likely ${rate(c.likely)}; scope growing ${rate(forecast.scope_growth_per_week)} a week): earliest ${finish.earliest}, likely ${finish.likely}, latest ${finish.latest}.`,
    );
  } else if (forecast?.reason) {
    sentences.push(`No forecast: ${forecast.reason}.`);
  }
  return { title, desc: sentences.join(" ") };
}

/** The colours and strokes of every chart, light by default and dark under `prefers-color-scheme`. */
export function chartCss(): string {
  return [
    ".wpm-chart{--wpm-bg:#ffffff;--wpm-fg:#1f2328;--wpm-muted:#59636e;--wpm-grid:#d1d9e0;--wpm-scope:#0969da;--wpm-closed:#1a7f37;--wpm-ideal:#59636e;--wpm-forecast:#9a6700;--wpm-today:#8250df;--wpm-due:#cf222e;--wpm-reopen:#bc4c00}",
    "@media (prefers-color-scheme: dark){.wpm-chart{--wpm-bg:#0d1117;--wpm-fg:#e6edf3;--wpm-muted:#9198a1;--wpm-grid:#30363d;--wpm-scope:#4493f8;--wpm-closed:#3fb950;--wpm-ideal:#9198a1;--wpm-forecast:#d29922;--wpm-today:#ab7df8;--wpm-due:#f85149;--wpm-reopen:#db6d28}}",
    ".wpm-chart text{font-family:'DejaVu Sans',Verdana,system-ui,sans-serif;fill:var(--wpm-fg)}",
    ".wpm-bg{fill:var(--wpm-bg)}",
    ".wpm-chart text.wpm-muted{fill:var(--wpm-muted)}",
    ".wpm-axis{stroke:var(--wpm-muted);stroke-width:1}",
    ".wpm-grid{stroke:var(--wpm-grid);stroke-width:1}",
    ".wpm-scope{fill:none;stroke:var(--wpm-scope);stroke-width:2.5}",
    ".wpm-scope-ahead{fill:none;stroke:var(--wpm-scope);stroke-width:1.5;stroke-dasharray:2 3}",
    ".wpm-closed{fill:none;stroke:var(--wpm-closed);stroke-width:2.5}",
    ".wpm-ideal{fill:none;stroke:var(--wpm-ideal);stroke-width:1.5;stroke-dasharray:1 4;stroke-linecap:round}",
    ".wpm-band{fill:var(--wpm-forecast);fill-opacity:0.22;stroke:none}",
    ".wpm-likely{fill:none;stroke:var(--wpm-forecast);stroke-width:1.5;stroke-dasharray:6 4}",
    ".wpm-today{stroke:var(--wpm-today);stroke-width:1.5}",
    ".wpm-due{stroke:var(--wpm-due);stroke-width:1.5;stroke-dasharray:4 3}",
    ".wpm-reopen{fill:var(--wpm-bg);stroke:var(--wpm-reopen);stroke-width:2}",
    ".wpm-chart text.wpm-label-today{fill:var(--wpm-today)}",
    ".wpm-chart text.wpm-label-due{fill:var(--wpm-due)}",
    ".wpm-swatch-band{fill:var(--wpm-forecast);fill-opacity:0.35}",
    ".wpm-mini .wpm-scope,.wpm-mini .wpm-closed{stroke-width:1.5}",
  ].join("\n");
}

// The same lines and fills in attributes, for rasterisers that ignore CSS (resvg reads <style>, but
// not custom properties): the light theme, which a PNG always uses.
const LIGHT: Record<string, string> = {
  bg: "#ffffff",
  fg: "#1f2328",
  muted: "#59636e",
  grid: "#d1d9e0",
  scope: "#0969da",
  closed: "#1a7f37",
  ideal: "#59636e",
  forecast: "#9a6700",
  today: "#8250df",
  due: "#cf222e",
  reopen: "#bc4c00",
};

/** The CSS of a standalone chart: custom properties resolved to plain colours, then dark overrides. */
function standaloneCss(): string {
  const dark: Record<string, string> = {
    bg: "#0d1117",
    fg: "#e6edf3",
    muted: "#9198a1",
    grid: "#30363d",
    scope: "#4493f8",
    closed: "#3fb950",
    ideal: "#9198a1",
    forecast: "#d29922",
    today: "#ab7df8",
    due: "#f85149",
    reopen: "#db6d28",
  };
  const rules = chartCss()
    .split("\n")
    .filter((r) => !r.startsWith(".wpm-chart{") && !r.startsWith("@media"));
  const resolve = (palette: Record<string, string>) =>
    rules.map((r) => r.replace(/var\(--wpm-([a-z]+)\)/g, (_, k: string) => palette[k] ?? "currentColor"));
  return [...resolve(LIGHT), `@media (prefers-color-scheme: dark){${resolve(dark).join("")}}`].join("\n");
}

const MARGIN = { top: 100, right: 24, bottom: 78, left: 52 };

interface Frame {
  x: (d: Date) => number;
  y: (n: number) => number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Scope projected past the last point at the forecast's growth rate. */
function projectedScope(last: HistoryPoint, forecast: Forecast, lastDate: Date, at: Date): number {
  return last.scope + (forecast.scope_growth_per_week * daysBetween(lastDate, at)) / 7;
}

/** A burn-up of the milestone (or `options.epic`) as a standalone SVG document. */
export function renderBurnUp(history: HistoryData, options: BurnUpOptions = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const id = options.idPrefix ?? "burnup";
  if (!ID.test(id))
    throw new Error(`chart idPrefix "${id}": use letters, digits, - and _ (starting with a letter)`);
  if (!(width >= 320 && height >= 240)) throw new Error(`chart size ${width}×${height}: at least 320×240`);
  const standalone = options.standalone ?? true;
  const subject = burnUpSubject(history, options);
  const words = describeBurnUp(subject);
  const { series, forecast, due, today, start } = subject;
  const first = series[0]!;
  const last = series.at(-1)!;
  const firstDate = parseDay(first.date, "series[0].date");
  const lastDate = parseDay(last.date, "series.date");
  const finish = forecast?.finish ?? null;

  // The time axis runs to the latest thing worth seeing, but a forecast far in the future is cut
  // off (its band clipped) rather than squashing the months that actually happened.
  const span = Math.max(daysBetween(firstDate, lastDate), 28);
  const horizon = addDays(lastDate, span);
  const candidates = [lastDate, today, ...(due ? [due] : [])];
  let offChart: string | null = null;
  if (finish) {
    const latest = parseDay(finish.latest, "forecast.finish.latest");
    if (latest <= horizon) candidates.push(latest);
    else {
      candidates.push(horizon);
      offChart = finish.latest;
    }
  }
  const end = addDays(new Date(Math.max(...candidates.map((d) => d.getTime()))), 3);

  const frame: Frame = {
    left: MARGIN.left,
    right: width - MARGIN.right,
    top: MARGIN.top,
    bottom: height - MARGIN.bottom,
    x: () => 0,
    y: () => 0,
  };
  const x = scaleUtc().domain([start, end]).range([frame.left, frame.right]);
  let yMax = Math.max(1, ...series.map((p) => p.scope));
  if (finish && forecast) yMax = Math.max(yMax, projectedScope(last, forecast, lastDate, end));
  const y = scaleLinear().domain([0, yMax]).nice().range([frame.bottom, frame.top]);
  frame.x = (d) => x(d);
  frame.y = (n) => y(n);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="wpm-chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc">`,
  );
  out.push(`<title id="${id}-title">${escapeXml(words.title)}</title>`);
  out.push(`<desc id="${id}-desc">${escapeXml(words.desc)}</desc>`);
  if (standalone) {
    out.push(`<style>\n${standaloneCss()}\n</style>`);
    out.push(`<rect class="wpm-bg" width="${width}" height="${height}" fill="${LIGHT.bg}"/>`);
  }
  out.push(
    `<defs><clipPath id="${id}-plot"><rect x="${num(frame.left)}" y="${num(frame.top)}" width="${num(frame.right - frame.left)}" height="${num(frame.bottom - frame.top)}"/></clipPath></defs>`,
  );

  // Heading: what the chart is about, and its numbers in one line.
  const pct = percentOf(last.closed, last.scope);
  const headline = [
    `${last.closed} of ${plural(last.scope, "task")} closed (${pct} %) on ${last.date}`,
    ...(due ? [`due ${formatDay(due)}`] : []),
    ...(finish ? [`likely done ${finish.likely}`] : forecast?.reason ? ["no forecast"] : []),
  ].join(" · ");
  out.push(`<text x="16" y="26" font-size="16" font-weight="bold">${escapeXml(subject.name)}</text>`);
  out.push(
    `<text x="16" y="46" font-size="13" class="wpm-muted" fill="${LIGHT.muted}">${escapeXml(headline)}</text>`,
  );

  // Axes and grid.
  const yTicks = y.ticks(5);
  const axis: string[] = [];
  for (const t of yTicks) {
    const ty = num(y(t));
    axis.push(
      `<line class="wpm-grid" stroke="${LIGHT.grid}" x1="${num(frame.left)}" x2="${num(frame.right)}" y1="${ty}" y2="${ty}"/>`,
    );
    axis.push(
      `<text x="${num(frame.left - 8)}" y="${ty}" dy="0.32em" text-anchor="end" font-size="12" class="wpm-muted" fill="${LIGHT.muted}">${t}</text>`,
    );
  }
  const xTicks = x.ticks(Math.max(2, Math.floor((frame.right - frame.left) / 90)));
  for (const t of xTicks) {
    const tx = num(x(t));
    axis.push(
      `<line class="wpm-axis" stroke="${LIGHT.muted}" x1="${tx}" x2="${tx}" y1="${num(frame.bottom)}" y2="${num(frame.bottom + 5)}"/>`,
    );
    axis.push(
      `<text x="${tx}" y="${num(frame.bottom + 20)}" text-anchor="middle" font-size="12" class="wpm-muted" fill="${LIGHT.muted}">${shortDay(t)}</text>`,
    );
  }
  axis.push(
    `<line class="wpm-axis" stroke="${LIGHT.muted}" x1="${num(frame.left)}" x2="${num(frame.right)}" y1="${num(frame.bottom)}" y2="${num(frame.bottom)}"/>`,
  );
  axis.push(
    `<text x="${num(frame.left - 8)}" y="${num(frame.top - 8)}" text-anchor="end" font-size="12" class="wpm-muted" fill="${LIGHT.muted}">tasks</text>`,
  );
  out.push(`<g aria-hidden="true">${axis.join("")}</g>`);

  // Data, clipped to the plot.
  const data: string[] = [];
  const point = (date: Date, n: number): [number, number] => [x(date), y(n)];
  const path = (curve: typeof curveLinear, pts: [number, number][]): string =>
    line().curve(curve).digits(1)(pts) ?? "";
  const dated = series.map((p) => ({ p, d: parseDay(p.date, "series.date") }));

  if (due && due > start) {
    data.push(
      `<path class="wpm-ideal" stroke="${LIGHT.ideal}" fill="none" d="${path(curveLinear, [point(start, first.closed), point(due, last.scope)])}"/>`,
    );
  }
  if (finish && forecast) {
    const at = (k: "earliest" | "likely" | "latest"): [number, number] => {
      const d = parseDay(finish[k], `forecast.finish.${k}`);
      const when = new Date(Math.max(d.getTime(), lastDate.getTime()));
      return point(when, projectedScope(last, forecast, lastDate, when));
    };
    const from = point(lastDate, last.closed);
    const band = `${path(curveLinear, [from, at("earliest"), at("latest")])}Z`;
    data.push(`<path class="wpm-band" fill="${LIGHT.forecast}" fill-opacity="0.22" d="${band}"/>`);
    data.push(
      `<path class="wpm-scope-ahead" stroke="${LIGHT.scope}" fill="none" d="${path(curveLinear, [point(lastDate, last.scope), point(end, projectedScope(last, forecast, lastDate, end))])}"/>`,
    );
    data.push(
      `<path class="wpm-likely" stroke="${LIGHT.forecast}" fill="none" d="${path(curveLinear, [from, at("likely")])}"/>`,
    );
  }
  data.push(
    `<path class="wpm-scope" stroke="${LIGHT.scope}" fill="none" d="${path(
      curveStepAfter,
      dated.map(({ p, d }) => point(d, p.scope)),
    )}"/>`,
  );
  data.push(
    `<path class="wpm-closed" stroke="${LIGHT.closed}" fill="none" d="${path(
      curveLinear,
      dated.map(({ p, d }) => point(d, p.closed)),
    )}"/>`,
  );
  for (const { p, d } of dated) {
    if (p.reopened === 0) continue;
    const [cx, cy] = point(d, p.closed);
    data.push(
      `<circle class="wpm-reopen" fill="${LIGHT.bg}" stroke="${LIGHT.reopen}" cx="${num(cx)}" cy="${num(cy)}" r="4.5"><title>${escapeXml(`${plural(p.reopened, "task")} reopened in the ${subject.interval} to ${p.date}`)}</title></circle>`,
    );
  }
  out.push(`<g clip-path="url(#${id}-plot)">${data.join("")}</g>`);

  // Today and the due date: vertical lines, each labelled beside it (on the side that fits),
  // the second label one row lower when the two would overlap.
  const marks: string[] = [];
  const placed: { from: number; to: number; row: number }[] = [];
  const mark = (kind: "today" | "due", date: Date, label: string, prefer: "start" | "end"): void => {
    const mx = x(date);
    const w = label.length * 7 + 4;
    let anchor = prefer;
    if (anchor === "start" && mx + w > width - 4) anchor = "end";
    if (anchor === "end" && mx - w < frame.left) anchor = "start";
    const from = anchor === "start" ? mx : mx - w;
    const row = placed.some((p) => p.from < from + w && from < p.to) ? 1 : 0;
    placed.push({ from, to: from + w, row });
    const colour = kind === "today" ? LIGHT.today : LIGHT.due;
    marks.push(
      `<line class="wpm-${kind}" stroke="${colour}" x1="${num(mx)}" x2="${num(mx)}" y1="${num(frame.top - 20 - row * 16)}" y2="${num(frame.bottom)}"/>`,
    );
    // Above the plot, so a label never hides data; coloured like its line.
    marks.push(
      `<text class="wpm-label-${kind}" fill="${colour}" x="${num(mx + (anchor === "start" ? 4 : -4))}" y="${num(frame.top - 8 - row * 16)}" text-anchor="${anchor}" font-size="12">${escapeXml(label)}</text>`,
    );
  };
  const todayFirst = !due || today <= due;
  if (today >= start && today <= end) mark("today", today, "today", todayFirst ? "end" : "start");
  if (due && due >= start && due <= end)
    mark("due", due, `due ${shortDay(due)}`, todayFirst ? "start" : "end");
  if (offChart) {
    marks.push(
      `<text x="${num(frame.right)}" y="${num(frame.top - 40)}" text-anchor="end" font-size="12" class="wpm-muted" fill="${LIGHT.muted}">latest finish ${offChart} →</text>`,
    );
  }
  out.push(`<g aria-hidden="true">${marks.join("")}</g>`);

  // Legend, one row under the axis; each entry drawn the way its line is.
  const entries: { label: string; swatch: string }[] = [
    { label: "scope", swatch: `class="wpm-scope" stroke="${LIGHT.scope}"` },
    { label: "closed", swatch: `class="wpm-closed" stroke="${LIGHT.closed}"` },
  ];
  if (due) entries.push({ label: "ideal", swatch: `class="wpm-ideal" stroke="${LIGHT.ideal}"` });
  if (finish) entries.push({ label: "forecast", swatch: "" });
  if (series.some((p) => p.reopened > 0)) entries.push({ label: "reopened", swatch: "" });
  const legend: string[] = [];
  let lx = frame.left;
  const ly = height - 22;
  for (const e of entries) {
    if (e.label === "forecast") {
      legend.push(
        `<rect class="wpm-swatch-band" fill="${LIGHT.forecast}" fill-opacity="0.35" x="${num(lx)}" y="${num(ly - 6)}" width="22" height="12"/>`,
      );
      legend.push(
        `<line class="wpm-likely" stroke="${LIGHT.forecast}" x1="${num(lx)}" x2="${num(lx + 22)}" y1="${num(ly)}" y2="${num(ly)}"/>`,
      );
    } else if (e.label === "reopened") {
      legend.push(
        `<circle class="wpm-reopen" fill="${LIGHT.bg}" stroke="${LIGHT.reopen}" cx="${num(lx + 11)}" cy="${num(ly)}" r="4.5"/>`,
      );
    } else {
      legend.push(`<line ${e.swatch} x1="${num(lx)}" x2="${num(lx + 22)}" y1="${num(ly)}" y2="${num(ly)}"/>`);
    }
    legend.push(`<text x="${num(lx + 28)}" y="${num(ly)}" dy="0.32em" font-size="12">${e.label}</text>`);
    // Width from the label's length: a fixed estimate (no font metrics), so the bytes never vary.
    lx += 28 + e.label.length * 7.5 + 18;
  }
  out.push(`<g aria-hidden="true">${legend.join("")}</g>`);
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}

export interface MiniBurnUpOptions extends Pick<BurnUpOptions, "epic" | "today" | "idPrefix" | "standalone"> {
  width?: number;
  height?: number;
}

/**
 * A burn-up small enough for a table cell or a sparkline: the scope steps and the closed line from
 * the start to the due date (or the last point), no axes and no words but its `<title>`. Every
 * epic of a milestone drawn with the same options shares one time axis, so a column of them compares.
 */
export function renderMiniBurnUp(history: HistoryData, options: MiniBurnUpOptions = {}): string {
  const width = options.width ?? 120;
  const height = options.height ?? 36;
  const id = options.idPrefix ?? "mini";
  if (!ID.test(id))
    throw new Error(`chart idPrefix "${id}": use letters, digits, - and _ (starting with a letter)`);
  if (!(width >= 24 && height >= 12)) throw new Error(`mini chart size ${width}×${height}: at least 24×12`);
  const subject = burnUpSubject(history, options);
  const words = describeBurnUp(subject);
  const { series, start, due } = subject;
  const lastDate = parseDay(series.at(-1)!.date, "series.date");
  const end = due && due > lastDate ? due : lastDate;
  const pad = 2;
  const x = scaleUtc()
    .domain([start, end > start ? end : addDays(start, 1)])
    .range([pad, width - pad]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...series.map((p) => p.scope))])
    .range([height - pad, pad]);
  const pts = (k: "scope" | "closed"): [number, number][] =>
    series.map((p) => [x(parseDay(p.date, "series.date")), y(p[k])]);
  const scope = line().curve(curveStepAfter).digits(1)(pts("scope")) ?? "";
  const closed = line().curve(curveLinear).digits(1)(pts("closed")) ?? "";
  const standalone = options.standalone ?? true;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="wpm-chart wpm-mini" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title">`,
    `<title id="${id}-title">${escapeXml(words.title)}</title>`,
    ...(standalone ? [`<style>\n${standaloneCss()}\n</style>`] : []),
    `<path class="wpm-scope" stroke="${LIGHT.scope}" fill="none" stroke-width="1.5" d="${scope}"/>`,
    `<path class="wpm-closed" stroke="${LIGHT.closed}" fill="none" stroke-width="1.5" d="${closed}"/>`,
    "</svg>",
    "",
  ].join("\n");
}
