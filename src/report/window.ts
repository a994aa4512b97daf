/**
 * The report's time window from `--since` and `--until`. Pure: `now` is passed in.
 *
 * - `--until DATE` (default now). `--since DATE` or `--since Nd` (default 7d): N days before --until.
 * - DATE is `YYYY-MM-DD` (midnight UTC, the start of that day) or an ISO date-time with a zone
 *   (`2023-11-27T09:00:00Z`, `…+02:00`); a date-time without a zone is read as UTC.
 * - The window is half-open, [since, until): `--since 2023-11-20 --until 2023-11-27` is the seven
 *   days Monday to Sunday, and next week's run starts exactly where this one stopped.
 */
import { InputError } from "../errors.js";

export interface ReportWindow {
  since: Date;
  until: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const DAYS = /^(\d+)d$/i;

const FORMATS_HINT = "Use YYYY-MM-DD (midnight UTC) or an ISO date-time like 2023-11-27T09:00:00Z";

export function resolveWindow(
  options: { since?: string | undefined; until?: string | undefined },
  now: Date,
): ReportWindow {
  const until = options.until === undefined ? now : parseDate(options.until, "--until");
  const sinceText = options.since ?? "7d";
  const days = DAYS.exec(sinceText.trim());
  let since: Date;
  if (days) {
    const n = Number(days[1]);
    if (n < 1) {
      throw new InputError(`--since: "${sinceText}" is an empty window`, "Give at least 1d, or a date.");
    }
    since = new Date(until.getTime() - n * DAY_MS);
  } else {
    since = parseDate(sinceText, "--since", "; or Nd for N days before --until (default 7d)");
  }
  if (since.getTime() >= until.getTime()) {
    throw new InputError(
      `--since (${since.toISOString()}) is not before --until (${until.toISOString()})`,
      "The window runs from --since up to --until; swap them or widen it.",
    );
  }
  return { since, until };
}

/** A DATE flag value, or InputError naming the flag. */
export function parseDate(text: string, flag: string, extraHint = ""): Date {
  const value = text.trim();
  const dateOnly = DATE_ONLY.exec(value);
  if (dateOnly) {
    const [, y, m, d] = dateOnly;
    return checkedDate(`${y}-${m}-${d}T00:00:00Z`, Number(y), Number(m), Number(d), text, flag, extraHint);
  }
  const dateTime = DATE_TIME.exec(value);
  if (dateTime) {
    const [, y, m, d, hh, mm, ss, zone] = dateTime;
    const iso = `${y}-${m}-${d}T${hh}:${mm}:${ss ?? "00"}${normaliseZone(zone)}`;
    return checkedDate(iso, Number(y), Number(m), Number(d), text, flag, extraHint);
  }
  throw new InputError(`${flag}: "${text}" is not a date`, `${FORMATS_HINT}${extraHint}.`);
}

function normaliseZone(zone: string | undefined): string {
  if (zone === undefined || zone.toUpperCase() === "Z") return "Z";
  return zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

// `new Date("2023-02-30")` silently rolls over to March: check the calendar fields survive.
function checkedDate(
  iso: string,
  year: number,
  month: number,
  day: number,
  text: string,
  flag: string,
  extraHint: string,
): Date {
  const date = new Date(iso);
  const probe = new Date(Date.UTC(year, month - 1, day));
  const valid =
    !Number.isNaN(date.getTime()) &&
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day;
  if (!valid) throw new InputError(`${flag}: "${text}" is not a date`, `${FORMATS_HINT}${extraHint}.`);
  return date;
}
