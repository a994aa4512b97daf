/**
 * Which report, over which period: `--month YYYY-MM` (the monthly report of that calendar month,
 * UTC), `--kind monthly` with `--since/--until` (the monthly report of any other period), or the
 * weekly report's `--since/--until` window (window.ts). Pure: `now` is passed in. Bad input is an
 * InputError (exit 2) said before anything is read.
 */
import { InputError } from "../errors.js";
import { resolveWindow } from "./window.js";

export type ReportKind = "weekly" | "monthly";

export interface ReportPeriod {
  kind: ReportKind;
  since: Date;
  until: Date;
  /** "2023-09" for `--month`, else null. */
  month: string | null;
  /**
   * False for the month in progress: its window stops at `now`, not at the first day of the next
   * month, and the report says it is a report so far.
   */
  complete: boolean;
}

export interface PeriodOptions {
  month?: string | undefined;
  kind?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

const MONTH = /^(\d{4})-(\d{2})$/;
const MONTH_HINT =
  "Give a calendar month as YYYY-MM (a four-digit year, a month from 01 to 12), e.g. --month 2023-09";

export function resolvePeriod(options: PeriodOptions, now: Date): ReportPeriod {
  const kind = options.kind ?? (options.month !== undefined ? "monthly" : "weekly");
  if (kind !== "weekly" && kind !== "monthly") {
    throw new InputError(
      `--kind: "${options.kind}" is not a report kind`,
      "Use --kind weekly or --kind monthly.",
    );
  }
  if (options.month === undefined) {
    // The monthly report of another period reads a month's worth by default.
    const window = resolveWindow(
      { since: options.since ?? (kind === "monthly" ? "30d" : "7d"), until: options.until },
      now,
    );
    return { kind, ...window, month: null, complete: true };
  }
  if (options.since !== undefined || options.until !== undefined) {
    const flags = [options.since !== undefined ? "--since" : "", options.until !== undefined ? "--until" : ""]
      .filter(Boolean)
      .join(" and ");
    throw new InputError(
      `--month and ${flags} contradict each other: --month is its own window`,
      "Pass --month YYYY-MM alone, or --kind monthly --since DATE --until DATE for another period.",
    );
  }
  if (kind === "weekly") {
    throw new InputError(
      "--month and --kind weekly contradict each other: --month is the monthly report",
      "Drop --kind, or use --since/--until for a weekly report.",
    );
  }
  const month = options.month.trim();
  const match = MONTH.exec(month);
  const year = Number(match?.[1]);
  const index = Number(match?.[2]) - 1;
  if (!match || index < 0 || index > 11) {
    throw new InputError(`--month: "${options.month}" is not a month`, `${MONTH_HINT}.`);
  }
  const since = new Date(Date.UTC(year, index, 1));
  const next = new Date(Date.UTC(year, index + 1, 1));
  if (since.getTime() >= now.getTime()) {
    throw new InputError(
      `--month ${month} is in the future (it is ${now.toISOString().slice(0, 10)} now)`,
      `${MONTH_HINT}, up to this month (${now.toISOString().slice(0, 7)}: the report so far).`,
    );
  }
  const complete = next.getTime() <= now.getTime();
  return { kind: "monthly", since, until: complete ? next : now, month, complete };
}
